import { PgDatabase, runMigrations, type SqlExecutor } from '@roaming/event-store';
import { waitFor } from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { messagingMigrations } from '../consumer/messaging.migrations';
import { deadLetterTopic, HEADER, type InboundMessage, type OutboundMessage } from '../message-bus.port';
import { decodeInbound } from './kafka-codec';
import { kafkaHealthCheck } from './kafka-health-check';
import { KafkaMessageBus } from './kafka-message-bus';

const BROKERS = ['127.0.0.1:9092'];
const run = randomBytes(5).toString('hex');
const schema = `messaging_it_${run}`;

describe('KafkaMessageBus (real Kafka and PostgreSQL)', () => {
  let db: PgDatabase;
  let bus: KafkaMessageBus;
  let admin: Admin;
  let tests = 0;

  beforeAll(async () => {
    db = new PgDatabase('postgres://postgres@127.0.0.1:5432/test');
    await runMigrations(db, messagingMigrations);
    await db.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.effects (id serial PRIMARY KEY, grp text, msg_key text, seq int)`,
    );
    bus = new KafkaMessageBus({ brokers: BROKERS, clientId: `messaging-it-${run}`, database: db });
    admin = new Kafka({ brokers: BROKERS, clientId: `messaging-it-admin-${run}`, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await bus?.close();
    await admin?.disconnect();
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.query(`DELETE FROM messaging.processed_messages WHERE consumer_group LIKE $1`, [`%-${run}-%`]);
    await db?.close();
  });

  const names = () => {
    tests++;
    return { topic: `it.messaging.${run}.${tests}.v1`, group: `it-${run}-${tests}` };
  };

  const message = (topic: string, key: string, seq: number, id: string = randomUUID()): OutboundMessage => ({
    topic,
    key,
    value: { seq },
    headers: { [HEADER.messageId]: id, [HEADER.type]: 'Tested' },
  });

  /** Parses the body like a real handler does; a body it cannot use is the handler's error. */
  const recordEffect =
    (group: string) =>
    async (m: InboundMessage, { tx }: { tx: SqlExecutor }) => {
      const body = JSON.parse(m.rawValue) as { seq?: unknown };
      if (typeof body.seq !== 'number') throw new Error('seq must be a number');
      await tx.query(`INSERT INTO ${schema}.effects (grp, msg_key, seq) VALUES ($1, $2, $3)`, [group, m.key, body.seq]);
    };

  const effects = async (group: string) =>
    (
      await db.query<{ msg_key: string; seq: number }>(
        `SELECT msg_key, seq FROM ${schema}.effects WHERE grp = $1 ORDER BY id`,
        [group],
      )
    ).rows;

  /** Sum over partitions of the group's committed offsets (-1 = nothing committed counts as 0). */
  const committed = async (group: string, topic: string) => {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  };

  it('answers the health check', async () => {
    await expect(kafkaHealthCheck(bus).check()).resolves.toBeUndefined();
  });

  it('consumes in per-key order and commits the offsets of what it processed', async () => {
    const { topic, group } = names();
    const keys = ['evse-1', 'evse-2', 'evse-3', 'evse-4'];
    const batch = (from: number) => keys.flatMap((key) => [0, 1, 2, 3, 4].map((i) => message(topic, key, from + i)));
    await bus.publish(batch(0));

    await bus.subscribe({ groupId: group, topics: [topic], handler: recordEffect(group) });
    await bus.publish(batch(5));

    await waitFor(async () => (await effects(group)).length === 40, { description: '40 effects', timeoutMs: 30_000 });
    const rows = await effects(group);
    for (const key of keys) {
      expect(rows.filter((r) => r.msg_key === key).map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    await waitFor(async () => (await committed(group, topic)) === 40, { description: 'offsets committed to 40' });
    const partitions = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(partitions.topics[0].partitions).toHaveLength(3);
  });

  it("hands each message the broker's append time on the topics it creates, whatever timestamp the producer set", async () => {
    const { topic, group } = names();
    const received: InboundMessage[] = [];
    await bus.subscribe({ groupId: group, topics: [topic], handler: async (m) => void received.push(m) });
    const producer = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const before = Date.now();
    // A producer claiming its message is from 1970 (or any time it likes): the broker's stamp replaces it.
    await producer.send({
      topic,
      messages: [{ key: 'k', value: '{}', timestamp: '1000', headers: { 'message-id': 'a' } }],
    });
    // A topic created elsewhere with CreateTime (Kafka's default; said explicitly because deploy/local's broker
    // defaults to LogAppendTime): its timestamps are the producer's, so none is given.
    const other = `${topic}.create-time`;
    await admin.createTopics({
      topics: [
        { topic: other, numPartitions: 1, configEntries: [{ name: 'message.timestamp.type', value: 'CreateTime' }] },
      ],
    });
    await producer.send({ topic: other, messages: [{ key: 'k', value: '{}', headers: { 'message-id': 'b' } }] });
    await producer.disconnect();
    // A bus that consumes it says so at once, naming the topic and the fix.
    const errors: string[] = [];
    const watching = new KafkaMessageBus({
      brokers: BROKERS,
      clientId: `messaging-it-watch-${run}`,
      database: db,
      logger: { log: () => undefined, warn: () => undefined, error: (m: unknown) => void errors.push(String(m)) },
    });
    try {
      await watching.subscribe({
        groupId: `${group}-b`,
        topics: [topic, other],
        handler: async (m) => void received.push(m),
      });
      await waitFor(() => errors.some((e) => e.includes(other)), { description: 'the CreateTime topic named' });
      expect(errors.filter((e) => e.includes('message.timestamp.type'))).toEqual([
        expect.stringContaining(`topic ${other} has message.timestamp.type=CreateTime`),
      ]);

      const [appended, created] = await waitFor(
        async () => {
          const a = received.find((m) => m.headers['message-id'] === 'a');
          const b = received.find((m) => m.headers['message-id'] === 'b');
          return a && b ? [a, b] : undefined;
        },
        { description: 'both messages', timeoutMs: 30_000 },
      );
      expect(appended.appendedAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(appended.appendedAt?.getTime()).toBeLessThanOrEqual(Date.now());
      expect(created.appendedAt).toBeUndefined();
    } finally {
      await watching.close();
    }
  });

  it('publishes more than the broker takes in one request (4 MB to one partition), and keeps producing after', async () => {
    const { topic } = names();
    const big = Array.from({ length: 2_000 }, (_, seq) => ({
      ...message(topic, 'one-partition', seq),
      value: { seq, padding: 'x'.repeat(2_000) },
    }));
    await bus.publish(big);
    // Before the requests were cut by size, the idempotent producer was left broken here (out-of-order sequence).
    await bus.publish([message(topic, 'one-partition', 2_000)]);

    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(2_001);
  });

  it('applies a redelivered message id once', async () => {
    const { topic, group } = names();
    await bus.subscribe({ groupId: group, topics: [topic], handler: recordEffect(group) });
    const id = randomUUID();

    await bus.publish([message(topic, 'k', 1, id)]);
    await bus.publish([message(topic, 'k', 1, id)]);
    // Same key, same partition, published last: once it is applied, the duplicate before it was handled too.
    await bus.publish([message(topic, 'k', 2)]);

    await waitFor(async () => (await effects(group)).some((r) => r.seq === 2), { description: 'the sentinel' });
    expect((await effects(group)).map((r) => r.seq)).toEqual([1, 2]);
    await waitFor(async () => (await committed(group, topic)) === 3, { description: 'all three offsets committed' });
  });

  it('dead-letters poison messages with the error and keeps processing the partition', async () => {
    const { topic, group } = names();
    await bus.subscribe({ groupId: group, topics: [topic], maxAttempts: 2, handler: recordEffect(group) });
    const unusable = message(topic, 'evse-7', 0);
    unusable.value = { seq: 'not a number' };
    const noId: OutboundMessage = { topic, key: 'evse-7', value: { seq: 1 }, headers: { [HEADER.type]: 'Tested' } };

    await bus.publish([unusable, noId, message(topic, 'evse-7', 2)]);

    await waitFor(async () => (await effects(group)).length === 1, { description: 'the message after the poison' });
    expect(await effects(group)).toEqual([{ msg_key: 'evse-7', seq: 2 }]);

    const letters = await readAll(deadLetterTopic(topic), 2);
    const [first, second] = letters.sort(
      (a, b) => Number(a.headers[HEADER.originalOffset]) - Number(b.headers[HEADER.originalOffset]),
    );
    expect(first).toMatchObject({
      key: 'evse-7',
      rawValue: JSON.stringify(unusable.value),
      headers: {
        ...unusable.headers,
        [HEADER.error]: 'seq must be a number',
        [HEADER.originalTopic]: topic,
        [HEADER.consumerGroup]: group,
      },
    });
    expect(second.headers[HEADER.error]).toBe('missing message-id header');
    expect(second.headers[HEADER.originalPartition]).toBe(first.headers[HEADER.originalPartition]);
    expect(Number(second.headers[HEADER.originalOffset])).toBe(Number(first.headers[HEADER.originalOffset]) + 1);
    await waitFor(async () => (await committed(group, topic)) === 3, { description: 'offsets past the poison' });
  });

  /** Reads `count` messages of a topic from the beginning with a plain kafkajs consumer. */
  async function readAll(topic: string, count: number): Promise<InboundMessage[]> {
    const kafka = new Kafka({ brokers: BROKERS, clientId: `messaging-it-reader-${run}`, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `it-reader-${run}-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const received: InboundMessage[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => void received.push(decodeInbound(topic, partition, message)),
      });
      await waitFor(() => received.length >= count, {
        description: `${count} messages on ${topic}`,
        timeoutMs: 30_000,
      });
    } finally {
      await consumer.disconnect();
    }
    return received;
  }
});
