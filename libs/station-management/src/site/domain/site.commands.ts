import type { Command } from '@roaming/shared-kernel';
import type { Evse, SiteDetails } from './site.model';

interface Acting {
  /** The parties the caller acts for: every EVSE's operator must be one of them. */
  actingPartyIds: string[];
  /** EVSE ids of this command already published on another site (looked up by the handler). */
  evsesOnOtherSites: string[];
  at: string;
}

/** A full load of one site: details and the complete list of EVSEs; EVSEs it no longer lists are withdrawn. */
export type PublishSite = Command<
  'PublishSite',
  Acting & { cpoPartyId: string; siteId: string; details: SiteDetails; evses: Evse[] }
>;

/** A delta: one EVSE added or replaced on a published site. */
export type PublishEvse = Command<'PublishEvse', Acting & { cpoPartyId: string; siteId: string; evse: Evse }>;

/** A delta: one EVSE withdrawn from a site. */
export type WithdrawEvse = Command<'WithdrawEvse', { cpoPartyId: string; siteId: string; evseId: string; at: string }>;

export type WithdrawSite = Command<'WithdrawSite', { cpoPartyId: string; siteId: string; at: string }>;

export type SiteCommand = PublishSite | PublishEvse | WithdrawEvse | WithdrawSite;
