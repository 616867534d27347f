import { Logger } from '@nestjs/common';
import { type EvseStatusesChangedV1, partnerOutboundTopic } from '@roaming/contracts';
import { CheckpointedProcessor, type EventStore, type RecordedEvent } from '@roaming/event-store';
import { HEADER, type MessageBus, type OutboundMessage } from '@roaming/messaging';
import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';
import type { RegistryViewRepository } from '../../registry-view/registry-view.repository';
import { EVSE_STATUS_FEED_CATEGORY, evseStatusFeedStream } from '../domain';
import { newestPerEvse } from '../projections/latest-status/latest-status.projection';

export const STATUS_PUSH_RELAY_ID = 'relay:station-management.evse-status';

/**
 * eMI3 UCE U push "MCH → EVSP": each batch of status reports becomes, per operator, ONE message to every EVSP with an
 * agreement in force with that operator, carrying the newest status per EVSE (a delta of changed EVSEs, UCE MD
 * 2.2.2). Batching keeps the partner topics far below the inbound rate. Reports carry observedAt, so applying a
 * message twice, or an older one late, changes nothing for a receiver that keeps the newest.
 */
export function statusPushRelay(
  store: EventStore,
  bus: MessageBus,
  registry: RegistryViewRepository,
): CheckpointedProcessor {
  const deliver = async (events: readonly RecordedEvent[]): Promise<void> => {
    const byOperator = new Map<string, RecordedEvent[]>();
    for (const event of events) byOperator.set(event.streamName, [...(byOperator.get(event.streamName) ?? []), event]);
    const messages: OutboundMessage[] = [];
    for (const [stream, feed] of byOperator) {
      const operatorPartyId = stream.slice(stream.indexOf('-') + 1);
      const last = feed[feed.length - 1];
      const statuses = newestPerEvse(feed).map(({ evseId, status, observedAt }) => ({ evseId, status, observedAt }));
      const value: EvseStatusesChangedV1 = {
        type: 'EvseStatusesChanged',
        schemaVersion: 1,
        occurredAt: last.recordedAt,
        data: { operatorPartyId, statuses: statuses as EvseStatusesChangedV1['data']['statuses'] },
      };
      for (const emsp of await registry.emspsAgreedWith([operatorPartyId], last.recordedAt)) {
        messages.push({
          topic: partnerOutboundTopic(emsp),
          key: evseStatusFeedStream(operatorPartyId),
          value,
          headers: {
            [HEADER.messageId]: uuidV5(`${feed[0].messageId}:${last.messageId}:${emsp}`, CLEARING_HOUSE_NAMESPACE),
            [HEADER.type]: value.type,
            [HEADER.schemaVersion]: '1',
            [HEADER.correlationId]: last.metadata.correlationId ?? last.messageId,
            [HEADER.causationId]: last.messageId,
          },
        });
      }
    }
    if (messages.length > 0) await bus.publish(messages);
  };
  return new CheckpointedProcessor({
    processorId: STATUS_PUSH_RELAY_ID,
    store,
    categories: [EVSE_STATUS_FEED_CATEGORY],
    deliver,
    batchSize: 5000,
    pollIntervalMs: 100,
    logger: new Logger(`Relay ${STATUS_PUSH_RELAY_ID}`),
  });
}
