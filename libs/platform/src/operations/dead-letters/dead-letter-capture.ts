import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventStore, handleCommand } from '@roaming/event-store';
import {
  deadLetterTopic,
  HEADER,
  type InboundMessage,
  MessageBus,
  type MessageHandlerContext,
  type Subscription,
} from '@roaming/messaging';
import { Clock } from '@roaming/shared-kernel';
import { AppConfig } from '../../config/app-config';
import { OPERATIONS_OPTIONS, type OperationsOptions } from '../operations.options';
import { deadLetterDecider, deadLetterId, deadLetterStream, type DeadLetterFacts } from './domain';

const DLQ_SUFFIX = '.dlq';

/** The consumer group that captures an app's dead letters: `<app>.dead-letters`. */
export function deadLetterCaptureGroup(appName: string): string {
  return `${appName}.dead-letters`;
}

/**
 * Captures what this app's consumers parked on `<topic>.dlq` into the app's own store: one `deadLetter-<app>+<id>`
 * stream per message, parked again when a replay fails again. Kafka keeps the dead-letter topics too; the store is
 * where the operator's decisions about them are recorded.
 */
@Injectable()
export class DeadLetterCapture {
  private readonly logger = new Logger(DeadLetterCapture.name);
  private subscription?: Subscription;

  constructor(
    private readonly config: AppConfig,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
  ) {}

  get groupId(): string {
    return deadLetterCaptureGroup(this.config.appName);
  }

  async start(): Promise<void> {
    const topics = [...new Set(this.options.consumedTopics ?? [])].map(deadLetterTopic);
    if (topics.length === 0) return;
    this.subscription = await this.bus.subscribe({ groupId: this.groupId, topics, handler: this.capture });
    this.logger.log(`capturing dead letters of ${topics.join(', ')}`);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  readonly capture = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const facts = deadLetterFacts(this.config.appName, message);
    await handleCommand(
      this.store,
      deadLetterStream(this.config.appName, facts.letterId),
      deadLetterDecider,
      { type: 'ParkDeadLetter', data: { ...facts, at: this.clock.now().toISOString() } },
      {
        tx,
        metadata: {
          actor: `system:${this.groupId}`,
          correlationId: message.headers[HEADER.correlationId] ?? facts.messageId,
        },
      },
    );
  };
}

/** What a `.dlq` record says about the message that failed (headers written by the consumer that gave up). */
export function deadLetterFacts(appName: string, message: InboundMessage): DeadLetterFacts {
  const headers = message.headers;
  // The handler sees topics without the environment's prefix; the original-topic header carries it.
  const originalTopic = message.topic.endsWith(DLQ_SUFFIX)
    ? message.topic.slice(0, -DLQ_SUFFIX.length)
    : (headers[HEADER.originalTopic] ?? message.topic);
  const messageId = headers[HEADER.messageId];
  return {
    letterId: deadLetterId(appName, message.topic, messageId),
    deadLetterTopic: message.topic,
    originalTopic,
    messageId,
    messageType: headers[HEADER.type] ?? null,
    key: message.key,
    rawValue: message.rawValue,
    headers,
    error: headers[HEADER.error] ?? '(no reason given)',
    consumerGroup: headers[HEADER.consumerGroup] ?? null,
    originalPartition: headers[HEADER.originalPartition] ?? null,
    originalOffset: headers[HEADER.originalOffset] ?? null,
  };
}
