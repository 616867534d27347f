import { type SitePublishedV1, type SiteWithdrawnV1, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { SiteEvent } from '../site/domain';
import { siteDocument } from '../site/site.document';
import type { Relayed } from './partner-relay';

export const STATION_MESSAGE_SCHEMA_VERSION = 1;

/** Domain event → the integration message other contexts read (energy learns EVSE power and load areas here). */
export function toStationMessages(event: RecordedEvent): OutboundMessage[] {
  const value = siteMessage(event);
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
  const value = siteMessage(event);
  if (!value) return [];
  return [{ audience: { emspsAgreedWith: value.data.site.cpoPartyId }, type: value.type, value }];
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
