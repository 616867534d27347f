import { Injectable } from '@nestjs/common';
import { EventStore } from '@roaming/event-store';
import {
  EventForwarder,
  MessageBus,
  type OutboundMessage,
  type Subscription,
  type SubscriptionOptions,
} from '@roaming/messaging';
import { PUBLISHED_CATEGORIES, toIntegrationMessages } from './contract-registry.to-integration';

export const FORWARDER_PROCESSOR_ID = 'forwarder:contract-registry';

/**
 * Events per forwarding batch. A contract batch event carries thousands of tokens, each its own message: a few such
 * events at a time keep a forwarding batch to some ten thousand messages.
 */
const EVENTS_PER_BATCH = 10;
/** Messages per publish: a Kafka request stays well below the broker's message size limit. */
const MESSAGES_PER_PUBLISH = 500;

/**
 * Publishes the registry's integration messages from its own events (the store is the outbox), at least once,
 * with message ids derived from the events so that consumers can de-duplicate.
 */
@Injectable()
export class ContractRegistryForwarder extends EventForwarder {
  constructor(store: EventStore, bus: MessageBus) {
    super({
      processorId: FORWARDER_PROCESSOR_ID,
      store,
      bus: new ChunkedPublisher(bus, MESSAGES_PER_PUBLISH),
      categories: PUBLISHED_CATEGORIES,
      map: toIntegrationMessages,
      batchSize: EVENTS_PER_BATCH,
    });
  }
}

/**
 * Publishes in slices, one after the other (so order is kept). Should a slice fail, the forwarder publishes the whole
 * batch again with the same message ids; consumers de-duplicate the slices that had gone through.
 */
class ChunkedPublisher extends MessageBus {
  constructor(
    private readonly bus: MessageBus,
    private readonly size: number,
  ) {
    super();
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += this.size) {
      await this.bus.publish(messages.slice(start, start + this.size));
    }
  }

  subscribe(options: SubscriptionOptions): Promise<Subscription> {
    return this.bus.subscribe(options);
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
