import type { IntegrationMessage } from './integration-message';

/**
 * A charge (CDR) or service (SDR) detail record as the clearing house forwards it: money as decimal strings, energy in
 * Wh, times as ISO-8601 instants. The fields marked "added within v1" are absent on records published before they
 * existed; a reader takes the default named on each.
 */
export interface CdrV1 {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
  evseId: string;
  emaid: string;
  tokenUid: string;
  authorizationId: string | null;
  startedAt: string;
  endedAt: string;
  energyWh: number;
  /** What the CPO charges, including VAT. */
  totalCost: { amount: string; currency: string };
  /** Added within v1 (absent = 'CDR'): an SDR also carries services other than charging (IEC 63119 / IEC 63110 S6). */
  recordType?: 'CDR' | 'SDR';
  /** Added within v1 (absent = null): the charging session (authorization context) the record closes. */
  sessionId?: string | null;
  /**
   * Added within v1 (absent = 'AUTHORIZED'): how the session was authorized. OFFLINE = from the CPO's whitelist while
   * the hub was unreachable; UNAUTHORIZED = no authorization known to the hub (Green eMotion 1512 lets it be billed).
   */
  authorizationMode?: 'AUTHORIZED' | 'OFFLINE' | 'UNAUTHORIZED';
  /** Added within v1 (absent = 'UTC'): the EVSE's IANA time zone, in which tariff times of day are read. */
  timeZone?: string;
  /** Added within v1: seconds energy flowed / the car stood connected without charging (absent = unknown). */
  chargingDurationSeconds?: number;
  parkingDurationSeconds?: number;
  /** Added within v1: reactive energy, varh, where the meter gives it. */
  reactiveEnergyVarh?: number | null;
  /** Added within v1: the session's periods in the rating model (libs/rating ChargingPeriodJson); absent = totals only. */
  chargingPeriods?: CdrChargingPeriodV1[];
  /** Added within v1: meter readings, and signed meter data (OCMF or other) kept verbatim as the CPO sent it. */
  meterValues?: { timestamp: string; energyWh: number }[];
  signedMeterData?: { format: string; value: string } | null;
  /** Added within v1 (absent = null): the CPO's tariff id the CPO says it applied. */
  tariffId?: string | null;
  /** Added within v1: the CPO's total split into net and VAT (totalCost = exclVat + vat). */
  costBreakdown?: { exclVat: string; vat: string } | null;
  /** Added within v1 (SDR): services other than charging, each priced by the CPO (net, VAT). */
  services?: CdrServiceV1[];
  /**
   * Added within v1 (absent = null): this is a credit record cancelling (all of) the record `creditOf` (the CPO's
   * cdrId of the same CPO); its amounts are the negated amounts of that record.
   */
  creditOf?: string | null;
  /** Added within v1 (absent = null): this record replaces `revisionOf` after a dispute (the old one is credited). */
  revisionOf?: string | null;
  /** Added within v1: when the clearing house took the record in. */
  receivedAt?: string;
  /** Added within v1 (absent = not checked): the hub's price check of the record (IEC 63119 6.4.2). */
  priceCheck?: CdrPriceCheckV1;
}

/**
 * The hub re-rated the record with the agreed tariff (libs/rating): MATCHED within the tolerance, DEVIATION beyond it
 * (the record is forwarded and flagged), NOT_CHECKED when no single tariff applies or the record cannot be rated.
 */
export type CdrPriceCheckV1 =
  | {
      status: 'MATCHED' | 'DEVIATION';
      tariffId: string;
      tariffVersion: number;
      basis: 'NEGOTIATED' | 'PUBLIC';
      hubTotal: { amount: string; currency: string };
      cpoTotal: { amount: string; currency: string };
      /** cpoTotal − hubTotal. */
      difference: string;
      tolerance: string;
      breakdown: {
        chargingExclVat: string;
        chargingVat: string;
        servicesInclVat: string;
        lines: { type: string; quantity: string; amountInclVat: string }[];
      };
    }
  | { status: 'NOT_CHECKED'; reason: string };

