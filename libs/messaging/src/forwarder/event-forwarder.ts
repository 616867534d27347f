import { Logger } from '@nestjs/common';
import { type Checkpoint, CheckpointedProcessor, type EventStore, type RecordedEvent } from '@roaming/event-store';
import type { MessageBus, OutboundMessage } from '../message-bus.port';
import { completeHeaders } from './integration-message';

export interface EventForwarderOptions {
  /** e.g. `kafka-forwarder:contract-registry`; its checkpoint row in the store. */
  processorId: string;
  store: EventStore;
  bus: MessageBus;
  /** Stream categories to forward. */
  categories: readonly string[];
  /** The event types `map` turns into messages (absent: all); the others are passed over unread (see ProcessorOptions). */
  types?: readonly string[];
  /** Domain event → integration messages (zero or more); ids via integrationMessageId so that they are stable. */
  map: (event: RecordedEvent) => OutboundMessage[];
  /** Events per batch (default 500). */
  batchSize?: number;
  /** Idle poll for appends made by other processes (default 200 ms); appends in this process wake it at once. */
  pollIntervalMs?: number;
  logger?: Logger;
}

/**
 * The event store is the outbox (ARCHITECTURE.md §6): this forwarder reads a context's events in commit order,
 * maps them to integration messages, publishes each batch and waits for the acknowledgement, and only then moves
 * its checkpoint. A crash in between re-sends the batch with the same message ids; consumers dedupe. A failed
 * publish is retried with growing back-off and never skipped; a lost checkpoint compare-and-set means another
 * instance forwards, and this one carries on from that instance's position.
 */
export class EventForwarder {
  private readonly processor: CheckpointedProcessor;

  constructor(private readonly options: EventForwarderOptions) {
    this.processor = new CheckpointedProcessor({
      processorId: options.processorId,
      store: options.store,
      categories: options.categories,
      types: options.types,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 200,
      logger: options.logger ?? new Logger(`EventForwarder ${options.processorId}`),
      deliver: (events) => this.forward(events),
    });
  }

  get processorId(): string {
    return this.options.processorId;
  }

  /** Runs the forwarding loop in the background until stop(). */
  start(): void {
    this.processor.start();
  }

  /** Stops the loop after the batch in flight. */
  stop(): Promise<void> {
    return this.processor.stop();
  }

  /** Forwards everything appended so far, then returns how many events it forwarded. Errors propagate. */
  catchUp(): Promise<number> {
    return this.processor.catchUp();
  }

  /** The position after the last forwarded and acknowledged event. */
  checkpoint(): Promise<Checkpoint> {
    return this.processor.checkpoint();
  }

  private async forward(events: readonly RecordedEvent[]): Promise<void> {
    const messages = events.flatMap((event) => this.options.map(event).map((m) => completeHeaders(event, m)));
    if (messages.length > 0) await this.options.bus.publish(messages);
  }
}
