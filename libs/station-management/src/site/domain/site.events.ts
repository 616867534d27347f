import type { DomainEvent } from '@roaming/shared-kernel';
import type { EvseRecord, SiteDetails } from './site.model';

/**
 * The site as it stands after a change: details and every EVSE ever published on it (withdrawn ones marked), plus
 * what this change touched. A whole-site event keeps readers simple (each one is a full OCPI-style location) and
 * sites are small; the change lists keep the history readable.
 */
export type SitePublished = DomainEvent<
  'SitePublished',
  {
    cpoPartyId: string;
    siteId: string;
    details: SiteDetails;
    evses: EvseRecord[];
    detailsChanged: boolean;
    changedEvseIds: string[];
    withdrawnEvseIds: string[];
    publishedAt: string;
  }
>;

/**
 * The operator withdrew the whole site: no longer offered, kept for the record (eMI3 UCE MD "withdraw"). Carries the
 * site as it was, so that every reader of this one event knows what was withdrawn.
 */
export type SiteWithdrawn = DomainEvent<
  'SiteWithdrawn',
  { cpoPartyId: string; siteId: string; details: SiteDetails; evses: EvseRecord[]; withdrawnAt: string }
>;

export type SiteEvent = SitePublished | SiteWithdrawn;
