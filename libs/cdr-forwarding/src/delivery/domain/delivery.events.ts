import type { DomainEvent } from '@roaming/shared-kernel';

/** WEBHOOK: the hub pushes the record to the EVSP's webhookUrl; TOPIC: the EVSP has none (Kafka topic and pull). */
export type DeliveryChannel = 'WEBHOOK' | 'TOPIC';

interface RecordRef {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
}

/** A forwarded record entered the EVSP's delivery queue (GeM 984: "transmits it to the EVSP"). */
export type CdrDeliveryQueued = DomainEvent<
  'CdrDeliveryQueued',
  RecordRef & { channel: DeliveryChannel; queuedAt: string }
>;

/**
 * The record reached the EVSP: its webhook answered 2xx to `attempt` (channel WEBHOOK), or, for an EVSP without a
 * webhook, the record went to its outbound topic through the forwarder (channel TOPIC, attempt 0).
 */
export type CdrDelivered = DomainEvent<
  'CdrDelivered',
  RecordRef & { channel: DeliveryChannel; attempt: number; httpStatus: number | null; deliveredAt: string }
>;

/** One webhook attempt failed (no answer, timeout, non-2xx); the next one is due at `nextAttemptAt`. */
export type CdrDeliveryAttemptFailed = DomainEvent<
  'CdrDeliveryAttemptFailed',
  RecordRef & { attempt: number; error: string; failedAt: string; nextAttemptAt: string }
>;

/**
 * An attempt was due but no request went out: the EVSP's webhook had just failed for another record (an open
 * circuit). Not an attempt: `attempts` does not move and it never makes the record UNDELIVERED (review finding 12b);
 * `attempt` is the number the next real request will carry. The next try is due at `nextAttemptAt`.
 */
export type CdrDeliveryAttemptDeferred = DomainEvent<
  'CdrDeliveryAttemptDeferred',
  RecordRef & { attempt: number; reason: string; deferredAt: string; nextAttemptAt: string }
>;

/**
 * The alert: the record is UNDELIVERED after `attempts` failures or too long since it was queued. Retries go on at
 * the longest delay, sooner when the EVSP's webhook answers again, or at once when the operator asks.
 */
export type CdrDeliveryStalled = DomainEvent<
  'CdrDeliveryStalled',
  RecordRef & { attempts: number; lastError: string | null; stalledAt: string }
>;

/** The operator asked for a new attempt now. */
export type CdrDeliveryRetryRequested = DomainEvent<
  'CdrDeliveryRetryRequested',
  RecordRef & { requestedAt: string; requestedBy: string }
>;

/** The EVSP acknowledged the record (REST or Kafka): it holds it, whichever channel brought it. */
export type CdrAcknowledged = DomainEvent<
  'CdrAcknowledged',
  RecordRef & { acknowledgedAt: string; channel: 'rest' | 'kafka' }
>;

export type CdrDeliveryEvent =
  | CdrDeliveryQueued
  | CdrDelivered
  | CdrDeliveryAttemptFailed
  | CdrDeliveryAttemptDeferred
  | CdrDeliveryStalled
  | CdrDeliveryRetryRequested
  | CdrAcknowledged;

export const CDR_DELIVERY_EVENT_TYPES: readonly CdrDeliveryEvent['type'][] = [
  'CdrDeliveryQueued',
  'CdrDelivered',
  'CdrDeliveryAttemptFailed',
  'CdrDeliveryAttemptDeferred',
  'CdrDeliveryStalled',
  'CdrDeliveryRetryRequested',
  'CdrAcknowledged',
];
