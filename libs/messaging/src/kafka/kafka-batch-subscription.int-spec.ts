import { PgDatabase, runMigrations } from '@roaming/event-store';
import { KafkaTestProbe } from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import { messagingMigrations } from '../consumer/messaging.migrations';
import { deadLetterTopic, HEADER, type InboundMessage } from '../message-bus.port';
import { KafkaMessageBus } from './kafka-message-bus';

const BROKERS = ['127.0.0.1:9092'];
const run = randomBytes(5).toString('hex');
const schema = `messaging_batch_it_${run}`;

describe('KafkaMessageBus.subscribeBatch (real Kafka and PostgreSQL)', () => {
  let db: PgDatabase;
  let bus: KafkaMessageBus;
  const probe = new KafkaTestProbe(BROKERS);

  beforeAll(async () => {
    db = new PgDatabase('postgres://postgres@127.0.0.1:5432/test');
    await runMigrations(db, messagingMigrations);
    await db.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.effects (id serial PRIMARY KEY, msg_key text, seq int)`,
    );
    bus = new KafkaMessageBus({ brokers: BROKERS, clientId: `messaging-batch-it-${run}`, database: db });
    await probe.connect();
  });

  afterAll(async () => {
    await bus?.close();
    await probe.close();
    await db?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.query(`DELETE FROM messaging.processed_messages WHERE consumer_group LIKE $1`, [`%-${run}`]);
    await db?.close();
  });

  it('applies batches in per-key order, commits offsets, and parks rejected messages on the DLQ', async () => {
    const topic = `it.messaging.batch.${run}.v1`;
    const group = `it-batch-${run}`;
    const sizes: number[] = [];
    const subscription = await bus.subscribeBatch({
      groupId: group,
      topics: [topic],
      maxBatchSize: 50,
      handler: async (messages: readonly InboundMessage[], { tx, reject }) => {
        sizes.push(messages.length);
        for (const m of messages) {
          const { seq } = JSON.parse(m.rawValue) as { seq: number };
          if (seq < 0) reject(m, 'negative seq');
          else await tx.query(`INSERT INTO ${schema}.effects (msg_key, seq) VALUES ($1, $2)`, [m.key, seq]);
        }
      },
    });
    const poisonId = randomUUID();
    const messages = ['a', 'b', 'c'].flatMap((key) =>
      Array.from({ length: 100 }, (_, seq) => ({
        key,
        value: JSON.stringify({ seq: key === 'b' && seq === 50 ? -1 : seq }),
        headers: { [HEADER.messageId]: key === 'b' && seq === 50 ? poisonId : randomUUID() },
      })),
    );
    await probe.produce(topic, messages);
    await probe.waitForGroupToReach(group, topic);
    const rows = (
      await db.query<{ msg_key: string; seq: number }>(`SELECT msg_key, seq FROM ${schema}.effects ORDER BY id`)
    ).rows;
    expect(rows).toHaveLength(299);
    for (const key of ['a', 'b', 'c']) {
      const seqs = rows.filter((r) => r.msg_key === key).map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(sizes.some((n) => n > 1)).toBe(true);
    const letter = await probe.waitForMessage(deadLetterTopic(topic), (m) =>
      m.headers[HEADER.messageId] === poisonId ? m : undefined,
    );
    expect(letter.headers[HEADER.error]).toBe('negative seq');
    await subscription.close();
  }, 60_000);
});