export interface CdrChargingPeriodV1 {
  startedAt: string;
  endedAt: string;
  state: 'CHARGING' | 'PARKING';
  /** Decimal string, Wh. */
  energyWh: string;
  powerKw?: string;
}

/** A non-charging service on an SDR (parking fee, reservation fee, …), priced by the CPO. */
export interface CdrServiceV1 {
  type: 'PARKING' | 'RESERVATION' | 'IDLE_FEE' | 'OTHER';
  description: string | null;
  startedAt: string | null;
  endedAt: string | null;
  amountExclVat: string;
  vat: string;
}

/** What cdr-forwarding publishes on `cdr-forwarding.events.v1` (and, per EVSP, on its outbound topic). */
export type CdrForwardedV1 = IntegrationMessage<'CdrForwarded', CdrV1>;
export type CdrRejectedV1 = IntegrationMessage<
  'CdrRejected',
  {
    cdrId: string;
    cpoPartyId: string;
    /** The first violated rule (as before the list existed). */
    code: string;
    reason: string;
    /** Added within v1 (absent = [{ code, reason }]): every rule the record broke. */
    violations?: CdrViolationV1[];
  }
>;

/** One broken rule of a record: a stable code, the field (dotted path) and why. */
export interface CdrViolationV1 {
  code: string;
  field: string;
  reason: string;
}

/** Added within v1: the CPO's price differs from the hub's beyond the tolerance (to settlement and the EVSP). */
export type CdrPriceDeviationV1 = IntegrationMessage<
  'CdrPriceDeviation',
  {
    cdrId: string;
    cpoPartyId: string;
    emspPartyId: string;
    check: Exclude<CdrPriceCheckV1, { status: 'NOT_CHECKED' }>;
  }
>;

export type CdrForwardingMessageV1 = CdrForwardedV1 | CdrRejectedV1 | CdrPriceDeviationV1;

/**
 * The body a CPO produces on `b2b.cdrs.inbound.v1`: the same fields it would POST to /v1/cdrs. Key = its party id;
 * signed with a `cpo` key (x-api-key-id, x-signature: see partner-messages.ts).
 */
export interface InboundCdrV1 {
  cdrId: string;
  evseId: string;
  emaid: string;
  tokenUid: string;
  authorizationId?: string;
  startedAt: string;
  endedAt: string;
  energyWh: number;
  totalCost: { amount: string; currency: string };
  /** Added within v1: the optional CdrV1 fields a CPO may send (same meaning and defaults as there). */
  recordType?: 'CDR' | 'SDR';
  sessionId?: string;
  timeZone?: string;
  chargingDurationSeconds?: number;
  parkingDurationSeconds?: number;
  reactiveEnergyVarh?: number;
  chargingPeriods?: CdrChargingPeriodV1[];
  meterValues?: { timestamp: string; energyWh: number }[];
  signedMeterData?: { format: string; value: string };
  tariffId?: string;
  costBreakdown?: { exclVat: string; vat: string };
  services?: CdrServiceV1[];
  creditOf?: string;
  revisionOf?: string;
}

/** Answer of POST /v1/cdrs/batch: one result per record, in the order sent. */
export interface CdrBatchReceiptV1 {
  results: {
    index: number;
    cdrId: string | null;
    status: 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';
    emspPartyId?: string;
    violations?: CdrViolationV1[];
  }[];
}

