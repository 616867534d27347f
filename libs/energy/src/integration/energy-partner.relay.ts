import { Logger } from '@nestjs/common';
import { CheckpointedProcessor, type EventStore, type RecordedEvent } from '@roaming/event-store';
import type { MessageBus, OutboundMessage } from '@roaming/messaging';
import { partnerOutbound, toPartnerMessages } from './energy.to-integration';

/**
 * An outbox relay towards partners: reads its categories in commit order, publishes each event's partner messages,
 * and moves its checkpoint only after the broker acknowledged. `firstOf` lets a relay put some events of a batch
 * ahead of the rest (emergency grid requests before everything else, IEC 63110 B.6 / GeM 1572).
 */
export function energyPartnerRelay(options: {
  processorId: string;
  store: EventStore;
  bus: MessageBus;
  categories: readonly string[];
  firstOf?: (event: RecordedEvent) => boolean;
  pollIntervalMs?: number;
}): CheckpointedProcessor {
  const deliver = async (events: readonly RecordedEvent[]): Promise<void> => {
    const ordered = options.firstOf
      ? [...events.filter(options.firstOf), ...events.filter((e) => !options.firstOf?.(e))]
      : events;
    const messages: OutboundMessage[] = ordered.flatMap((event) =>
      toPartnerMessages(event).map((message, index) => partnerOutbound(event, message, index)),
    );
    if (messages.length > 0) await options.bus.publish(messages);
  };
  return new CheckpointedProcessor({
    processorId: options.processorId,
    store: options.store,
    categories: options.categories,
    deliver,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    logger: new Logger(`Relay ${options.processorId}`),
  });
}
