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
