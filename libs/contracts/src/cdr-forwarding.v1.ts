import type { IntegrationMessage } from './integration-message';

/** A charge detail record as the clearing house forwards it (money as decimal strings, energy in Wh). */
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
  totalCost: { amount: string; currency: string };
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
