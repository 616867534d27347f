import type { DomainEvent } from '@roaming/shared-kernel';
import type { CdrAuthorizationMode, CdrPriceCheck } from './cdr.commands';
import type { CdrRecord, CdrViolation } from './cdr-record';
import type { CdrRejectionCode } from './cdr.errors';

/**
 * The CDR as the CPO sent it (normalised), and when the clearing house took it in. Recorded for every submission
 * that is refused, and for every submission before this event's receipt moved into CdrForwarded (see there): a record
 * accepted at first sight now has no CdrReceived.
 */
export type CdrReceived = DomainEvent<'CdrReceived', CdrRecord & { receivedAt: string }>;

/**
 * How the record reaches its EVSP: WEBHOOK when the EVSP has a webhookUrl (the hub pushes it and retries), else TOPIC
 * (its outbound Kafka topic, written by the forwarder, and pull).
 */
export type CdrDeliveryChannel = 'WEBHOOK' | 'TOPIC';

/**
 * The CDR was validated and routed to the EVSP that issued the driver's contract (GeM 984: "validates the CDR and
 * transmits it to the EVSP"). Carries the record as forwarded, so that delivery and audit need no second read.
 * Added later, absent on older events:
 * - `authorizationMode` (AUTHORIZED) and `timeZone` (the record's own);
 * - `deliveryChannel`, chosen at intake (before: by the delivery process manager when it queued the record);
 * - `receipt`: present when the record was accepted at first sight. The event is then also the record's receipt and
 *   no CdrReceived precedes it (one event per record instead of two that both carry it: issue 5 speed); absent, a
 *   CdrReceived earlier in the stream is the receipt.
 */
export type CdrForwarded = DomainEvent<
  'CdrForwarded',
  CdrRecord & {
    emspPartyId: string;
    agreementId: string;
    forwardedAt: string;
    authorizationMode?: CdrAuthorizationMode;
    /** Added later (absent: not checked, on events before the price check existed). */
    priceCheck?: CdrPriceCheck;
    deliveryChannel?: CdrDeliveryChannel;
    receipt?: CdrReceipt;
  }
>;

/**
 * When the record came in, and the time zone the CPO itself stated (null: none; the forwarded `timeZone` is then the
 * EVSE site's), so that the record as sent can be told from the record as forwarded.
 */
export interface CdrReceipt {
  receivedAt: string;
  timeZone: string | null;
}

/** The record as the CPO sent it, from a CdrForwarded that is also its receipt (see CdrForwarded.receipt). */
export function sentRecordOf(data: CdrForwarded['data'], receipt: CdrReceipt): CdrRecord {
  // Everything CdrForwarded adds to the record is taken off; the rest is the record as received.
  const {
    emspPartyId: _emsp,
    agreementId: _agreement,
    forwardedAt: _forwardedAt,
    authorizationMode: _mode,
    priceCheck: _priceCheck,
    deliveryChannel: _channel,
    receipt: _receipt,
    timeZone: _timeZone,
    ...record
  } = data;
  return receipt.timeZone === null ? record : { ...record, timeZone: receipt.timeZone };
}

/**
 * The CPO's total differs from the hub's price for the agreed tariff beyond the tolerance (IEC 63119 6.4.2): the
 * record is forwarded (a price question is the EVSP's to dispute, not the hub's to refuse) and flagged with both
 * prices and the hub's breakdown.
 */
export type CdrPriceDeviation = DomainEvent<
  'CdrPriceDeviation',
  {
    cdrId: string;
    cpoPartyId: string;
    emspPartyId: string;
    check: Exclude<CdrPriceCheck, { status: 'NOT_CHECKED' }>;
    detectedAt: string;
  }
>;

/**
 * A business refusal (implausible values, unknown EVSE, unknown or suspended EVSP, no roaming agreement, a second
 * record for a session, a bad credit): an expected outcome, recorded as an event so that the CPO's submission and
 * EVERY failed rule stay in the audit trail (UC 1511 failure b). `code`/`reason` repeat the first violation for
 * readers of the first version; `violations` was added later (absent on older events: [{ code, reason }]).
 */
export type CdrRejected = DomainEvent<
  'CdrRejected',
  {
    cdrId: string;
    cpoPartyId: string;
    /** The home EVSP derived from the eMA id, whether or not it is a partner. */
    emspPartyId: string;
    code: CdrRejectionCode;
    reason: string;
    rejectedAt: string;
    violations?: CdrViolation[];
  }
>;

export type CdrEvent = CdrReceived | CdrForwarded | CdrRejected | CdrPriceDeviation;

export const CDR_EVENT_TYPES: readonly CdrEvent['type'][] = [
  'CdrReceived',
  'CdrForwarded',
  'CdrRejected',
  'CdrPriceDeviation',
];

/** The violations of a rejection, also for events recorded before the list existed. */
export function violationsOf(data: CdrRejected['data']): CdrViolation[] {
  return data.violations ?? [{ code: data.code, field: 'record', reason: data.reason }];
}
