import { TOPIC_CONFIG_ENTRIES } from '@roaming/messaging';
import { randomBytes, randomUUID } from 'crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { waitFor } from './wait-for';

/** The server the integration and e2e tests use: DATABASE_URL, or the local test database. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function testKafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
}

/** A short random suffix for names that must not collide between runs. */
export function uniqueSuffix(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * A new, empty database on the test server, as a context would get its own in production. `drop()` removes it
 * (forcing out connections a failed test left behind).
 */
export async function createTestDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = new URL(testDatabaseUrl());
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${uniqueSuffix()}`;
  const admin = new Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Kafka admin helpers for tests that wait on offsets (never on sleeps). */
export class KafkaTestProbe {
  private readonly kafka: Kafka;
  private readonly admin;

  constructor(brokers: string[] = testKafkaBrokers()) {
    this.kafka = new Kafka({ clientId: `test-probe-${uniqueSuffix()}`, brokers, logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
  }

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }

  /** The end of every partition of a topic (the offset the next message will get). */
  async endOffsets(topic: string): Promise<Map<number, bigint>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  }

  /** Waits until a consumer group has committed every partition of `topic` up to `ends` (default: now's end). */
  async waitForGroupToReach(
    groupId: string,
    topic: string,
    ends?: Map<number, bigint>,
    timeoutMs = 30_000,
  ): Promise<void> {
    const target = ends ?? (await this.endOffsets(topic));
    await waitFor(
      async () => {
        const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
        if (!committed) return false;
        for (const [partition, end] of target) {
          if (end === 0n) continue;
          const entry = committed.partitions.find((p) => p.partition === partition);
          const at = entry && entry.offset !== '-1' ? BigInt(entry.offset) : 0n;
          if (at < end) return false;
        }
        return true;
      },
      { timeoutMs, intervalMs: 100, description: `consumer group ${groupId} to reach the end of ${topic}` },
    );
  }

  /** Reads every message of a topic from the beginning until `predicate` finds what it wants. */
  async waitForMessage<T>(
    topic: string,
    predicate: (m: { key: string | null; value: string; headers: Record<string, string> }) => T | undefined,
    timeoutMs = 30_000,
  ): Promise<T> {
    // The topic may not exist yet (a dead-letter topic is created by its first letter): create it, as producers do.
    await this.createTopic(topic);
    const consumer = this.kafka.consumer({ groupId: `test-reader-${uniqueSuffix()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let found: T | undefined;
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (found !== undefined) return;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
        found = predicate({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
      },
    });
    try {
      return await waitFor(async () => found, {
        timeoutMs,
        intervalMs: 100,
        description: `a matching message on ${topic}`,
      });
    } finally {
      await consumer.disconnect();
    }
  }

  /**
   * Integration events as another context's forwarder publishes them (libs/contracts envelope: type, schemaVersion 1,
   * occurredAt, data; headers message-id, type, schema-version), all under one key, in order.
   */
  async produceEvents(
    topic: string,
    key: string,
    events: readonly (readonly [type: string, data: unknown])[],
  ): Promise<void> {
    await this.produce(
      topic,
      events.map(([type, data]) => ({
        key,
        value: JSON.stringify({ type, schemaVersion: 1, occurredAt: new Date().toISOString(), data }),
        headers: { 'message-id': randomUUID(), type, 'schema-version': '1' },
      })),
    );
  }

  async produce(
    topic: string,
    messages: { key: string; value: string; headers?: Record<string, string> }[],
  ): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    await this.createTopic(topic);
    await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
  }

  /**
   * Creates a topic as the message bus does (the broker stamps append times, which the B2B doors need), unless it
   * exists: for a test that produces with a client of its own, which would create it with producer timestamps.
   */
  async createTopic(topic: string): Promise<void> {
    // kafkajs resolves false when the topic exists; anything else is an error the test must see (swallowed, a
    // producer would auto-create the topic with producer timestamps, and the doors would refuse its messages).
    await this.admin
      .createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1, configEntries: TOPIC_CONFIG_ENTRIES }],
      })
      .catch((error: unknown) => {
        if (!/TOPIC_ALREADY_EXISTS|already exists/i.test(String((error as Error)?.message ?? error))) throw error;
      });
  }
}
