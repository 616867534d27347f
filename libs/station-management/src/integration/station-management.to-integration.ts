import {
  type OutageMessageV1,
  type ReservationEndedV1,
  type ReservationRelayV1,
  type ReservationStatusChangedV1,
  type SitePublishedV1,
  type StationCommandResultV1,
  type UnlockConnectorRequestedV1,
  type SiteWithdrawnV1,
  TOPICS,
} from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { OutageEvent } from '../outage/domain';
import type { ReservationEvent } from '../reservation/domain';
import type { StationCommandEvent } from '../station-command/domain/station-command';
import type { SiteEvent } from '../site/domain';
import { siteDocument } from '../site/site.document';
import type { Relayed } from './partner-relay';

export const STATION_MESSAGE_SCHEMA_VERSION = 1;

/** Domain event → the integration message other contexts read (energy learns EVSE power and load areas here). */
export function toStationMessages(event: RecordedEvent): OutboundMessage[] {
  const value = siteMessage(event) ?? outageMessage(event) ?? reservationRecord(event);
  if (!value) return [];
  return [
    integrationMessage(event, 0, {
      topic: TOPICS.stationManagementEvents,
      type: value.type,
      schemaVersion: value.schemaVersion,
      value,
    }),
  ];
}

/** Domain event → what partners receive on their outbound topics. */
export function toPartnerMessages(event: RecordedEvent): Relayed[] {
  const site = siteMessage(event);
  if (site) return [{ audience: { emspsAgreedWith: site.data.site.cpoPartyId }, type: site.type, value: site }];
  const outage = outageMessage(event);
  if (outage) return [{ audience: { emspsAgreedWith: outage.data.cpoPartyId }, type: outage.type, value: outage }];
  return [...reservationRelays(event), ...commandRelays(event)];
}

/** To the CPO: unlock this connector, answer by `respondBy`. To the EVSP: how its command ended. */
function commandRelays(event: RecordedEvent): Relayed[] {
  const known = { type: event.type, data: event.data } as StationCommandEvent;
  const envelope = { schemaVersion: STATION_MESSAGE_SCHEMA_VERSION, occurredAt: event.recordedAt };
  switch (known.type) {
    case 'UnlockRequested': {
      const { commandId, evseId, connectorId, emspPartyId, context, authorizationId, respondBy } = known.data;
      const value: UnlockConnectorRequestedV1 = {
        type: 'UnlockConnectorRequested',
        ...envelope,
        data: { commandId, evseId, connectorId, emspPartyId, context, authorizationId, respondBy },
      };
      return [{ audience: { party: known.data.cpoPartyId }, type: value.type, value }];
    }
    case 'StationCommandCompleted':
    case 'StationCommandTimedOut': {
      const { commandId, evseId, cpoPartyId, emspPartyId } = known.data;
      const completed = known.type === 'StationCommandCompleted';
      const value: StationCommandResultV1 = {
        type: 'StationCommandResult',
        ...envelope,
        data: {
          commandId,
          kind: 'UNLOCK_CONNECTOR',
          evseId,
          cpoPartyId,
          status: completed ? known.data.result : 'TIMED_OUT',
          reason: completed ? known.data.reason : null,
        },
      };
      return [{ audience: { party: emspPartyId }, type: value.type, value }];
    }
    default:
      return [];
  }
}

const RESERVATION_STATUS: Partial<Record<ReservationEvent['type'], ReservationStatusChangedV1['data']['status']>> = {
  ReservationAccepted: 'ACCEPTED',
  ReservationRejected: 'REJECTED',
  ReservationExpired: 'EXPIRED',
  ReservationCancelled: 'CANCELLED',
  ReservationUsed: 'USED',
  ReservationNoShow: 'NO_SHOW',
};

/**
 * To the CPO: the request to hold the EVSE, and its end when it comes from the hub's side (the EVSP cancelled, or
 * the CPO's answer came too late). To the EVSP: every change of the reservation's status after the request.
 */
