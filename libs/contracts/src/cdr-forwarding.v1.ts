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
}

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
  { cdrId: string; cpoPartyId: string; code: string; reason: string }
>;

export type CdrForwardingMessageV1 = CdrForwardedV1 | CdrRejectedV1;

/** The body a CPO produces on `b2b.cdrs.inbound.v1`: the same fields it would POST to /v1/cdrs. */
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
}

/** Stable codes of a CDR the clearing house refused (CdrRejected.code; the `code` of the 422 problem on REST). */
export type CdrRejectionCodeV1 =
  | 'CDR_END_BEFORE_START'
  | 'CDR_IMPLAUSIBLE_ENERGY'
  | 'CDR_NEGATIVE_COST'
  | 'CDR_UNKNOWN_PROVIDER'
  | 'CDR_PROVIDER_SUSPENDED'
  | 'CDR_NO_AGREEMENT';

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
  rejection: { code: CdrRejectionCodeV1; reason: string; rejectedAt: string } | null;
}
