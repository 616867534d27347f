import { Logger, type LoggerService } from '@nestjs/common';
import type { Database } from '@roaming/event-store';
import {
  type Admin,
  ConfigResourceTypes,
  type Consumer,
  type ConsumerRunConfig,
  Kafka,
  logLevel,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { DeadLetterMessage } from '../consumer/dead-letter';
import { reliableBatchHandler } from '../consumer/reliable-batch-handler';
import { reliableHandler } from '../consumer/reliable-handler';
import {
  type BatchSubscriptionOptions,
  MessageBus,
  type OutboundMessage,
  type Subscription,
  type SubscriptionOptions,
} from '../message-bus.port';
import { decodeInbound, encodeDeadLetter, encodeOutbound, TOPIC_CONFIG_ENTRIES } from './kafka-codec';

const TIMESTAMP_TYPE = 'message.timestamp.type';
import { nestLogCreator } from './kafka-log-creator';

export interface KafkaMessageBusOptions {
  brokers: string[];
  clientId: string;
  /** Where consumers write their effects and de-duplication rows. */
  database: Database;
  logger?: LoggerService;
  /** Partitions of the topics this bus creates (default 3). */
  numPartitions?: number;
  /** Replication factor of the topics this bus creates (default 1: the single-node local broker). */
  replicationFactor?: number;
  /**
   * How long a consumer's fetch waits on the broker for new messages (default 1000 ms). kafkajs' close waits for the
   * fetch in flight, so this also bounds how long closing a subscription takes (kafkajs' own default is 5 s).
   */
  fetchMaxWaitMs?: number;
}

export interface KafkaClusterInfo {
  clusterId: string;
  brokers: number;
  controller: number | null;
}

export interface OutgoingRecord {
  topic: string;
  message: Message;
}

/**
 * The messaging port on Kafka (kafkajs). One idempotent producer per bus (so per process), connected on first use;
 * every send waits for acks from all in-sync replicas. One consumer per consumer group, processing each partition
 * in order; its offset is committed only after the message's transaction committed or the message was
 * dead-lettered, because kafkajs resolves an offset only once `eachMessage` has resolved.
 */
export class KafkaMessageBus extends MessageBus {
  private readonly kafka: Kafka;
  private readonly logger: LoggerService;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  /** Topics known to exist (or being created), so that each is created at most once per process. */
  private readonly topics = new Map<string, Promise<void>>();
  private readonly subscriptions = new Map<string, KafkaSubscription>();
  private closed = false;

  constructor(private readonly options: KafkaMessageBusOptions) {
    super();
    this.logger = options.logger ?? new Logger(KafkaMessageBus.name);
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: nestLogCreator(this.logger),
    });
  }

  async publish(messages: readonly OutboundMessage[]): Promise<void> {
    this.assertOpen();
    await this.send(messages.map((m) => ({ topic: m.topic, message: encodeOutbound(m) })));
  }

  async subscribe(options: SubscriptionOptions): Promise<Subscription> {
    return this.startConsumer(options.groupId, options.topics, (signal) => {
      const handle = reliableHandler({
        database: this.options.database,
        groupId: options.groupId,
        handler: options.handler,
        maxAttempts: options.maxAttempts,
        deadLetter: (letter) => this.sendDeadLetter(letter),
        logger: this.logger,
        signal,
      });
      return {
        autoCommit: true,
        // Per-partition order: kafkajs hands one partition's messages to eachMessage one at a time.
        eachMessage: async ({ topic, partition, message, heartbeat }) => {
          // Resolves for every outcome; it only throws DeliveryAbandonedError while the subscription closes, which
          // keeps that offset uncommitted (kafkajs is stopping then, so the throw does not restart the consumer).
          await handle(decodeInbound(topic, partition, message), { beforeWait: heartbeat });
        },
      };
    });
  }

  /**
   * One transaction per slice of up to `maxBatchSize` messages of a fetched partition batch, partitions in parallel;
   * a slice's offsets are resolved only after it committed (or its messages were dead-lettered).
   */
  override async subscribeBatch(options: BatchSubscriptionOptions): Promise<Subscription> {
    const maxBatchSize = Math.max(1, options.maxBatchSize ?? 500);
    return this.startConsumer(options.groupId, options.topics, (signal) => {
      const handle = reliableBatchHandler({
        database: this.options.database,
        groupId: options.groupId,
        handler: options.handler,
        maxAttempts: options.maxAttempts,
        deadLetter: (letter) => this.sendDeadLetter(letter),
        logger: this.logger,
        signal,
      });
      return {
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.numPartitions ?? 3,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
            if (!isRunning() || isStale()) return;
            const slice = batch.messages.slice(start, start + maxBatchSize);
            await handle(
              slice.map((m) => decodeInbound(batch.topic, batch.partition, m)),
              { beforeWait: heartbeat },
            );
            resolveOffset(slice[slice.length - 1].offset);
            await heartbeat();
          }
        },
      };
    });
  }

  private async startConsumer(
    groupId: string,
    topics: readonly string[],
    runConfig: (signal: AbortSignal) => ConsumerRunConfig,
  ): Promise<Subscription> {
    this.assertOpen();
    if (this.subscriptions.has(groupId)) throw new Error(`consumer group ${groupId} is already subscribed on this bus`);
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 1_000,
    });
    const subscription = new KafkaSubscription(consumer, () => this.subscriptions.delete(groupId));
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.logger.error(`consumer group ${groupId} crashed (restart: ${payload.restart}): ${payload.error.message}`),
    );
    this.subscriptions.set(groupId, subscription);
    try {
      await this.ensureTopics(topics);
      void this.warnOfProducerTimestamps(topics);
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await consumer.run(runConfig(subscription.signal));
    } catch (error) {
      await subscription.close();
      throw error;
    }
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions.values()].map((s) => s.close()));
    // Consumers first: an in-flight message may still be dead-lettered through the producer.
    await Promise.all([disconnect(this.producer), disconnect(this.admin)]);
  }

  /** Asks the cluster for its brokers; rejects when no answer comes within `timeoutMs`. */
  async describeCluster(timeoutMs = 3_000): Promise<KafkaClusterInfo> {
    this.assertOpen();
    const cluster = await withTimeout(
      this.connectedAdmin().then((admin) => admin.describeCluster()),
      timeoutMs,
      `kafka did not answer describeCluster within ${timeoutMs} ms`,
    );
    return { clusterId: cluster.clusterId, brokers: cluster.brokers.length, controller: cluster.controller };
  }

  private async sendDeadLetter(letter: DeadLetterMessage): Promise<void> {
    await this.send([{ topic: letter.topic, message: encodeDeadLetter(letter) }]);
  }

  private async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureTopics([...new Set(records.map((r) => r.topic))]);
    const producer = await this.connectedProducer();
    // Within a topic the messages keep their order; the idempotent producer with one request in flight keeps that
    // order per partition across retries, and the requests go one after the other.
    for (const slice of slicesUnder(records, MAX_REQUEST_BYTES)) {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of slice) {
        const messages = byTopic.get(topic) ?? [];
        messages.push(message);
        byTopic.set(topic, messages);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
  }

  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = [...new Set(topics)].filter((t) => !this.topics.has(t));
    if (missing.length > 0) {
      const creation = this.createTopics(missing);
      for (const topic of missing) this.topics.set(topic, creation);
      // A failed creation is forgotten so that the next publish tries again.
      creation.catch(() => missing.forEach((t) => this.topics.get(t) === creation && this.topics.delete(t)));
    }
    await Promise.all(topics.map((t) => this.topics.get(t)));
  }

  /**
   * Says loudly, once per subscription, when a consumed topic keeps the producer's timestamps: the bus creates its
   * topics with LogAppendTime, but a topic that existed before (an upgrade, or one a partner's producer auto-created)
   * keeps what it has, and a B2B door refuses every partner message on it (no append time to bound the signing time
   * by). Only says: changing a shared topic's configuration is the operator's call.
   */
  private async warnOfProducerTimestamps(topics: readonly string[]): Promise<void> {
    try {
      const admin = await this.connectedAdmin();
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [TIMESTAMP_TYPE] })),
      });
      for (const resource of resources) {
        const type = resource.configEntries.find((entry) => entry.configName === TIMESTAMP_TYPE)?.configValue;
        if (type !== undefined && type !== 'LogAppendTime') {
          this.logger.error(
            `topic ${resource.resourceName} has ${TIMESTAMP_TYPE}=${type}: its records carry no broker append time, ` +
              `so a B2B door refuses every partner message on it (UNAUTHENTICATED); set ${TIMESTAMP_TYPE}=LogAppendTime ` +
              `on it (kafka-configs --alter --entity-type topics --entity-name ${resource.resourceName} ` +
              `--add-config ${TIMESTAMP_TYPE}=LogAppendTime)`,
          );
        }
      }
    } catch (error) {
      this.logger.warn(`could not read the timestamp type of ${topics.join(', ')}: ${(error as Error).message}`);
    }
  }

  private async createTopics(topics: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    // Resolves false when some already existed: topics are shared with other processes, so that is normal.
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({
        topic,
        numPartitions: this.options.numPartitions ?? 3,
        replicationFactor: this.options.replicationFactor ?? 1,
        configEntries: TOPIC_CONFIG_ENTRIES,
      })),
    });
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= connectOrForget(
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Explicit, so kafkajs does not warn about its v2 default change; murmur2 like the Java client.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= connectOrForget(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the Kafka message bus is closed');
  }
}

