import { deciderSpec } from '@roaming/testing';
import { cdrDeliveryDecider, type CdrDeliveryCommand, type DeliveryPolicy, retryDelayMs } from './delivery.decider';
import type { CdrDeliveryEvent } from './delivery.events';

const REF = { cdrId: 'CDR-1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };
const T0 = '2026-03-01T12:00:00.000Z';
const POLICY: DeliveryPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 3, stallAfterMs: 3_600_000 };
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

const queued: CdrDeliveryEvent = { type: 'CdrDeliveryQueued', data: { ...REF, channel: 'WEBHOOK', queuedAt: T0 } };
const failed = (attempt: number, failedAt: string, nextAttemptAt: string): CdrDeliveryEvent => ({
  type: 'CdrDeliveryAttemptFailed',
  data: { ...REF, attempt, error: 'HTTP 503', failedAt, nextAttemptAt },
});
const attempt = (n: number, ok: boolean, now: string, jitter = 1): CdrDeliveryCommand => ({
  type: 'RecordDeliveryAttempt',
  data: {
    attempt: n,
    outcome: ok ? { ok: true, httpStatus: 200 } : { ok: false, error: 'HTTP 503' },
    now,
    jitter,
    policy: POLICY,
  },
});

describe('CDR delivery decider — webhook push with retries, GeM 984 (IEC 63119-2 UC3-9)', () => {
  it('queues a record for an EVSP with a webhook as PENDING, due at once; a repeat changes nothing', () => {
    const queue: CdrDeliveryCommand = { type: 'QueueCdrDelivery', data: { ...REF, channel: 'WEBHOOK', now: T0 } };
    const state = deciderSpec(cdrDeliveryDecider).when(queue).then([queued]);
    expect(state).toMatchObject({ status: 'PENDING', attempts: 0, nextAttemptAt: T0 });
    deciderSpec(cdrDeliveryDecider).given([queued]).when(queue).thenNothing();
  });

  it('counts a record for an EVSP without a webhook as delivered by its topic', () => {
    const queue: CdrDeliveryCommand = { type: 'QueueCdrDelivery', data: { ...REF, channel: 'TOPIC', now: T0 } };
    const state = deciderSpec(cdrDeliveryDecider)
      .when(queue)
      .then([
        { type: 'CdrDeliveryQueued', data: { ...REF, channel: 'TOPIC', queuedAt: T0 } },
        { type: 'CdrDelivered', data: { ...REF, channel: 'TOPIC', attempt: 0, httpStatus: null, deliveredAt: T0 } },
      ]);
    expect(state).toMatchObject({ status: 'DELIVERED' });
  });

  it('PENDING → DELIVERED on a 2xx', () => {
    const state = deciderSpec(cdrDeliveryDecider)
      .given([queued])
      .when(attempt(1, true, at(100)))
      .then([
        {
          type: 'CdrDelivered',
          data: { ...REF, channel: 'WEBHOOK', attempt: 1, httpStatus: 200, deliveredAt: at(100) },
        },
      ]);
    expect(state).toMatchObject({ status: 'DELIVERED', attempts: 1 });
  });

  it('PENDING → RETRYING on a failure, the next attempt after an exponential, jittered delay', () => {
    const state = deciderSpec(cdrDeliveryDecider)
      .given([queued])
      .when(attempt(1, false, at(0), 1))
      .then([failed(1, at(0), at(1_000))]);
    expect(state).toMatchObject({ status: 'RETRYING', attempts: 1, nextAttemptAt: at(1_000) });
    deciderSpec(cdrDeliveryDecider)
      .given([queued, failed(1, at(0), at(1_000))])
      .when(attempt(2, false, at(1_000), 0))
      .then([failed(2, at(1_000), at(2_000))]);
  });

  it('bounds the delay, and jitter spreads it over its upper half', () => {
    expect(retryDelayMs(1, 0, POLICY)).toBe(500);
    expect(retryDelayMs(1, 1, POLICY)).toBe(1_000);
    expect(retryDelayMs(4, 1, POLICY)).toBe(8_000);
    expect(retryDelayMs(30, 1, POLICY)).toBe(60_000);
    expect(retryDelayMs(30, 0, POLICY)).toBe(30_000);
  });

  it('RETRYING → UNDELIVERED after maxAttempts failures: CdrDeliveryStalled is the alert', () => {
    const history = [queued, failed(1, at(0), at(1_000)), failed(2, at(1_000), at(3_000))];
    const state = deciderSpec(cdrDeliveryDecider)
      .given(history)
      .when(attempt(3, false, at(3_000)))
      .then([
        failed(3, at(3_000), at(7_000)),
        { type: 'CdrDeliveryStalled', data: { ...REF, attempts: 3, lastError: 'HTTP 503', stalledAt: at(3_000) } },
      ]);
    expect(state).toMatchObject({ status: 'UNDELIVERED', nextAttemptAt: at(7_000) });
  });

  it('stalls by age too, and alerts only once; a later 2xx still delivers (recovery)', () => {
    const late = at(POLICY.stallAfterMs);
    const stalled: CdrDeliveryEvent = {
      type: 'CdrDeliveryStalled',
      data: { ...REF, attempts: 1, lastError: 'HTTP 503', stalledAt: late },
    };
    deciderSpec(cdrDeliveryDecider)
      .given([queued])
      .when(attempt(1, false, late))
      .then([failed(1, late, at(POLICY.stallAfterMs + 1_000)), stalled]);
    const history = [queued, failed(1, late, at(POLICY.stallAfterMs + 1_000)), stalled];
    deciderSpec(cdrDeliveryDecider)
      .given(history)
      .when(attempt(2, false, at(POLICY.stallAfterMs + 1_000)))
      .then([failed(2, at(POLICY.stallAfterMs + 1_000), at(POLICY.stallAfterMs + 3_000))]);
    const state = deciderSpec(cdrDeliveryDecider)
      .given(history)
      .when(attempt(2, true, at(POLICY.stallAfterMs + 1_000)))
      .then([
        {
          type: 'CdrDelivered',
          data: {
            ...REF,
            channel: 'WEBHOOK',
            attempt: 2,
            httpStatus: 200,
            deliveredAt: at(POLICY.stallAfterMs + 1_000),
          },
        },
      ]);
    expect(state).toMatchObject({ status: 'DELIVERED', stalledAt: late });
  });

  it('ignores a stale or repeated attempt outcome (two timers, a crash after the POST)', () => {
    deciderSpec(cdrDeliveryDecider)
      .given([queued, failed(1, at(0), at(1_000))])
      .when(attempt(1, true, at(5)))
      .thenNothing();
    const delivered: CdrDeliveryEvent = {
      type: 'CdrDelivered',
      data: { ...REF, channel: 'WEBHOOK', attempt: 1, httpStatus: 200, deliveredAt: at(5) },
    };
    deciderSpec(cdrDeliveryDecider)
      .given([queued, delivered])
      .when(attempt(2, false, at(6)))
      .thenNothing();
  });

  it('lets the operator retry an undelivered record now, never a delivered one or a topic-only one', () => {
    const retry: CdrDeliveryCommand = { type: 'RetryCdrDelivery', data: { now: at(10), requestedBy: 'operator' } };
    const state = deciderSpec(cdrDeliveryDecider)
      .given([queued, failed(1, at(0), at(1_000))])
      .when(retry)
      .then([{ type: 'CdrDeliveryRetryRequested', data: { ...REF, requestedAt: at(10), requestedBy: 'operator' } }]);
    expect(state).toMatchObject({ nextAttemptAt: at(10) });
    const delivered: CdrDeliveryEvent = {
      type: 'CdrDelivered',
      data: { ...REF, channel: 'WEBHOOK', attempt: 1, httpStatus: 200, deliveredAt: at(5) },
    };
    deciderSpec(cdrDeliveryDecider).given([queued, delivered]).when(retry).thenThrows('CDR_ALREADY_DELIVERED');
    const topic: CdrDeliveryEvent = { type: 'CdrDeliveryQueued', data: { ...REF, channel: 'TOPIC', queuedAt: T0 } };
    deciderSpec(cdrDeliveryDecider).given([topic]).when(retry).thenThrows('CDR_DELIVERY_NOT_BY_WEBHOOK');
    deciderSpec(cdrDeliveryDecider).when(retry).thenThrows('CDR_DELIVERY_NOT_FOUND', 'notFound');
  });

  it('records the EVSP acknowledgement once, only from the EVSP the record was forwarded to; it ends retries', () => {
    const ack = (parties: string[]): CdrDeliveryCommand => ({
      type: 'AcknowledgeCdr',
      data: { emspPartyIds: parties, now: at(50), channel: 'rest' },
    });
    const acknowledged: CdrDeliveryEvent = {
      type: 'CdrAcknowledged',
      data: { ...REF, acknowledgedAt: at(50), channel: 'rest' },
    };
    const state = deciderSpec(cdrDeliveryDecider)
      .given([queued, failed(1, at(0), at(1_000))])
      .when(ack(['DE8AA']))
      .then([acknowledged]);
    expect(state).toMatchObject({ status: 'DELIVERED', acknowledgedAt: at(50), nextAttemptAt: null });
    deciderSpec(cdrDeliveryDecider)
      .given([queued, acknowledged])
      .when(ack(['DE8AA']))
      .thenNothing();
    deciderSpec(cdrDeliveryDecider)
      .given([queued])
      .when(ack(['DEXYZ']))
      .thenThrows('CDR_DELIVERY_NOT_FOUND');
  });
  it('a due attempt that sent no request (open circuit) is a deferral: it never counts towards maxAttempts or stalls (review finding 12b)', () => {
    const notSent = (n: number, now: string): CdrDeliveryCommand => ({
      type: 'RecordDeliveryAttempt',
      data: {
        attempt: n,
        outcome: { ok: false, error: "not sent: the EVSP's webhook failed just before (HTTP 503)", notSent: true },
        now,
        jitter: 1,
        policy: POLICY,
      },
    });
    const deferred = (n: number, now: string, next: string): CdrDeliveryEvent => ({
      type: 'CdrDeliveryAttemptDeferred',
      data: {
        ...REF,
        attempt: n,
        reason: "not sent: the EVSP's webhook failed just before (HTTP 503)",
        deferredAt: now,
        nextAttemptAt: next,
      },
    });
    const history = [queued, failed(1, at(0), at(1_000)), failed(2, at(1_000), at(3_000))];
    // Any number of deferrals, even past the stall age: attempts stay 2, no alert.
    const state = deciderSpec(cdrDeliveryDecider)
      .given(history)
      .when(notSent(3, at(3_000)))
      .then([deferred(3, at(3_000), at(5_000))]);
    expect(state).toMatchObject({ status: 'RETRYING', attempts: 2, nextAttemptAt: at(5_000) });
    const manyDeferrals = [
      ...history,
      deferred(3, at(3_000), at(5_000)),
      deferred(3, at(5_000), at(7_000)),
      deferred(3, at(7_000), at(9_000)),
    ];
    deciderSpec(cdrDeliveryDecider)
      .given(manyDeferrals)
      .when(notSent(3, at(3_600_000)))
      .then([deferred(3, at(3_600_000), at(3_602_000))]);
    // The third real request is attempt 3, and it is the one that stalls the record (maxAttempts = 3).
    const stalledState = deciderSpec(cdrDeliveryDecider)
      .given(manyDeferrals)
      .when(attempt(3, false, at(10_000)))
      .then([
        failed(3, at(10_000), at(14_000)),
        { type: 'CdrDeliveryStalled', data: { ...REF, attempts: 3, lastError: 'HTTP 503', stalledAt: at(10_000) } },
      ]);
    expect(stalledState).toMatchObject({ status: 'UNDELIVERED', attempts: 3 });
    // A deferral of a first attempt keeps the record PENDING with no attempt.
    const pending = deciderSpec(cdrDeliveryDecider)
      .given([queued])
      .when(notSent(1, at(10)))
      .then([deferred(1, at(10), at(1_010))]);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 0 });
  });
});
