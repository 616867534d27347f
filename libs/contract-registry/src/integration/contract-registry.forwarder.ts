import { Injectable } from '@nestjs/common';
import { EventStore } from '@roaming/event-store';
import { EventForwarder, MessageBus } from '@roaming/messaging';
import { PUBLISHED_CATEGORIES, toIntegrationMessages } from './contract-registry.to-integration';

export const FORWARDER_PROCESSOR_ID = 'forwarder:contract-registry';

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
      bus,
      categories: PUBLISHED_CATEGORIES,
      map: toIntegrationMessages,
    });
  }
}
