import {
  type Checkpoint,
  eventStoreMigrations,
  PgDatabase,
  PostgresEventStore,
  type RecordedEvent,
  runMigrations,
  START,
} from '@roaming/event-store';
import { waitFor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { messagingMigrations } from '../consumer/messaging.migrations';
import { KafkaMessageBus } from '../kafka/kafka-message-bus';
import { HEADER, MessageBus, type OutboundMessage } from '../message-bus.port';
import { EventForwarder } from './event-forwarder';
import { integrationMessage, integrationMessageId } from './integration-message';

const BROKERS = ['127.0.0.1:9092'];
const run = randomBytes(5).toString('hex');
const schema = `forwarder_it_${run}`;
const category = `itContract${run}`;
const topic = `it.forwarder.${run}.v1`;
const group = `it-forwarder-consumer-${run}`;
const processorId = `kafka-forwarder:it-${run}`;

describe('EventForwarder to Kafka (real Kafka and PostgreSQL)', () => {
  let db: PgDatabase;
  let store: PostgresEventStore;
  let kafkaBus: KafkaMessageBus;
  let admin: Admin;
  /** The forwarder's checkpoint as it was when each publish was acknowledged. */
  const checkpointsAtAck: Checkpoint[] = [];
  const published: OutboundMessage[] = [];

  beforeAll(async () => {
    db = new PgDatabase('postgres://postgres@127.0.0.1:5432/test');
    await runMigrations(db, eventStoreMigrations);
    await runMigrations(db, messagingMigrations);
    await db.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.received (id serial PRIMARY KEY, message_id text, stream text, seq int)`,
    );
    store = new PostgresEventStore(db);
    kafkaBus = new KafkaMessageBus({ brokers: BROKERS, clientId: `forwarder-it-${run}`, database: db });
    admin = new Kafka({ brokers: BROKERS, clientId: `forwarder-it-admin-${run}`, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await kafkaBus?.close();
    await admin?.disconnect();
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.query(`DELETE FROM messaging.processed_messages WHERE consumer_group = $1`, [group]);
    await db?.query(`DELETE FROM es.checkpoints WHERE processor_id = $1`, [processorId]);
    await db?.close();
  });

  /** Publishes through Kafka and notes where the forwarder's checkpoint stood at the moment of the ack. */
  const observed = new (class extends MessageBus {
    publish = async (messages: readonly OutboundMessage[]) => {
      await kafkaBus.publish(messages);
      published.push(...messages);
      checkpointsAtAck.push(await store.readCheckpoint(processorId));
    };
    subscribe = (...args: Parameters<MessageBus['subscribe']>) => kafkaBus.subscribe(...args);
    close = () => Promise.resolve();
  })();

  const forwarder = () =>
    new EventForwarder({
      processorId,
      store,
      bus: observed,
      categories: [category],
      map: (event: RecordedEvent) => [
        integrationMessage(event, 0, { topic, type: `${event.type}V1`, schemaVersion: 1, value: event.data }),
      ],
    });

  const received = async () =>
    (
      await db.query<{ message_id: string; stream: string; seq: number }>(
        `SELECT message_id, stream, seq FROM ${schema}.received ORDER BY id`,
      )
    ).rows;

  const committedOffsets = async () => {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  };

  it('forwards events to the topic, moves its checkpoint after the ack, and re-sends the same ids after a restart', async () => {
    const streams = ['a', 'b', 'c'].map((id) => `${category}-${id}`);
    for (const seq of [1, 2]) {
      for (const stream of streams) await store.append(stream, [{ type: 'ContractRegistered', data: { seq } }]);
    }
    await kafkaBus.subscribe({
      groupId: group,
      topics: [topic],
      handler: async (m, { tx }) => {
        const { seq } = JSON.parse(m.rawValue) as { seq: number };
        await tx.query(`INSERT INTO ${schema}.received (message_id, stream, seq) VALUES ($1, $2, $3)`, [
          m.headers[HEADER.messageId],
          m.key,
          seq,
        ]);
      },
    });

    const first = forwarder();
    expect(await first.catchUp()).toBe(6);

    const events = await store.readAll({ categories: [category] });
    const last = events[events.length - 1];
    expect(await first.checkpoint()).toEqual({
      transactionId: last.transactionId,
      globalPosition: last.globalPosition,
    });
    expect(checkpointsAtAck).toEqual([START]);

    await waitFor(async () => (await received()).length === 6, {
      description: '6 forwarded messages consumed',
      timeoutMs: 30_000,
    });
    const rows = await received();
    expect(rows.map((r) => r.message_id).sort()).toEqual(events.map((e) => integrationMessageId(e, 0)).sort());
    for (const stream of streams) expect(rows.filter((r) => r.stream === stream).map((r) => r.seq)).toEqual([1, 2]);

    // A crash after the ack but before the checkpoint commit: the next instance starts from the old checkpoint.
    expect(await store.advanceCheckpoint(processorId, await first.checkpoint(), START)).toBe(true);
    expect(await forwarder().catchUp()).toBe(6);
    expect(published.slice(6).map((m) => m.headers[HEADER.messageId])).toEqual(
      published.slice(0, 6).map((m) => m.headers[HEADER.messageId]),
    );

    await waitFor(async () => (await committedOffsets()) === 12, { description: 'the re-sent messages consumed' });
    expect(await received()).toHaveLength(6);
  });

  it('forwards new appends while running', async () => {
    const running = forwarder();
    running.start();
    try {
      await store.append(`${category}-d`, [{ type: 'ContractRegistered', data: { seq: 3 } }]);
      await waitFor(async () => (await received()).some((r) => r.stream === `${category}-d`), {
        description: 'the new event consumed',
        timeoutMs: 30_000,
      });
    } finally {
      await running.stop();
    }
  });
});
