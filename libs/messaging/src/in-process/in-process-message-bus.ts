import { Logger, type LoggerService } from '@nestjs/common';
import type { Database } from '@roaming/event-store';
import { AsyncLocalStorage } from 'async_hooks';
import type { DeadLetterMessage } from '../consumer/dead-letter';
import { errorMessage } from '../consumer/dead-letter';
import { type DeliveryOutcome, reliableHandler } from '../consumer/reliable-handler';
import {
  type InboundMessage,
  MessageBus,
  type OutboundMessage,
  outboundBody,
  type Subscription,
  type SubscriptionOptions,
} from '../message-bus.port';
import { ConsumerGroupQueue, type DeliveryChain } from './consumer-group-queue';

export interface InProcessMessageBusOptions {
  /** Where consumers write their effects and de-duplication rows. */
  database: Database;
  logger?: LoggerService;
  /**
   * The clock that stamps each message's append time, as a broker's does (default: the wall clock, not the app's
   * Clock, which tests may fix: a partner signs by the wall clock).
   */
  now?: () => Date;
}

/**
 * The messaging port without a broker (embedded mode), with the Kafka adapter's consumer semantics: the same
 * de-duplication, retries and dead letters. `publish` resolves only once every subscribed group has applied (or
 * dead-lettered) every message, in its own transaction: the forwarder moves its checkpoint only after that, so a
 * crash before it re-delivers from the event store and the consumers dedupe.
 *
 * Unlike Kafka nothing is retained: a message published to a topic nobody subscribes to is gone, so the
 * composition root subscribes every consumer before it starts the forwarders.
 */
export class InProcessMessageBus extends MessageBus {
  private readonly logger: LoggerService;
  private readonly groups = new Map<string, ConsumerGroupQueue>();
  private readonly deadLettersByTopic = new Map<string, InboundMessage[]>();
  private readonly nextOffsets = new Map<string, number>();
  private readonly chain = new AsyncLocalStorage<DeliveryChain>();
  private closed = false;

  constructor(private readonly options: InProcessMessageBusOptions) {
    super();
    this.logger = options.logger ?? new Logger(InProcessMessageBus.name);
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    this.assertOpen();
    const deliveries = messages.flatMap((m) => this.dispatch(this.record(m.topic, m.key, outboundBody(m), m.headers)));
    await Promise.all(deliveries);
  }

  async subscribe(options: SubscriptionOptions): Promise<Subscription> {
    this.assertOpen();
    const { groupId } = options;
    if (this.groups.has(groupId)) throw new Error(`consumer group ${groupId} is already subscribed on this bus`);
    const abort = new AbortController();
    const group = new ConsumerGroupQueue(
      groupId,
      new Set(options.topics),
      reliableHandler({
        database: this.options.database,
        groupId,
        handler: options.handler,
        maxAttempts: options.maxAttempts,
        deadLetter: (letter) => this.deadLetter(letter),
        logger: this.logger,
        signal: abort.signal,
      }),
      abort,
      this.chain,
    );
    this.groups.set(groupId, group);
    return {
      close: async () => {
        if (this.groups.get(groupId) === group) this.groups.delete(groupId);
        await group.close();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const groups = [...this.groups.values()];
    this.groups.clear();
    await Promise.all(groups.map((g) => g.close()));
  }

  /** What was dead-lettered to `deadLetterTopicName` (e.g. `deadLetterTopic('contracts.events.v1')`), oldest first. */
  deadLetters(deadLetterTopicName: string): readonly InboundMessage[] {
    return [...(this.deadLettersByTopic.get(deadLetterTopicName) ?? [])];
  }

  private async deadLetter(letter: DeadLetterMessage): Promise<void> {
    const message = this.record(letter.topic, letter.key, letter.rawValue, letter.headers);
    const kept = this.deadLettersByTopic.get(letter.topic) ?? [];
    kept.push(message);
    this.deadLettersByTopic.set(letter.topic, kept);
    await Promise.all(this.dispatch(message));
  }

  /**
   * Hands the message to every group subscribed to its topic and returns the deliveries to wait for. A group that
   * is already busy further up this call chain (its handler published, or dead-lettered to a topic it consumes
   * itself) gets the message queued but not awaited: waiting would be waiting for ourselves.
   */
  private dispatch(message: InboundMessage): Promise<DeliveryOutcome>[] {
    const callers = this.chain.getStore() ?? [];
    const awaited: Promise<DeliveryOutcome>[] = [];
    for (const group of this.groups.values()) {
      if (!group.topics.has(message.topic)) continue;
      const delivery = group.enqueue(message, callers);
      if (callers.includes(group.groupId)) {
        delivery.catch((error) => this.logger.warn(`delivery to ${group.groupId} ended: ${errorMessage(error)}`));
      } else {
        awaited.push(delivery);
      }
    }
    return awaited;
  }

  private record(topic: string, key: string | null, rawValue: string, headers: Record<string, string>): InboundMessage {
    const offset = this.nextOffsets.get(topic) ?? 0;
    this.nextOffsets.set(topic, offset + 1);
    const appendedAt = this.options.now?.() ?? new Date();
    return { topic, partition: 0, offset: String(offset), key, rawValue, headers: { ...headers }, appendedAt };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-process message bus is closed');
  }
}
