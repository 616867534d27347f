import type { SqlExecutor } from '@roaming/event-store';

/** Header names on every message (ARCHITECTURE.md §6). */
export const HEADER = {
  messageId: 'message-id',
  type: 'type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  error: 'error',
  originalTopic: 'original-topic',
  originalPartition: 'original-partition',
  originalOffset: 'original-offset',
  /** On a dead letter: the consumer group that gave up, so an operator knows whom a replay is for. */
  consumerGroup: 'consumer-group',
} as const;

export interface OutboundMessage {
  topic: string;
  /** Per-key order: the stream name for integration events, the partner party for B2B messages. */
  key: string;
  /** JSON body. */
  value: unknown;
  /**
   * The body's exact text, sent instead of serialising `value`: for a message that must go out byte for byte as it
   * came in (a replayed partner message, whose signature covers the body as the partner wrote it).
   */
  rawValue?: string;
  /** At least message-id and type. */
  headers: Record<string, string>;
}

/** The text a message goes out with: its rawValue when it carries one, else its value as JSON (every bus). */
export function outboundBody(message: OutboundMessage): string {
  return message.rawValue ?? JSON.stringify(message.value ?? null);
}

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The raw body; parse it in the handler so that a malformed body can be dead-lettered. */
  rawValue: string;
  headers: Record<string, string>;
  /**
   * When the broker appended the message to the topic's log, by the broker's clock: Kafka's record timestamp on a
   * topic with message.timestamp.type=LogAppendTime (every topic the Kafka bus creates), the moment of publishing on
   * the in-process bus. Undefined when the topic keeps the producer's timestamp, which any producer may choose.
   */
  appendedAt?: Date;
}

export interface MessageHandlerContext {
  /** The transaction the de-duplication row is written in: write the effect with it and both commit together. */
  tx: SqlExecutor;
}

export type MessageHandler = (message: InboundMessage, context: MessageHandlerContext) => Promise<void>;

export interface SubscriptionOptions {
  /** Consumer group; also the de-duplication scope. */
  groupId: string;
  topics: readonly string[];
  handler: MessageHandler;
  /** Attempts before the message goes to `<topic>.dlq` (default 5). */
  maxAttempts?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface BatchHandlerContext extends MessageHandlerContext {
  /**
   * Refuses one message of the batch for good (malformed, breaks a rule): it is not applied, not retried, and goes
   * to `<topic>.dlq` with `reason` once the batch transaction committed. The handler writes nothing for it.
   */
  reject(message: InboundMessage, reason: string): void;
}

/**
 * Handles the new (not yet processed) messages of one batch in ONE transaction: every message's de-duplication row
 * and the batch's effect commit together. For high-rate doors where one transaction per message is too slow.
 */
export type BatchMessageHandler = (messages: readonly InboundMessage[], context: BatchHandlerContext) => Promise<void>;

export interface BatchSubscriptionOptions {
  groupId: string;
  topics: readonly string[];
  handler: BatchMessageHandler;
  /** Attempts of a failing message (after the batch failed and was split up) before it is dead-lettered. */
  maxAttempts?: number;
  /** Messages per transaction (default 500). */
  maxBatchSize?: number;
}

/** Thrown into the one-message path when a batch handler rejected its message: dead-letter it at once. */
export class MessageRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MessageRejectedError';
  }
}

/**
 * The messaging port. Adapters: kafkajs (server mode) and in-process (embedded mode), with the same semantics:
 * order per key, at-least-once delivery, de-duplication by message id, bounded retries, then a dead-letter topic.
 */
export abstract class MessageBus {
  /** Resolves only after the broker acknowledged every message (acks=all). */
  abstract publish(messages: readonly OutboundMessage[]): Promise<void>;
  abstract subscribe(options: SubscriptionOptions): Promise<Subscription>;
  /**
   * Subscribes a batch handler. This default hands it batches of one through `subscribe` (a rejected message is
   * dead-lettered after the usual attempts); adapters built for throughput override it with real batches.
   */
  subscribeBatch(options: BatchSubscriptionOptions): Promise<Subscription> {
    return this.subscribe({
      groupId: options.groupId,
      topics: options.topics,
      maxAttempts: options.maxAttempts,
      handler: async (message, { tx }) => {
        let rejection: string | undefined;
        await options.handler([message], { tx, reject: (_m, reason) => (rejection ??= reason) });
        if (rejection !== undefined) throw new MessageRejectedError(rejection);
      },
    });
  }
  abstract close(): Promise<void>;
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
