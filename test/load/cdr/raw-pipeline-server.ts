/**
 * The raw limit of the CDR intake benchmark: what kafkajs, PostgreSQL and Kafka on this machine can do for the same
 * records with none of the clearing house's work. Each fetched batch is stored as one row per record in one durable
 * INSERT (a commit per batch), then every record is produced as it came to the outbound topic (acks from all
 * replicas), then the offsets are committed. No signature check, no validation, no lookups, no events or hash chain,
 * no projections, no second (integration) message per record.
 *
 * Started by cdr-intake-benchmark.ts as its own process: DATABASE_URL, KAFKA_BROKERS, RAW_IN_TOPIC, RAW_OUT_TOPIC,
 * RAW_GROUP, PORT, HOST. Answers GET /health/ready once its consumer has joined its group.
 */
import { createServer } from 'http';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Pool } from 'pg';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 4 });
  await pool.query(
    `CREATE SCHEMA IF NOT EXISTS raw_floor;
     CREATE TABLE IF NOT EXISTS raw_floor.records (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`,
  );
  const kafka = new Kafka({
    clientId: 'raw-pipeline',
    brokers: env('KAFKA_BROKERS').split(','),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  // The app's door consumer settings: as many partitions at once as the topic has, a 1 s long poll.
  const consumer = kafka.consumer({ groupId: env('RAW_GROUP'), maxWaitTimeInMs: 1_000 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [env('RAW_IN_TOPIC')], fromBeginning: true });
  const out = env('RAW_OUT_TOPIC');
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      const messages = batch.messages.filter((m) => m.value !== null);
      if (messages.length === 0) return;
      await pool.query('INSERT INTO raw_floor.records (body) SELECT b FROM unnest($1::jsonb[]) AS b', [
        messages.map((m) => (m.value as Buffer).toString('utf8')),
      ]);
      await producer.send({ topic: out, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value })) });
    },
  });
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/health/ready' && joined ? 200 : 503);
    res.end();
  });
  server.listen(Number(env('PORT')), process.env.HOST ?? '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    void consumer
      .disconnect()
      .then(() => producer.disconnect())
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