function reservationRelays(event: RecordedEvent): Relayed[] {
  const known = { type: event.type, data: event.data } as ReservationEvent;
  const envelope = { schemaVersion: STATION_MESSAGE_SCHEMA_VERSION, occurredAt: event.recordedAt };
  const { reservationId, evseId, cpoPartyId, emspPartyId } = known.data;
  const relayed: Relayed[] = [];
  if (known.type === 'ReservationRequested') {
    const { emaid, token, reserveUntil, respondBy } = known.data;
    const value: ReservationRelayV1 = {
      type: 'ReservationRequested',
      ...envelope,
      data: { reservationId, evseId, emspPartyId, emaid, token, reserveUntil, respondBy },
    };
    relayed.push({ audience: { party: cpoPartyId }, type: value.type, value });
  }
  if (known.type === 'ReservationCancelled' || known.type === 'ReservationExpired') {
    const value: ReservationRelayV1 = {
      type: known.type,
      ...envelope,
      data: { reservationId, evseId, emspPartyId },
    };
    relayed.push({ audience: { party: cpoPartyId }, type: value.type, value });
  }
  const status = RESERVATION_STATUS[known.type];
  if (status) {
    const value: ReservationStatusChangedV1 = {
      type: 'ReservationStatusChanged',
      ...envelope,
      data: {
        reservationId,
        evseId,
        cpoPartyId,
        status,
        reason: known.type === 'ReservationRejected' ? known.data.reason : null,
        fee: 'fee' in known.data ? known.data.fee : null,
      },
    };
    relayed.push({ audience: { party: emspPartyId }, type: value.type, value });
  }
  return relayed;
}

/** The outcome of a reservation for records and settlement (GeM 1528: a reservation may carry a fee). */
function reservationRecord(event: RecordedEvent): ReservationEndedV1 | undefined {
  const known = { type: event.type, data: event.data } as ReservationEvent;
  const outcome = RESERVATION_STATUS[known.type];
  if (!outcome || outcome === 'ACCEPTED') return undefined;
  const { reservationId, evseId, cpoPartyId, emspPartyId } = known.data;
  return {
    type: 'ReservationEnded',
    schemaVersion: STATION_MESSAGE_SCHEMA_VERSION,
    occurredAt: event.recordedAt,
    data: { reservationId, evseId, cpoPartyId, emspPartyId, outcome, fee: 'fee' in known.data ? known.data.fee : null },
  };
}

function outageMessage(event: RecordedEvent): OutageMessageV1 | undefined {
  const known = { type: event.type, data: event.data } as OutageEvent;
  const envelope = { schemaVersion: STATION_MESSAGE_SCHEMA_VERSION, occurredAt: event.recordedAt };
  switch (known.type) {
    case 'OutageNoticeIssued':
    case 'OutageNoticeRevised': {
      const { cpoPartyId, noticeId, kind, scope, startsAt, endsAt, description } = known.data;
      const data = {
        cpoPartyId,
        noticeId,
        kind,
        siteId: scope.siteId,
        evseIds: scope.evseIds,
        startsAt,
        endsAt,
        description,
      };
      return known.type === 'OutageNoticeIssued'
        ? { type: 'OutageNoticeIssued', ...envelope, data }
        : { type: 'OutageNoticeRevised', ...envelope, data };
    }
    case 'OutageEnded':
      return { type: 'OutageEnded', ...envelope, data: known.data };
    case 'OutageNoticeCancelled':
      return { type: 'OutageNoticeCancelled', ...envelope, data: known.data };
    default:
      return undefined;
  }
}

function siteMessage(event: RecordedEvent): SitePublishedV1 | SiteWithdrawnV1 | undefined {
  const known = { type: event.type, data: event.data } as SiteEvent;
  switch (known.type) {
    case 'SitePublished':
      return {
        type: 'SitePublished',
        schemaVersion: STATION_MESSAGE_SCHEMA_VERSION,
        occurredAt: event.recordedAt,
        data: {
          site: siteDocument(known, event.recordedAt),
          changedEvseIds: known.data.changedEvseIds,
          withdrawnEvseIds: known.data.withdrawnEvseIds,
        },
      };
    case 'SiteWithdrawn':
      return {
        type: 'SiteWithdrawn',
        schemaVersion: STATION_MESSAGE_SCHEMA_VERSION,
        occurredAt: event.recordedAt,
        data: { site: siteDocument(known, event.recordedAt) },
      };
    default:
      return undefined;
  }
}
