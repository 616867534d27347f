import type { IntegrationMessage } from './integration-message';

/**
 * The published language of the energy context: what it publishes on `energy.events.v1` (records and settlement
 * reference curtailments and flexibility activations there), what partners receive on their outbound topics, and
 * what CPOs produce on the energy B2B topic below.
 */
export const ENERGY_TOPICS = {
  /** CPOs answer grid requests here (GridResponseV1), key = the CPO's party id, signed (partner-messages.ts). */
  gridResponsesInbound: 'b2b.grid-responses.inbound.v1',
} as const;

/**
 * Emergency grid traffic for one party (IEC 63110 B.6 "long messages shall not block urgent messages"; GeM 1572
 * "high priority"): a topic of its own, so a backlog on the party's outbound topic never delays it.
 */
export function partnerPriorityTopic(partyId: string): string {
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(partyId)) throw new Error(`not a normalized party id: ${partyId}`);
  return `b2b.${partyId}.priority.v1`;
}

export interface ChargePlanPeriodV1 {
  startsAt: string;
  endsAt: string;
  /** Watts. */
  powerW: number;
}

/** To the CPO: the driver's needs for a session, from the EVSP (IEC 63119-2 UC3-7). */
export type ChargingPreferencesSubmittedV1 = IntegrationMessage<
  'ChargingPreferencesSubmitted',
  {
    sessionId: string;
    evseId: string;
    emspPartyId: string;
    departureAt: string;
    energyNeededWh: number;
    maxPowerW: number | null;
  }
>;

/** To the EVSP and on energy.events.v1: the CPO's plan for a session, version by version (UC3-7, UC3-10). */
export type ChargePlanPublishedV1 = IntegrationMessage<
  'ChargePlanPublished',
  {
    sessionId: string;
    evseId: string;
    cpoPartyId: string;
    emspPartyId: string;
    version: number;
    periods: ChargePlanPeriodV1[];
    publishedAt: string;
  }
>;

export interface SignedMeterValueV1 {
  /** e.g. OCMF, ALFEN, EDL40: kept verbatim, never interpreted by the hub. */
  format: string;
  signedData: string;
  publicKey: string | null;
}

/** To the EVSP: energy so far and the latest readings of its session (UC3-6, eMI3 UCE CS push). */
export type ChargingProgressReportedV1 = IntegrationMessage<
  'ChargingProgressReported',
  {
    sessionId: string;
    evseId: string;
    energyWh: number;
    powerW: number | null;
    measuredAt: string;
    readings: {
      measuredAt: string;
      energyWh: number;
      powerW: number | null;
      signedMeterValue: SignedMeterValueV1 | null;
    }[];
  }
>;

export type GridRequestKindV1 = 'CURTAILMENT' | 'FLEXIBILITY';
export type GridRequestPriorityV1 = 'EMERGENCY' | 'HIGH' | 'NORMAL';

/** To each CPO with EVSEs in the load area (GeM 972/1602, 961/1596, 1572; IEC 63110 E5). */
export type GridRequestIssuedV1 = IntegrationMessage<
  'GridRequestIssued',
  {
    requestId: string;
    dsoPartyId: string;
    loadAreaId: string;
    kind: GridRequestKindV1;
    priority: GridRequestPriorityV1;
    startsAt: string;
    endsAt: string;
    /** CURTAILMENT: the most power all EVSEs of the area may draw together, W. */
    limitW: number | null;
    /** FLEXIBILITY: the reduction asked for, W. */
    reductionW: number | null;
    /** The CPO's EVSEs in the area, at the time of the request. */
    evseIds: string[];
    respondBy: string;
  }
>;
export type GridRequestCancelledV1 = IntegrationMessage<
  'GridRequestCancelled',
  { requestId: string; loadAreaId: string; cancelledAt: string }
>;

/**
 * What a CPO produces on b2b.grid-responses.inbound.v1 (or POSTs to /v1/grid-requests/{id}/...); signed with a `cpo`
 * key (partner-messages.ts).
 */
export type GridResponseV1 =
  | { type: 'GridRequestAcknowledgement'; requestId: string; accepted: boolean; reason?: string }
  | { type: 'GridFulfilment'; requestId: string; achievedPowerW: number };

/** To the DSO: a CPO answered, or reported what it achieved. */
export type GridResponseRecordedV1 = IntegrationMessage<
  'GridResponseRecorded',
  {
    requestId: string;
    cpoPartyId: string;
    kind: 'ACKNOWLEDGED' | 'DECLINED' | 'FULFILMENT';
    achievedPowerW: number | null;
    reason: string | null;
    at: string;
  }
>;

/** To the DSO and on energy.events.v1: CPOs that did not react by `respondBy` (GeM 1572 failure: no forwarding). */
export type GridReactionMissingV1 = IntegrationMessage<
  'GridReactionMissing',
  { requestId: string; dsoPartyId: string; loadAreaId: string; cpoPartyIds: string[]; flaggedAt: string }
>;

/**
 * On energy.events.v1 for records and settlement (IEC 63110 E2/E5: reflected in the SDR): a CPO took a curtailment
 * or a flexibility activation on for its EVSEs in the area during the window.
 */
export type EnergyActivationV1 = IntegrationMessage<
  'CurtailmentActivated' | 'FlexibilityActivated',
  {
    requestId: string;
    dsoPartyId: string;
    cpoPartyId: string;
    loadAreaId: string;
    startsAt: string;
    endsAt: string;
    limitW: number | null;
    reductionW: number | null;
    evseIds: string[];
    activatedAt: string;
  }
>;

export type EnergyMessageV1 =
  ChargePlanPublishedV1 | GridRequestIssuedV1 | GridRequestCancelledV1 | GridReactionMissingV1 | EnergyActivationV1;
