import type { Database } from '@roaming/event-store';
import { type Kafka, Partitioners } from 'kafkajs';
import { Histogram } from './histogram';
import { latencyFigures, type LatencyFigures, round } from './recorder';

/**
 * What the infrastructure itself can do with the scenario's payloads, measured in the same run on the same
 * servers, so that every figure of the clearing house can be read as a share of it.
 */
export interface RawLimit {
  /** 'postgres.batched-insert', 'kafka.produce-batched', … */
  name: string;
  description: string;
  /** Rows or messages per second. */
  perSecond: number;
  /** Per statement or send. */
  latency: LatencyFigures;
  items: number;
  seconds: number;
  payloadBytes: number;
}

const BATCH = 100;

async function loop(
  seconds: number,
  workers: number,
  once: () => Promise<number>,
): Promise<{ items: number; elapsed: number; latency: Histogram }> {
  const latency = new Histogram(10);
  const deadline = performance.now() + seconds * 1000;
  let items = 0;
  const started = performance.now();
  await Promise.all(
    [...Array(workers).keys()].map(async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        items += await once();
        latency.record((performance.now() - t) * 1000);
      }
    }),
  );
  return { items, elapsed: (performance.now() - started) / 1000, latency };
}

function limit(
  name: string,
  description: string,
  run: { items: number; elapsed: number; latency: Histogram },
  payloadBytes: number,
): RawLimit {
  return {
    name,
    description,
    perSecond: round(run.items / run.elapsed, 1),
    latency: latencyFigures(run.latency.snapshot()),
    items: run.items,
    seconds: round(run.elapsed, 2),
    payloadBytes,
  };
}

/**
 * Plain INSERTs of the payloads into a scratch table: batches of 100 rows per statement (the ceiling for bulk
 * writes), and one row per autocommitted statement (one commit each, the ceiling for anything that commits per
 * request, as the clearing house does per command). `connections` statements run at once (PGlite has one session).
 */
export async function measurePostgres(
  db: Database,
  payloads: readonly string[],
  seconds: number,
  connections: number,
  label: string,
): Promise<RawLimit[]> {
  await db.query(`DROP TABLE IF EXISTS load_raw_payloads`);
  await db.query(`CREATE TABLE load_raw_payloads (id bigserial PRIMARY KEY, body jsonb NOT NULL)`);
  const bytes = averageBytes(payloads);
  let next = 0;
  const take = () => payloads[next++ % payloads.length];
  try {
    const batched = await loop(seconds / 2, connections, async () => {
      const rows = Array.from({ length: BATCH }, take);
      await db.query(`INSERT INTO load_raw_payloads (body) SELECT unnest($1::jsonb[])`, [rows]);
      return BATCH;
    });
    const single = await loop(seconds / 2, connections, async () => {
      await db.query(`INSERT INTO load_raw_payloads (body) VALUES ($1::jsonb)`, [take()]);
      return 1;
    });
    return [
      limit(
        `${label}.batched-insert`,
        `${BATCH}-row INSERT statements of the payloads, ${connections} connection(s)`,
        batched,
        bytes,
      ),
      limit(`${label}.insert-per-commit`, `one-row autocommitted INSERTs, ${connections} connection(s)`, single, bytes),
    ];
  } finally {
    await db.query(`DROP TABLE IF EXISTS load_raw_payloads`).catch(() => undefined);
  }
}

/** Plain kafkajs produces of the payloads (acks from all in-sync replicas): batches of 100, and one per send. */
export async function measureKafka(
  kafka: Kafka,
  topic: string,
  payloads: readonly string[],
  seconds: number,
  concurrency: number,
): Promise<RawLimit[]> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const bytes = averageBytes(payloads);
  let next = 0;
  const take = () => {
    const i = next++;
    return { key: `k${i % 64}`, value: payloads[i % payloads.length] };
  };
  try {
    const batched = await loop(seconds / 2, 1, async () => {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: BATCH }, take) });
      return BATCH;
    });
    const single = await loop(seconds / 2, concurrency, async () => {
      await producer.send({ topic, acks: -1, messages: [take()] });
      return 1;
    });
    return [
      limit('kafka.produce-batched', `kafkajs send of ${BATCH} messages, acks=-1, one at a time`, batched, bytes),
      limit('kafka.produce-single', `kafkajs send of one message, acks=-1, ${concurrency} at once`, single, bytes),
    ];
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

function averageBytes(payloads: readonly string[]): number {
  if (payloads.length === 0) throw new Error('no payloads to measure with');
  return Math.round(payloads.reduce((sum, p) => sum + Buffer.byteLength(p), 0) / payloads.length);
}
