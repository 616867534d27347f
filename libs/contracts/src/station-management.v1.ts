import type { IntegrationMessage } from './integration-message';

/**
 * The published language of the station-management context: what it publishes on `station-management.events.v1`
 * (for other contexts), what EVSPs and CPOs receive on their `b2b.<party>.outbound.v1`, and what CPOs produce on
 * the station B2B topics below.
 */
export const STATION_TOPICS = {
  /** CPOs push EVSE status here: one EvseStatusReportV1 per message, key = the CPO's party id, signed (partner-messages.ts). */
  evseStatusInbound: 'b2b.evse-status.inbound.v1',
  /** CPOs answer relayed reservations and commands here (StationCommandsInboundV1), key = the CPO's party id, signed. */
  stationCommandsInbound: 'b2b.station-commands.inbound.v1',
} as const;

export type PowerTypeV1 = 'AC_1_PHASE' | 'AC_3_PHASE' | 'DC';

export interface ConnectorV1 {
  connectorId: string;
  standard: string;
  format: 'SOCKET' | 'CABLE';
  powerType: PowerTypeV1;
  maxPowerW: number;
}

export interface EvseV1 {
  evseId: string;
  status: 'PUBLISHED' | 'WITHDRAWN';
  connectors: ConnectorV1[];
  maxPowerW: number;
  reservationAllowed: boolean;
  tariffIds: string[];
  physicalReference: string | null;
}

/** One site (OCPI location, eMI3 EVSE pool) with every EVSE it ever listed; withdrawn ones are marked, never dropped. */
export interface SiteV1 {
  cpoPartyId: string;
  siteId: string;
  status: 'PUBLISHED' | 'WITHDRAWN';
  name: string;
  address: { street: string; postalCode: string; city: string; country: string };
  coordinates: { latitude: string; longitude: string };
  timeZone: string;
  openingHours: { twentyFourSeven: boolean; regularHours: { weekday: number; from: string; to: string }[] };
  access: 'PUBLIC' | 'MEMBERS_ONLY' | 'RESTRICTED';
  energyMix: { greenEnergy: boolean; sources: { source: string; percentage: number }[] } | null;
  /** `<DSO party id>:<area>`: the grid section grid requests address. */
  loadAreaId: string | null;
  validFrom: string | null;
  validUntil: string | null;
  evses: EvseV1[];
  /** When this version was published or withdrawn. */
  updatedAt: string;
}

/** A site was published or changed (full document); on the events topic and to EVSPs with an agreement. */
export type SitePublishedV1 = IntegrationMessage<
  'SitePublished',
  { site: SiteV1; changedEvseIds: string[]; withdrawnEvseIds: string[] }
>;
export type SiteWithdrawnV1 = IntegrationMessage<'SiteWithdrawn', { site: SiteV1 }>;

/** GET /v1/sites: a page of sites; pass `nextCursor` as `since` to get only what changed after it. */
export interface SitePageV1 {
  items: SiteV1[];
  nextCursor: string;
}

export type EvseStatusV1 =
  'AVAILABLE' | 'OCCUPIED' | 'CHARGING' | 'RESERVED' | 'OUT_OF_ORDER' | 'MAINTENANCE' | 'UNKNOWN';

/**
 * What a CPO produces on `b2b.evse-status.inbound.v1` (observedAt defaults to when the hub received it); signed with a
 * `cpo` key (partner-messages.ts).
 */
export interface EvseStatusReportV1 {
  evseId: string;
  status: EvseStatusV1;
  observedAt?: string;
}

/** To each EVSP with an agreement with the operator: the newest status of the EVSEs that reported since the last one. */
export type EvseStatusesChangedV1 = IntegrationMessage<
  'EvseStatusesChanged',
  { operatorPartyId: string; statuses: { evseId: string; status: EvseStatusV1; observedAt: string }[] }
>;

/** A maintenance or outage notice as EVSPs receive it (IEC 63119-2 UC5-1). */
export interface OutageNoticeV1 {
  cpoPartyId: string;
  noticeId: string;
  kind: 'PLANNED' | 'UNPLANNED';
  /** The whole site, or null when the notice lists EVSEs. */
  siteId: string | null;
  evseIds: string[];
  startsAt: string;
  endsAt: string | null;
  description: string | null;
}