/** Stable codes of a CDR the clearing house refused (CdrRejected.code; the `code` of the 422 problem on REST). */
export type CdrRejectionCodeV1 =
  | 'CDR_END_BEFORE_START'
  | 'CDR_IMPLAUSIBLE_ENERGY'
  | 'CDR_NEGATIVE_COST'
  | 'CDR_UNKNOWN_PROVIDER'
  | 'CDR_PROVIDER_SUSPENDED'
  | 'CDR_NO_AGREEMENT'
  // Added within v1 with the full rule set:
  | 'CDR_UNKNOWN_EVSE'
  | 'CDR_EVSE_NOT_OWNED'
  | 'CDR_DURATION_INCONSISTENT'
  | 'CDR_VAT_SPLIT_MISMATCH'
  | 'CDR_SERVICE_INVALID'
  | 'CDR_DUPLICATE_SESSION'
  | 'CDR_CREDIT_TARGET_UNKNOWN'
  | 'CDR_ALREADY_CREDITED'
  | 'CDR_CREDIT_AMOUNT_MISMATCH'
  | 'CDR_REVISION_TARGET_UNKNOWN'
  | 'CDR_ALREADY_REVISED'
  | 'CDR_REVISION_NOT_ALLOWED'
  // Added within v1 (review findings 2–6): charging periods, corrections of another contract, zero-length and
  // future-dated sessions.
  | 'CDR_PERIODS_INCONSISTENT'
  | 'CDR_CORRECTION_MISMATCH'
  | 'CDR_ZERO_LENGTH_SESSION'
  | 'CDR_IN_FUTURE';

/** Answer of POST /v1/cdrs: 201 when this call forwarded the CDR, 200 with the same body for an identical re-send. */
export interface CdrReceiptV1 {
  cdrId: string;
  status: 'FORWARDED';
  emspPartyId: string;
}

/** Answer of GET /v1/cdrs: the caller's forwarded CDRs in arrival order; pass nextCursor back to get only newer ones. */
export interface CdrPageV1 {
  items: CdrV1[];
  nextCursor: string | null;
}

/** Answer of GET /v1/cdrs/:cdrId: the CDR and what the clearing house did with it. */
export interface CdrDetailsV1 extends CdrV1 {
  status: 'FORWARDED' | 'REJECTED';
  receivedAt: string;
  forwardedAt: string | null;
  rejection: {
    code: CdrRejectionCodeV1;
    reason: string;
    rejectedAt: string;
    /** Added within v1: every violated rule. */
    violations?: CdrViolationV1[];
  } | null;
  /** Added within v1 (absent = not yet queued): the delivery to the EVSP and its acknowledgement. */
  delivery?: {
    channel: 'WEBHOOK' | 'TOPIC';
    state: CdrDeliveryStateV1;
    attempts: number;
    deliveredAt: string | null;
    acknowledgedAt: string | null;
  } | null;
  /** Added within v1 (absent = not yet open): the record's reconciliation between the parties. */
  reconciliation?: {
    state: CdrReconciliationStateV1;
    reasonCode: CdrDisputeReasonV1 | null;
    reason: string | null;
    revisionCdrId: string | null;
  } | null;
}

/** Delivery of a forwarded record to the EVSP's webhook (GeM 984): where it stands. */
export type CdrDeliveryStateV1 = 'PENDING' | 'RETRYING' | 'DELIVERED' | 'UNDELIVERED';

/**
 * The alert of an undelivered record: the EVSP's webhook failed `attempts` times or for longer than the hub's limit.
 * Published on `cdr-forwarding.events.v1` and on the EVSP's outbound topic; the hub keeps retrying at its longest
 * delay, and at once when the EVSP's webhook answers again or the operator asks.
 */
export type CdrDeliveryStalledV1 = IntegrationMessage<
  'CdrDeliveryStalled',
  { cdrId: string; cpoPartyId: string; emspPartyId: string; attempts: number; lastError: string | null }
>;

/** The EVSP confirmed it holds the record (REST, Kafka, or a 2xx of its webhook does not count as this). */
export type CdrAcknowledgedV1 = IntegrationMessage<
  'CdrAcknowledged',
  { cdrId: string; cpoPartyId: string; emspPartyId: string; acknowledgedAt: string }
>;

/** Reconciliation of one record (IEC 63119-2 6.4.2), in OCHP's states. OPEN = nothing said yet. */
export type CdrReconciliationStateV1 = 'OPEN' | 'APPROVED' | 'DECLINED' | 'REJECTED' | 'REVISED';

