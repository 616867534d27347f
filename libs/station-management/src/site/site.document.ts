import type { SiteV1 } from '@roaming/contracts';
import type { SiteEvent } from './domain';

/** The published document (SiteV1) of a site as one of its events leaves it: read models and messages share it. */
export function siteDocument(event: SiteEvent, updatedAt: string): SiteV1 {
  const { cpoPartyId, siteId, details, evses } = event.data;
  return {
    cpoPartyId,
    siteId,
    status: event.type === 'SiteWithdrawn' ? 'WITHDRAWN' : 'PUBLISHED',
    ...details,
    evses: evses.map((e) => ({
      evseId: e.evseId,
      status: event.type === 'SiteWithdrawn' ? 'WITHDRAWN' : e.status,
      connectors: e.connectors,
      maxPowerW: e.maxPowerW,
      reservationAllowed: e.reservationAllowed,
      tariffIds: e.tariffIds,
      physicalReference: e.physicalReference,
    })),
    updatedAt,
  };
}
