import { type OutageMessageV1, type SitePublishedV1, type SiteWithdrawnV1, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { OutageEvent } from '../outage/domain';
import type { SiteEvent } from '../site/domain';
import { siteDocument } from '../site/site.document';
import type { Relayed } from './partner-relay';

export const STATION_MESSAGE_SCHEMA_VERSION = 1;

/** Domain event → the integration message other contexts read (energy learns EVSE power and load areas here). */
export function toStationMessages(event: RecordedEvent): OutboundMessage[] {
  const value = siteMessage(event) ?? outageMessage(event);
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
  return [];
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
