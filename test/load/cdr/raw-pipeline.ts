import { testKafkaBrokers } from '@roaming/testing';
import { type Kafka, type Message, Partitioners } from 'kafkajs';
import { cpus } from 'os';
import { Client } from 'pg';
import { Histogram } from '../src/measure/histogram';
import { childProcess, currentProcess, processGroup, wholeMachine } from '../src/measure/resources';
import { startChildServer } from '../src/targets/child-app';
import { produceAtRate } from './produce-at-rate';

export interface RawLimitRun {
  kafka: Kafka;
  /** Topic prefix of the run; the raw pipeline's topics and consumer group live under it. */
  prefix: string;
  databaseUrl: string;
  /** The very records the app got (their signature headers ride along unread). */
  messages: readonly Message[];
  rate: number;
  warmupMs: number;
  logDir: string;
  log: (line: string) => void;
}

/**
 * The raw limit, measured in the same run as the app: the same records at the same rate through a bare pipeline
 * (raw-pipeline-server.ts: consume, store each as a row, produce it on), and the same measurement of records stored
 * per second while producing and of the latency from produce to the outbound topic.
 */
export async function measureRawLimit(run: RawLimitRun): Promise<void> {
  const inbound = `${run.prefix}raw.cdrs.inbound`;
  const outbound = `${run.prefix}raw.cdrs.outbound`;
  const admin = run.kafka.admin();
  await admin.connect();
  // As many partitions as the app's door and the EVSP topic have (the Kafka bus's default, 3).
  await admin.createTopics({
    topics: [inbound, outbound].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
  });
  await admin.disconnect();
  const server = await startChildServer(
    'raw-pipeline',
    'test/load/cdr/raw-pipeline-server.ts',
    {
      DATABASE_URL: run.databaseUrl,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      RAW_IN_TOPIC: inbound,
      RAW_OUT_TOPIC: outbound,
      RAW_GROUP: `${run.prefix}raw-pipeline`,
    },
    run.logDir,
  );
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = run.kafka.consumer({ groupId: `${run.prefix}raw-bench-evsp`, maxWaitTimeInMs: 50 });
  const pg = new Client({ connectionString: run.databaseUrl });
  try {
    await Promise.all([producer.connect(), consumer.connect(), pg.connect()]);
    const stored = async () =>
      (await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_floor.records')).rows[0].n;
    const producedAt: number[] = [];
    const latency = new Histogram();
    let measureFrom = Number.POSITIVE_INFINITY;
    let arrived = 0;
    let lastArrival = 0;
    await consumer.subscribe({ topics: [outbound], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const message of batch.messages) {
          // Parsed as the app's arrivals are, so the harness costs the same in both runs.
          const { cdrId } = JSON.parse(message.value?.toString() ?? '{}') as { cdrId?: string };
          const sent = cdrId ? producedAt[Number(cdrId.slice(2))] : undefined;
          if (sent === undefined) continue;
          arrived++;
          lastArrival = now;
          if (sent >= measureFrom) latency.record((now - sent) * 1000);
        }
      },
    });
    const processes = {
      pipeline: childProcess('raw-pipeline', server.pid),
      pg: processGroup('postgres', (comm) => comm === 'postgres'),
      kafka: processGroup('kafka', (comm, cmdline) => comm === 'java' && cmdline.includes('kafka')),
      harness: currentProcess('harness'),
      machine: wholeMachine(),
    };
    const cpuNow = () =>
      Object.fromEntries(Object.entries(processes).map(([name, p]) => [name, p.read()?.cpuSeconds ?? 0])) as Record<
        keyof typeof processes,
        number
      >;
    let cpuBefore = cpuNow();
    let storedBefore = 0;
    const { lastSentAt, maxBehindMs } = await produceAtRate({
      producer,
      topic: inbound,
      messages: run.messages,
      rate: run.rate,
      warmupMs: run.warmupMs,
      onMeasureStart: async (from) => {
        measureFrom = from;
        cpuBefore = cpuNow();
        storedBefore = await stored();
      },
      onSent: (index, at) => (producedAt[index] = at),
    });
    const elapsedS = (lastSentAt - measureFrom) / 1000;
    const storedPerS = ((await stored()) - storedBefore) / elapsedS;
    const cpuAfter = cpuNow();
    const cores = (name: keyof typeof processes) => ((cpuAfter[name] - cpuBefore[name]) / elapsedS).toFixed(2);
    const deadline = Date.now() + 120_000;
    while (arrived < run.messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const s = latency.snapshot();
    const ms = (us: number) => (us / 1000).toFixed(0);
    run.log('');
    run.log(
      'raw limit (same run): the same records through a bare kafkajs consumer → one durable PostgreSQL row each ' +
        '(a commit per batch) → produced on, no signature check, validation, events, projections or second message',
    );
    run.log(`  producer       at most ${maxBehindMs.toFixed(0)} ms behind schedule`);
    run.log(`  stored         ${storedPerS.toFixed(0)} records/s while producing (${elapsedS.toFixed(1)} s measured)`);
    run.log(
      `  latency (ms)   produce → outbound topic: p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}` +
        `  (${s.count} records measured); ${arrived}/${run.messages.length} arrived, ` +
        `${Math.max(0, lastArrival - lastSentAt)} ms after the last send`,
    );
    run.log(
      `  cpu (cores)    pipeline ${cores('pipeline')}, postgres ${cores('pg')}, kafka ${cores('kafka')}, ` +
        `harness ${cores('harness')}; whole machine ${cores('machine')} of ${cpus().length} cores busy`,
    );
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await server.stop();
  }
}
