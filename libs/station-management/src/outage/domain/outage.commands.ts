import type { Command } from '@roaming/shared-kernel';
import type { OutageTerms } from './outage.model';

/** What the catalogue says about the notice's scope, looked up by the handler. */
export interface OutageScopeFacts {
  /** The parties the caller acts for. */
  actingPartyIds: string[];
  /** For each EVSE of the scope: its operator, or null when no published site lists it. */
  evseOperators: Record<string, string | null>;
  /** For a site scope: whether the operator has that site published. */
  sitePublished: boolean;
}

/** Issue a notice, or revise it when it exists and is open (PUT semantics on the operator's notice id). */
export type PublishOutageNotice = Command<
  'PublishOutageNotice',
  { cpoPartyId: string; noticeId: string; terms: OutageTerms; facts: OutageScopeFacts; at: string }
>;
export type EndOutage = Command<'EndOutage', { cpoPartyId: string; noticeId: string; at: string }>;
export type CancelOutageNotice = Command<'CancelOutageNotice', { cpoPartyId: string; noticeId: string; at: string }>;

export type OutageCommand = PublishOutageNotice | EndOutage | CancelOutageNotice;
