import { partnerOutboundTopic, type RecordParkedV1, type StatementClosedV1, TOPICS } from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import type { RecordEvent } from '../record/domain/record';
import type { StatementEvent } from '../statement/domain/statement';

export const SETTLEMENT_MESSAGE_SCHEMA_VERSION = 1;

/** Further mappers (invoices) register here: each returns the messages of the events it knows, else []. */
export type SettlementMapper = (event: RecordedEvent) => OutboundMessage[];

/**
 * Settlement's published language (libs/contracts settlement.v1): closed statements and parked records on
 * `settlement.events.v1`; a parked record also to the CPO that sent it, on its outbound topic.
 */
export function toSettlementMessages(event: RecordedEvent): OutboundMessage[] {
  const known = { type: event.type, data: event.data } as StatementEvent | RecordEvent;
  const envelope = { schemaVersion: SETTLEMENT_MESSAGE_SCHEMA_VERSION, occurredAt: event.recordedAt };
  switch (known.type) {
    case 'StatementClosed': {
      const { closedBy: _closedBy, ...data } = known.data;
      const value: StatementClosedV1 = { type: 'StatementClosed', ...envelope, data };
      return [
        integrationMessage(event, 0, {
          topic: TOPICS.settlementEvents,
          type: value.type,
          schemaVersion: value.schemaVersion,
          value,
        }),
      ];
    }
    case 'RecordParked': {
      const d = known.data;
      const value: RecordParkedV1 = {
        type: 'RecordParked',
        ...envelope,
        data: {
          cdrId: d.record.cdrId,
          cpoPartyId: d.record.cpoPartyId,
          emspPartyId: d.record.emspPartyId,
          reason: d.reason,
          detail: d.detail,
        },
      };
      const spec = { type: value.type, schemaVersion: value.schemaVersion, value };
      return [
        integrationMessage(event, 0, { ...spec, topic: TOPICS.settlementEvents }),
        integrationMessage(event, 1, { ...spec, topic: partnerOutboundTopic(d.record.cpoPartyId) }),
      ];
    }
    default:
      return [];
  }
}
