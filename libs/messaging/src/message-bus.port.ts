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
  /** At least message-id and type. */
  headers: Record<string, string>;
}

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The raw body; parse it in the handler so that a malformed body can be dead-lettered. */
  rawValue: string;
  headers: Record<string, string>;
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

/**
 * The messaging port. Adapters: kafkajs (server mode) and in-process (embedded mode), with the same semantics:
 * order per key, at-least-once delivery, de-duplication by message id, bounded retries, then a dead-letter topic.
 */
export abstract class MessageBus {
  /** Resolves only after the broker acknowledged every message (acks=all). */
  abstract publish(messages: readonly OutboundMessage[]): Promise<void>;
  abstract subscribe(options: SubscriptionOptions): Promise<Subscription>;
  abstract close(): Promise<void>;
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
