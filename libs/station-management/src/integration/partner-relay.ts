import { Logger } from '@nestjs/common';
import { partnerOutboundTopic } from '@roaming/contracts';
import { CheckpointedProcessor, type EventStore, type RecordedEvent } from '@roaming/event-store';
import { HEADER, type MessageBus, type OutboundMessage } from '@roaming/messaging';
import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';
import type { RegistryViewRepository } from '../registry-view/registry-view.repository';

/** Who receives a relayed message: one party, or every EVSP with an agreement in force with an operator. */
export type Audience = { party: string } | { emspsAgreedWith: string };

export interface Relayed {
  audience: Audience;
  type: string;
  value: unknown;
  /** Defaults to `b2b.<party>.outbound.v1`; emergency traffic may use another topic per party. */
  topic?: (party: string) => string;
}

export interface PartnerRelayOptions {
  processorId: string;
  store: EventStore;
  bus: MessageBus;
  registry: RegistryViewRepository;
  categories: readonly string[];
  map: (event: RecordedEvent) => Relayed[];
  /** Events per delivery; small when events are large (a whole site), so one request stays below Kafka's limits. */
  batchSize?: number;
}

/**
 * The outbox relay towards partners: reads this context's events in commit order, resolves each message's audience
 * in the registry view (at the time of the event), publishes to each recipient's outbound topic and only then moves
 * its checkpoint. Message ids are a function of (event, recipient, index), so a batch relayed again after a crash
 * carries the same ids and partners can de-duplicate.
 */
export function partnerRelay(options: PartnerRelayOptions): CheckpointedProcessor {
  const deliver = async (events: readonly RecordedEvent[]): Promise<void> => {
    const messages: OutboundMessage[] = [];
    for (const event of events) {
      const relayed = options.map(event);
      for (const [index, item] of relayed.entries()) {
        for (const party of await recipients(options.registry, item.audience, event.recordedAt)) {
          messages.push({
            topic: (item.topic ?? partnerOutboundTopic)(party),
            key: event.streamName,
            value: item.value,
            headers: {
              [HEADER.messageId]: uuidV5(`${event.messageId}:${party}:${index}`, CLEARING_HOUSE_NAMESPACE),
              [HEADER.type]: item.type,
              [HEADER.schemaVersion]: '1',
              [HEADER.correlationId]: event.metadata.correlationId ?? event.messageId,
              [HEADER.causationId]: event.messageId,
            },
          });
        }
      }
    }
    if (messages.length > 0) await options.bus.publish(messages);
  };
  return new CheckpointedProcessor({
    processorId: options.processorId,
    store: options.store,
    categories: options.categories,
    deliver,
    batchSize: options.batchSize ?? 100,
    pollIntervalMs: 200,
    logger: new Logger(`PartnerRelay ${options.processorId}`),
  });
}

async function recipients(registry: RegistryViewRepository, audience: Audience, at: string): Promise<string[]> {
  return 'party' in audience ? [audience.party] : registry.emspsAgreedWith([audience.emspsAgreedWith], at);
}