class KafkaSubscription implements Subscription {
  private readonly abort = new AbortController();
  private closing?: Promise<void>;

  constructor(
    private readonly consumer: Consumer,
    private readonly onClosed: () => void,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  close(): Promise<void> {
    this.closing ??= this.disconnect();
    return this.closing;
  }

  private async disconnect(): Promise<void> {
    // Abort first: a message waiting out a back-off is abandoned (left uncommitted) instead of holding the close.
    this.abort.abort();
    try {
      await this.consumer.disconnect();
    } finally {
      this.onClosed();
    }
  }
}

async function connectOrForget<Client extends { connect(): Promise<void> }>(
  client: Client,
  forget: () => void,
): Promise<Client> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}

async function disconnect(client: Promise<{ disconnect(): Promise<void> }> | undefined): Promise<void> {
  if (!client) return;
  const connected = await client.catch(() => undefined);
  await connected?.disconnect();
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What one produce request may carry. The broker refuses a record batch over its message.max.bytes (1 MiB by
 * default) and kafkajs's idempotent producer does not recover its sequence numbers after such a refusal, so a large
 * publish is cut into requests well under that limit (a single bigger message still goes alone, and fails alone).
 */
const MAX_REQUEST_BYTES = 512 * 1024;

/** Consecutive slices of the records, each under `maxBytes` (estimated from keys, values and headers). */
export function slicesUnder(records: readonly OutgoingRecord[], maxBytes: number): OutgoingRecord[][] {
  const slices: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = estimatedBytes(record.message);
    if (current.length > 0 && bytes + size > maxBytes) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

function estimatedBytes(message: Message): number {
  const length = (value: unknown) =>
    value === null || value === undefined
      ? 0
      : Buffer.isBuffer(value)
        ? value.length
        : Buffer.byteLength(String(value));
  let headers = 0;
  for (const [name, value] of Object.entries(message.headers ?? {})) headers += name.length + length(value);
  // Record overhead (lengths, offsets, timestamps) is small next to the limit's margin.
  return length(message.key) + length(message.value) + headers + 32;
}
