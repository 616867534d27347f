import { type Command, type Decider, DomainError } from '@roaming/shared-kernel';
import type {
  CdrAcknowledged,
  CdrDeliveryAttemptDeferred,
  CdrDelivered,
  CdrDeliveryAttemptFailed,
  CdrDeliveryEvent,
  CdrDeliveryQueued,
  CdrDeliveryStalled,
  DeliveryChannel,
} from './delivery.events';

/** Retry policy of webhook delivery; configuration, passed in with every attempt's outcome. */
export interface DeliveryPolicy {
  /** Delay before the second attempt; doubles per failure. */
  baseDelayMs: number;
  /** Upper bound of any delay (also the pace of retries once stalled). */
  maxDelayMs: number;
  /** After this many failed requests the record is UNDELIVERED (CdrDeliveryStalled); deferrals do not count. */
  maxAttempts: number;
  /** ... or once this long has passed since it was queued. */
  stallAfterMs: number;
}

export type DeliveryStatus = 'PENDING' | 'RETRYING' | 'DELIVERED' | 'UNDELIVERED';

export type CdrDeliveryState =
  | { readonly status: 'none' }
  | {
      readonly status: DeliveryStatus;
      readonly cdrId: string;
      readonly cpoPartyId: string;
      readonly emspPartyId: string;
      readonly channel: DeliveryChannel;
      readonly queuedAt: string;
      readonly attempts: number;
      readonly lastError: string | null;
      readonly nextAttemptAt: string | null;
      readonly deliveredAt: string | null;
      readonly stalledAt: string | null;
      readonly acknowledgedAt: string | null;
    };

type Known = Exclude<CdrDeliveryState, { status: 'none' }>;

export type QueueCdrDelivery = Command<
  'QueueCdrDelivery',
  { cdrId: string; cpoPartyId: string; emspPartyId: string; channel: DeliveryChannel; now: string }
>;
/**
 * What one webhook attempt gave. `jitter` in [0, 1) is drawn by the caller: the decider stays pure. `notSent`: no
 * request went out (the EVSP's circuit was open); recorded as a deferral, not as an attempt.
 */
export type RecordDeliveryAttempt = Command<
  'RecordDeliveryAttempt',
  {
    attempt: number;
    outcome: { ok: true; httpStatus: number } | { ok: false; error: string; notSent?: boolean };
    now: string;
    jitter: number;
    policy: DeliveryPolicy;
  }
>;
export type RetryCdrDelivery = Command<'RetryCdrDelivery', { now: string; requestedBy: string }>;
export type AcknowledgeCdr = Command<
  'AcknowledgeCdr',
  { emspPartyIds: readonly string[]; now: string; channel: 'rest' | 'kafka' }
>;

export type CdrDeliveryCommand = QueueCdrDelivery | RecordDeliveryAttempt | RetryCdrDelivery | AcknowledgeCdr;

/**
 * Delay before attempt n+1 after n failures: base·2^(n-1), capped, then "equal jitter" (half fixed, half random) so
 * that the retries of many records to one EVSP that came back do not arrive in one burst.
 */
export function retryDelayMs(failures: number, jitter: number, policy: DeliveryPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (exponential / 2) * Math.min(Math.max(jitter, 0), 1));
}

/**
 * The delivery of a record the intake routed to its EVSP's topic (CdrForwarded.deliveryChannel TOPIC) while it has
 * no delivery stream (its acknowledgement opens one): delivered by the forwarder when it was forwarded.
 */
export function deliveredByTopic(
  ref: { cdrId: string; cpoPartyId: string; emspPartyId: string },
  forwardedAt: string,
): CdrDeliveryState {
  return {
    status: 'DELIVERED',
    ...ref,
    channel: 'TOPIC',
    queuedAt: forwardedAt,
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    deliveredAt: forwardedAt,
    stalledAt: null,
    acknowledgedAt: null,
  };
}

/** A webhook retry asked for a record that goes to the EVSP by its topic. */
export function notByWebhook(): DomainError {
  return DomainError.illegalState(
    'CDR_DELIVERY_NOT_BY_WEBHOOK',
    'The EVSP has no webhook: it receives this CDR by its Kafka topic and by pull',
  );
}

function notFound(): DomainError {
  return DomainError.notFound('CDR_DELIVERY_NOT_FOUND', 'No delivery of this CDR is known to the caller');
}

