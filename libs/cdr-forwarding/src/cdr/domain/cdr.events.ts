import type { DomainEvent } from '@roaming/shared-kernel';
import type { CdrRecord } from './cdr-record';
import type { CdrRejectionCode } from './cdr.errors';

/** The CDR as the CPO sent it (normalised), and when the clearing house took it in. Recorded for every outcome. */
export type CdrReceived = DomainEvent<'CdrReceived', CdrRecord & { receivedAt: string }>;

/**
 * The CDR was validated and routed to the EVSP that issued the driver's contract (GeM 984: "validates the CDR and
 * transmits it to the EVSP"). Carries the record as forwarded, so that delivery and audit need no second read.
 */
export type CdrForwarded = DomainEvent<
  'CdrForwarded',
  CdrRecord & { emspPartyId: string; agreementId: string; forwardedAt: string }
>;

/**
 * A business refusal (implausible values, unknown or suspended EVSP, no roaming agreement): an expected outcome,
 * recorded as an event so that the CPO's submission and the reason stay in the audit trail (UC 1511 failure b:
 * "wrong but consistent data" must be caught, and shown).
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
  }
>;

export type CdrEvent = CdrReceived | CdrForwarded | CdrRejected;

export const CDR_EVENT_TYPES: readonly CdrEvent['type'][] = ['CdrReceived', 'CdrForwarded', 'CdrRejected'];