/** Why an EVSP disputes a record (OCHP's declined reasons, condensed). */
export type CdrDisputeReasonV1 =
  'UNKNOWN_SESSION' | 'WRONG_PRICE' | 'WRONG_ENERGY' | 'WRONG_TIMES' | 'DUPLICATE' | 'CONTRACT_INVALID' | 'OTHER';

/** A change of a record's reconciliation, sent to the other party's outbound topic and cdr-forwarding.events.v1. */
export type CdrReconciliationChangedV1 = IntegrationMessage<
  'CdrApproved' | 'CdrDisputed' | 'CdrDisputeRejected' | 'CdrRevised',
  {
    cdrId: string;
    cpoPartyId: string;
    emspPartyId: string;
    state: CdrReconciliationStateV1;
    reasonCode: CdrDisputeReasonV1 | null;
    reason: string | null;
    /** REVISED: the CPO's cdrId of the record that replaces this one. */
    revisionCdrId: string | null;
    occurredAt: string;
  }
>;

/**
 * A revised record (`revisionOf`) arrived after the EVSP had approved the record it names (review finding 10): the
 * approval stands and the record stays APPROVED, but the revision was accepted and forwarded. Sent on
 * `cdr-forwarding.events.v1` and to both parties' outbound topics; the operator lists it with
 * `GET /v1/admin/cdr-disputes?revisionRefused=true`. Settlement must not credit the approved record for this
 * revision (its correction is a credit record).
 */
export type CdrRevisionRefusedV1 = IntegrationMessage<
  'CdrRevisionRefused',
  {
    cdrId: string;
    cpoPartyId: string;
    emspPartyId: string;
    /** The CPO's cdrId of the revised record that came too late. */
    revisionCdrId: string;
    code: 'CDR_ALREADY_APPROVED';
    occurredAt: string;
  }
>;

/**
 * What an EVSP produces on `b2b.cdr-acks.inbound.v1` (key = its party id) to acknowledge a record; signed with an
 * `emsp` key (x-api-key-id, x-signature: see partner-messages.ts).
 */
export interface InboundCdrAckV1 {
  cpoPartyId: string;
  cdrId: string;
}

/** One record's webhook delivery, as the operator and both parties see it. */
export interface CdrDeliveryV1 {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
  /** WEBHOOK: pushed to the EVSP's webhookUrl; TOPIC: the EVSP has no webhook and receives by Kafka and pull only. */
  channel: 'WEBHOOK' | 'TOPIC';
  state: CdrDeliveryStateV1;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  stalledAt: string | null;
  acknowledgedAt: string | null;
}

export interface CdrReconciliationV1 {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
  state: CdrReconciliationStateV1;
  reasonCode: CdrDisputeReasonV1 | null;
  reason: string | null;
  revisionCdrId: string | null;
  /** The latest revision that arrived after the approval (CdrRevisionRefusedV1), if any. */
  refusedRevisionCdrId?: string | null;
  revisionRefusedAt?: string | null;
  updatedAt: string;
}

/** Counts (and sums per currency) of one partner pair's records in a period: IEC 63119 SDR reconciliation. */
export interface CdrInventoryLineV1 {
  cpoPartyId: string;
  emspPartyId: string;
  received: number;
  accepted: number;
  rejected: number;
  delivered: number;
  pending: number;
  acknowledged: number;
  disputed: number;
  /** Per currency: the sum of totalCost of the accepted records, decimal strings. */
  acceptedAmounts: { currency: string; amount: string }[];
  /** received = accepted + rejected, and accepted = delivered + pending: no record lost. */
  balanced: { receivedEqualsAcceptedPlusRejected: boolean; acceptedEqualsDeliveredPlusPending: boolean };
}

export interface CdrInventoryV1 {
  from: string | null;
  to: string | null;
  lines: CdrInventoryLineV1[];
}