export function decideCdrDelivery(command: CdrDeliveryCommand, state: CdrDeliveryState): CdrDeliveryEvent[] {
  if (command.type === 'QueueCdrDelivery') {
    if (state.status !== 'none') return [];
    const { now, ...ref } = command.data;
    const queued: CdrDeliveryQueued = { type: 'CdrDeliveryQueued', data: { ...ref, queuedAt: now } };
    if (ref.channel === 'WEBHOOK') return [queued];
    const { channel, ...record } = ref;
    const delivered: CdrDelivered = {
      type: 'CdrDelivered',
      data: { ...record, channel, attempt: 0, httpStatus: null, deliveredAt: now },
    };
    return [queued, delivered];
  }
  if (state.status === 'none') throw notFound();
  const ref = { cdrId: state.cdrId, cpoPartyId: state.cpoPartyId, emspPartyId: state.emspPartyId };
  switch (command.type) {
    case 'RecordDeliveryAttempt': {
      const { attempt, outcome, now, jitter, policy } = command.data;
      // A late or repeated attempt (two timers, a crash between the POST and this record) changes nothing.
      if (state.status === 'DELIVERED' || attempt !== state.attempts + 1) return [];
      if (outcome.ok) {
        const delivered: CdrDelivered = {
          type: 'CdrDelivered',
          data: { ...ref, channel: 'WEBHOOK', attempt, httpStatus: outcome.httpStatus, deliveredAt: now },
        };
        return [delivered];
      }
      if (outcome.notSent) {
        // No request: neither an attempt nor a step towards UNDELIVERED (only real requests and the age count).
        const delay = retryDelayMs(Math.max(1, state.attempts), jitter, policy);
        const deferred: CdrDeliveryAttemptDeferred = {
          type: 'CdrDeliveryAttemptDeferred',
          data: {
            ...ref,
            attempt,
            reason: outcome.error.slice(0, 500),
            deferredAt: now,
            nextAttemptAt: new Date(Date.parse(now) + delay).toISOString(),
          },
        };
        return [deferred];
      }
      const nextAttemptAt = new Date(Date.parse(now) + retryDelayMs(attempt, jitter, policy)).toISOString();
      const failed: CdrDeliveryAttemptFailed = {
        type: 'CdrDeliveryAttemptFailed',
        data: { ...ref, attempt, error: outcome.error.slice(0, 500), failedAt: now, nextAttemptAt },
      };
      const tooLong = Date.parse(now) - Date.parse(state.queuedAt) >= policy.stallAfterMs;
      if (state.status === 'UNDELIVERED' || (attempt < policy.maxAttempts && !tooLong)) return [failed];
      const stalled: CdrDeliveryStalled = {
        type: 'CdrDeliveryStalled',
        data: { ...ref, attempts: attempt, lastError: failed.data.error, stalledAt: now },
      };
      return [failed, stalled];
    }
    case 'RetryCdrDelivery': {
      if (state.channel === 'TOPIC') throw notByWebhook();
      if (state.status === 'DELIVERED') {
        throw DomainError.illegalState('CDR_ALREADY_DELIVERED', 'The CDR was already delivered to the EVSP');
      }
      return [
        {
          type: 'CdrDeliveryRetryRequested',
          data: { ...ref, requestedAt: command.data.now, requestedBy: command.data.requestedBy },
        },
      ];
    }
    case 'AcknowledgeCdr': {
      if (!command.data.emspPartyIds.includes(state.emspPartyId)) throw notFound();
      if (state.acknowledgedAt !== null) return [];
      const acknowledged: CdrAcknowledged = {
        type: 'CdrAcknowledged',
        data: { ...ref, acknowledgedAt: command.data.now, channel: command.data.channel },
      };
      return [acknowledged];
    }
  }
}

export function evolveCdrDelivery(state: CdrDeliveryState, event: CdrDeliveryEvent): CdrDeliveryState {
  if (event.type === 'CdrDeliveryQueued') {
    const { cdrId, cpoPartyId, emspPartyId, channel, queuedAt } = event.data;
    return {
      status: 'PENDING',
      cdrId,
      cpoPartyId,
      emspPartyId,
      channel,
      queuedAt,
      attempts: 0,
      lastError: null,
      nextAttemptAt: channel === 'WEBHOOK' ? queuedAt : null,
      deliveredAt: null,
      stalledAt: null,
      acknowledgedAt: null,
    };
  }
  if (state.status === 'none') return state;
  const known: Known = state;
  switch (event.type) {
    case 'CdrDelivered':
      return {
        ...known,
        status: 'DELIVERED',
        attempts: Math.max(known.attempts, event.data.attempt),
        nextAttemptAt: null,
        deliveredAt: event.data.deliveredAt,
      };
    case 'CdrDeliveryAttemptFailed':
      return {
        ...known,
        status: known.status === 'UNDELIVERED' ? 'UNDELIVERED' : 'RETRYING',
        attempts: event.data.attempt,
        lastError: event.data.error,
        nextAttemptAt: event.data.nextAttemptAt,
      };
    case 'CdrDeliveryAttemptDeferred':
      return { ...known, nextAttemptAt: event.data.nextAttemptAt };
    case 'CdrDeliveryStalled':
      return { ...known, status: 'UNDELIVERED', stalledAt: event.data.stalledAt };
    case 'CdrDeliveryRetryRequested':
      return { ...known, nextAttemptAt: event.data.requestedAt };
    case 'CdrAcknowledged':
      // An acknowledgement proves receipt (by pull or topic): webhook retries end.
      return known.status === 'DELIVERED'
        ? { ...known, acknowledgedAt: event.data.acknowledgedAt }
        : {
            ...known,
            status: 'DELIVERED',
            nextAttemptAt: null,
            deliveredAt: event.data.acknowledgedAt,
            acknowledgedAt: event.data.acknowledgedAt,
          };
    default:
      return known;
  }
}

export const cdrDeliveryDecider: Decider<CdrDeliveryState, CdrDeliveryCommand, CdrDeliveryEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: decideCdrDelivery,
  evolve: evolveCdrDelivery,
};