export type OutageNoticeIssuedV1 = IntegrationMessage<'OutageNoticeIssued', OutageNoticeV1>;
export type OutageNoticeRevisedV1 = IntegrationMessage<'OutageNoticeRevised', OutageNoticeV1>;
export type OutageEndedV1 = IntegrationMessage<
  'OutageEnded',
  { cpoPartyId: string; noticeId: string; endedAt: string }
>;
export type OutageNoticeCancelledV1 = IntegrationMessage<
  'OutageNoticeCancelled',
  { cpoPartyId: string; noticeId: string; cancelledAt: string }
>;
export type OutageMessageV1 = OutageNoticeIssuedV1 | OutageNoticeRevisedV1 | OutageEndedV1 | OutageNoticeCancelledV1;

export interface FeeV1 {
  amount: string;
  currency: string;
}

/**
 * To the CPO (IEC 63119-2 UC3-8): hold this EVSE for this contract until `reserveUntil`, and answer by `respondBy`
 * (REST POST /v1/reservations/{id}/response, or ReservationResponse on b2b.station-commands.inbound.v1); or: the
 * EVSP cancelled it, or the hub expired it because no answer came in time.
 */
export type ReservationRelayV1 =
  | IntegrationMessage<
      'ReservationRequested',
      {
        reservationId: string;
        evseId: string;
        emspPartyId: string;
        emaid: string;
        token: { uid: string; type: string };
        reserveUntil: string;
        respondBy: string;
      }
    >
  | IntegrationMessage<
      'ReservationCancelled' | 'ReservationExpired',
      { reservationId: string; evseId: string; emspPartyId: string }
    >;

/** To the EVSP: its reservation changed status. */
export type ReservationStatusChangedV1 = IntegrationMessage<
  'ReservationStatusChanged',
  {
    reservationId: string;
    evseId: string;
    cpoPartyId: string;
    status: 'ACCEPTED' | 'REJECTED' | 'EXPIRED' | 'CANCELLED' | 'USED' | 'NO_SHOW';
    reason: string | null;
    fee: FeeV1 | null;
  }
>;

/** On station-management.events.v1: how a reservation ended, with its fee, for records and settlement. */
export type ReservationEndedV1 = IntegrationMessage<
  'ReservationEnded',
  {
    reservationId: string;
    evseId: string;
    cpoPartyId: string;
    emspPartyId: string;
    outcome: 'REJECTED' | 'EXPIRED' | 'CANCELLED' | 'USED' | 'NO_SHOW';
    fee: FeeV1 | null;
  }
>;

/** What a CPO produces on `b2b.station-commands.inbound.v1` (key = its party id; signed with a `cpo` key, partner-messages.ts). */
export type StationCommandsInboundV1 =
  | {
      type: 'ReservationResponse';
      reservationId: string;
      result: 'ACCEPTED' | 'REJECTED';
      reason?: string;
      fee?: FeeV1;
    }
  | { type: 'ReservationUsed'; reservationId: string }
  | { type: 'CommandResult'; commandId: string; result: StationCommandOutcomeV1; reason?: string };

/** To the CPO: emergency cable unlock (IEC 63119-2 UC5-2 after a session, UC5-3 after a failed activation). */
export type UnlockConnectorRequestedV1 = IntegrationMessage<
  'UnlockConnectorRequested',
  {
    commandId: string;
    evseId: string;
    connectorId: string;
    emspPartyId: string;
    context: 'SESSION' | 'FAILED_ACTIVATION';
    authorizationId: string | null;
    respondBy: string;
  }
>;

export type StationCommandOutcomeV1 = 'UNLOCKED' | 'UNLOCK_FAILED' | 'REJECTED' | 'NOT_SUPPORTED';

/** To the EVSP: how its command ended (TIMED_OUT when the CPO did not answer by `respondBy`). */
export type StationCommandResultV1 = IntegrationMessage<
  'StationCommandResult',
  {
    commandId: string;
    kind: 'UNLOCK_CONNECTOR';
    evseId: string;
    cpoPartyId: string;
    status: StationCommandOutcomeV1 | 'TIMED_OUT';
    reason: string | null;
  }
>;

export type StationManagementMessageV1 = SitePublishedV1 | SiteWithdrawnV1 | OutageMessageV1 | ReservationEndedV1;
