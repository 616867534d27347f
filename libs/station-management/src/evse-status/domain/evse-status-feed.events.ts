import type { DomainEvent } from '@roaming/shared-kernel';
import type { EvseStatus } from './evse-status';

/** One report the hub accepted: an EVSE's status as its operator observed it (eMI3 UCE U: id, status, time). */
export interface AcceptedStatusReport {
  evseId: string;
  status: EvseStatus;
  observedAt: string;
  /** The partner's message (Kafka) the report came in, for the audit trail; null over REST. */
  messageId: string | null;
}

/**
 * The reports an operator's feed accepted together: one REST call, or the operator's share of one Kafka batch. One
 * event per batch (not per report) keeps the store's per-event cost off the high-rate path; every report stays in it.
 */
export type EvseStatusesReported = DomainEvent<
  'EvseStatusesReported',
  { receivedAt: string; reports: AcceptedStatusReport[] }
>;

/** The first shape: one report per event. Still read, so that a feed written before batching projects the same. */
export type EvseStatusReported = DomainEvent<
  'EvseStatusReported',
  { evseId: string; status: EvseStatus; observedAt: string; receivedAt: string }
>;

export type EvseStatusFeedEvent = EvseStatusesReported | EvseStatusReported;
