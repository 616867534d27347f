import { Logger } from '@nestjs/common';
import type { EventStore } from '@roaming/event-store';
import { EventForwarder, type MessageBus } from '@roaming/messaging';
import { CDR_CATEGORY } from '../cdr/domain';
import { CDR_PUBLISHED_EVENT_TYPES, cdrEventToIntegration } from './cdr-forwarding.to-integration';

export const CDR_FORWARDER_ID = 'forwarder:cdr-forwarding';

/**
 * The event store is the outbox: this processor publishes CdrForwarded and CdrRejected (see cdrEventToIntegration)
 * and moves its checkpoint only after the broker acknowledged them. Redelivery keeps the message ids.
 */
export function cdrForwarder(store: EventStore, bus: MessageBus): EventForwarder {
  return new EventForwarder({
    processorId: CDR_FORWARDER_ID,
    store,
    bus,
    categories: [CDR_CATEGORY],
    // CdrReceived stays internal and is passed over unread (it carries the whole record again).
    types: CDR_PUBLISHED_EVENT_TYPES,
    map: cdrEventToIntegration,
    // Larger batches keep the broker round trips per record low at intake rates of thousands per second (issue 5
    // speed); the bus slices each publish under the broker's limit.
    batchSize: 2_000,
    logger: new Logger(`EventForwarder ${CDR_FORWARDER_ID}`),
  });
}
