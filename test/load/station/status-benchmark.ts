/**
 * The station-management hot path (issue 7, "Speed"): EVSE status reports produced on Kafka
 * `b2b.evse-status.inbound.v1` at a target rate, and how far the latest-status view lags behind.
 *
 *   node scripts/load.js --run test/load/station/status-benchmark.ts \
 *     --evses 10000 --operators 6 --rate 5000 --duration 60 [--warmup 10] [--keep]
 *
 * Starts the station-management app alone in server mode (its own fresh PostgreSQL database, Kafka under a run
 * prefix, its projections and relays running as in production), registers the partners on the registry topic and
 * publishes the sites over REST (the real doors), then produces status reports with an open model: every 10 ms the
 * reports due by then, each stamped observedAt = the moment it was produced. The view lag of a report is
 * projected_at − observedAt, sampled from the view every 100 ms (each EVSE reports about every evses/rate seconds, so
 * nearly every write is seen before the next one overwrites it). At the end it waits until every report is an
 * event in the store.
 */
import { STATION_TOPICS, TOPICS } from '@roaming/contracts';
import { credentialIssued, generateApiKey, signedPartnerMessage } from '@roaming/platform';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { mkdtempSync } from 'fs';
import { Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { Histogram } from '../src/measure/histogram';
import { childProcess, processGroup } from '../src/measure/resources';
import { startChildApp } from '../src/targets/child-app';

interface Options {
  evses: number;
  operators: number;
  rate: number;
  durationS: number;
  warmupS: number;
  keep: boolean;
  /** Drive an app that is already running (e.g. under a profiler) instead of starting one. */
  attach?: { url: string; prefix: string; databaseUrl: string };
}

const STATUSES = ['AVAILABLE', 'OCCUPIED', 'CHARGING', 'RESERVED', 'OUT_OF_ORDER', 'MAINTENANCE'];
const EVSES_PER_SITE = 200;
/** The partitions the bus creates topics with (KafkaMessageBus default). */
const PARTITIONS = 3;

function parseOptions(argv: string[]): Options {
  const options: Options = { evses: 10_000, operators: 6, rate: 5_000, durationS: 60, warmupS: 10, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      const raw = Number(argv[++i]);
      if (!Number.isFinite(raw) || raw <= 0) throw new Error(`${name} needs a positive number`);
      return raw;
    };
    if (name === '--evses') options.evses = Math.floor(value());
    else if (name === '--operators') options.operators = Math.floor(value());
    else if (name === '--rate') options.rate = value();
    else if (name === '--duration') options.durationS = value();
    else if (name === '--warmup') options.warmupS = value();
    else if (name === '--keep') options.keep = true;
    else if (name === '--attach') {
      // --attach <app url> <topic prefix> <database url>
      options.attach = { url: argv[++i], prefix: argv[++i], databaseUrl: argv[++i] };
    } else throw new Error(`unknown option ${name}`);
  }
  return options;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  app: { url: string; pid: number; stop(): Promise<void> };
  database: { url: string; drop(): Promise<void> };
  prefix: string;
}

async function startStationApp(): Promise<Target> {
  const database = await createTestDatabase('bench_station');
  const logDir = mkdtempSync(join(tmpdir(), 'bench-station-'));
  const prefix = `bench-${uniqueSuffix()}.`;
  log(`database ${new URL(database.url).pathname.slice(1)}, topic prefix ${prefix}, logs in ${logDir}`);
  const app = await startChildApp(
    'station-management',
    {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: `op_${uniqueSuffix(16)}`,
      LOG_LEVEL: 'warn',
    },
    logDir,
  );
  return { app, database, prefix };
}

/** An app someone else started (and will stop): its CPU is not measured. */
function attached(target: NonNullable<Options['attach']>): Target {
  return {
    app: { url: target.url, pid: 0, stop: async () => undefined },
    database: { url: target.databaseUrl, drop: async () => undefined },
    prefix: target.prefix,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { app, database, prefix } = options.attach ? attached(options.attach) : await startStationApp();
  const kafka = new Kafka({
    clientId: `bench-cpo-${uniqueSuffix()}`,
    brokers: testKafkaBrokers(),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const pg = new Client({ connectionString: database.url });
  try {
    await producer.connect();
    await pg.connect();
    const operators = balancedOperators(options.operators, PARTITIONS);
    const evseIds = Array.from({ length: options.evses }, (_, i) => {
      const operator = operators[i % operators.length];
      return `DE*${operator.slice(2)}*E${String(i).padStart(6, '0')}`;
    });

    // The world, through the real doors: the registry's messages on its topic, the sites over REST.
    const cpoKey = generateApiKey();
    const registry: [string, Record<string, unknown>][] = [
      ['PartnerRegistered', { partnerId: 'bench-cpo', name: 'bench-cpo', roles: ['cpo'], partyIds: operators }],
      ['PartnerRegistered', { partnerId: 'bench-emsp', name: 'bench-emsp', roles: ['emsp'], partyIds: ['DEBEM'] }],
      [
        'PartnerCredentialIssued',
        credentialIssued(cpoKey, { partnerId: 'bench-cpo', roles: ['cpo'], partyIds: operators }),
      ],
      ...operators.map((cpoPartyId, i): [string, Record<string, unknown>] => [
        'RoamingAgreementStatusChanged',
        {
          agreementId: `bench-${i}`,
          cpoPartyId,
          emspPartyId: 'DEBEM',
          status: 'active',
          validFrom: '2020-01-01T00:00:00Z',
          validUntil: null,
        },
      ]),
    ];
    await producer.send({
      topic: prefix + TOPICS.contractRegistryEvents,
      acks: -1,
      messages: registry.map(([type, data]) => ({
        key: 'registry',
        value: JSON.stringify({ type, schemaVersion: 1, occurredAt: new Date().toISOString(), data }),
        headers: { 'message-id': randomUUID(), type },
      })),
    });
    await until(
      pg,
      `SELECT count(*)::int AS n FROM station.registry_agreements`,
      operators.length,
      'the registry view',
    );
    const seedStart = performance.now();
    for (const operator of operators) {
      const own = evseIds.filter((id) => id.startsWith(`DE*${operator.slice(2)}*`));
      for (let s = 0; s * EVSES_PER_SITE < own.length; s++) {
        await putSite(app.url, cpoKey.key, operator, `S${s}`, own.slice(s * EVSES_PER_SITE, (s + 1) * EVSES_PER_SITE));
      }
    }
    await until(pg, `SELECT count(*)::int AS n FROM station.evses`, options.evses, 'the EVSE catalogue');
    log(
      `published ${options.evses} EVSEs of ${operators.length} operators in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const lag = new Histogram();
    const startedAt = Date.now();
    const measureFrom = startedAt + options.warmupS * 1000;
    const measureUntil = measureFrom + options.durationS * 1000;
    const sampler = sampleViewLag(pg, lag, measureFrom, measureUntil);
    const appProcess = childProcess('station-management', app.pid);
    const postgres = processGroup('postgres', (comm) => comm === 'postgres');
    const broker = processGroup('kafka', (comm, cmdline) => comm === 'java' && cmdline.includes('kafka'));
    let cpuBefore = { app: 0, pg: 0, kafka: 0 };
    let recordedAtMeasureStart = 0;

    // Open model: every tick produces the reports due by then, whatever the consumer does.
    const topic = prefix + STATION_TOPICS.evseStatusInbound;
    const total = Math.floor(options.rate * (options.warmupS + options.durationS));
    const inFlight = new Set<Promise<unknown>>();
    let sent = 0;
    let maxBehindMs = 0;
    let measuring = false;
    while (sent < total) {
      const now = Date.now();
      if (!measuring && now >= measureFrom) {
        measuring = true;
        cpuBefore = { app: cpu(appProcess), pg: cpu(postgres), kafka: cpu(broker) };
        recordedAtMeasureStart = await count(
          pg,
          `SELECT coalesce(sum(jsonb_array_length(data->'reports')), 0)::int AS n FROM es.events WHERE category = 'evseStatusFeed'`,
        );
      }
      const due = Math.min(total, Math.floor(((now - startedAt) / 1000) * options.rate));
      maxBehindMs = Math.max(maxBehindMs, ((due - sent) / options.rate) * 1000);
      if (due > sent) {
        const observedAt = new Date(now).toISOString();
        const messages: Message[] = [];
        for (; sent < due; sent++) {
          const evseId = evseIds[Math.floor(Math.random() * evseIds.length)];
          const signed = signedPartnerMessage(
            { apiKey: cpoKey.key, keyId: cpoKey.keyId },
            {
              topic: STATION_TOPICS.evseStatusInbound,
              key: `DE${evseId.slice(3, 6)}`,
              value: { evseId, status: STATUSES[sent % STATUSES.length], observedAt },
            },
          );
          // Signed by the CPO's producer, as the door requires.
          messages.push({ key: signed.key, value: signed.rawValue, headers: signed.headers });
        }
        const sending = producer.send({ topic, acks: -1, messages });
        inFlight.add(sending);
        void sending.finally(() => inFlight.delete(sending));
      }
      await sleep(10);
    }
    await Promise.all(inFlight);
    const lastSentAt = Date.now();
    const elapsedS = (lastSentAt - measureFrom) / 1000;
    const recordedAtMeasureEnd = await count(
      pg,
      `SELECT coalesce(sum(jsonb_array_length(data->'reports')), 0)::int AS n FROM es.events WHERE category = 'evseStatusFeed'`,
    );
    const cpuCores = {
      app: (cpu(appProcess) - cpuBefore.app) / elapsedS,
      pg: (cpu(postgres) - cpuBefore.pg) / elapsedS,
      kafka: (cpu(broker) - cpuBefore.kafka) / elapsedS,
    };
    await until(
      pg,
      `SELECT coalesce(sum(jsonb_array_length(data->'reports')), 0)::int AS n FROM es.events WHERE category = 'evseStatusFeed'`,
      total,
      'every report in the store',
      120_000,
    );
    const drainMs = Date.now() - lastSentAt;
    await sampler.stop();
    const dlq = await dlqDepth(kafka, `${topic}.dlq`);

    const s = lag.snapshot();
    const ms = (us: number) => (us / 1000).toFixed(0);
    log('');
    log(
      `station status hot path: ${options.evses} EVSEs of ${operators.length} operators, target ${options.rate}/s for ${options.durationS} s (+${options.warmupS} s warm-up)`,
    );
    log(
      `  produced       ${total} reports on ${STATION_TOPICS.evseStatusInbound}, producer at most ${maxBehindMs.toFixed(0)} ms behind schedule`,
    );
    log(
      `  recorded       ${((recordedAtMeasureEnd - recordedAtMeasureStart) / elapsedS).toFixed(0)} reports/s into the store during the measured ${elapsedS.toFixed(0)} s`,
    );
    log(
      `  view lag (ms)  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  p99.9 ${ms(s.p999)}  max ${ms(s.max)}  (${s.count} view writes sampled)`,
    );
    log(`  drain          every report stored ${drainMs} ms after the last send; ${dlq} dead letters`);
    log(
      `  cpu (cores)    app ${cpuCores.app.toFixed(2)}, postgres ${cpuCores.pg.toFixed(2)}, kafka ${cpuCores.kafka.toFixed(2)} (machine shared with other work)`,
    );
    const verdict =
      s.p99 <= 1_000_000 && recordedAtMeasureEnd - recordedAtMeasureStart >= options.rate * elapsedS * 0.98;
    log(`  verdict        ${verdict ? 'PASS' : 'FAIL'}: ≥ ${options.rate}/s sustained with view lag p99 ≤ 1 s`);
    if (!verdict) process.exitCode = 2;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await app.stop();
    if (!options.keep) await database.drop();
  }
}

/**
 * Operator party ids whose Kafka keys land evenly on the partitions, as many CPOs would: otherwise a few keys can
 * hash onto one partition and the run measures one consumer instead of the group.
 */
function balancedOperators(count: number, partitions: number): string[] {
  const perPartition = new Map<number, string[]>();
  for (let n = 1; n < 1000 && [...perPartition.values()].flat().length < count; n++) {
    const party = `DEB${String(n).padStart(2, '0')}`.slice(0, 5);
    const partition = kafkaPartition(party, partitions);
    const taken = perPartition.get(partition) ?? [];
    if (taken.length < Math.ceil(count / partitions)) perPartition.set(partition, [...taken, party]);
  }
  return [...perPartition.values()].flat().slice(0, count).sort();
}

/** Kafka's default partitioner (murmur2 of the key, made positive, modulo the partitions), as kafkajs uses it. */
function kafkaPartition(key: string, partitions: number): number {
  const data = Buffer.from(key, 'utf8');
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ data.length) | 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = data.length % 4;
  if (rest >= 3) h ^= data[whole + 2] << 16;
  if (rest >= 2) h ^= data[whole + 1] << 8;
  if (rest >= 1) h = Math.imul(h ^ data[whole], m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return (h & 0x7fffffff) % partitions;
}

function cpu(process: { read(): { cpuSeconds: number } | undefined }): number {
  return process.read()?.cpuSeconds ?? 0;
}

async function count(pg: Client, sql: string): Promise<number> {
  return (await pg.query<{ n: number }>(sql)).rows[0].n;
}

async function until(pg: Client, sql: string, target: number, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await count(pg, sql)) < target) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Every view write since the last poll, with its lag (projected_at − observedAt), for writes of the window. */
function sampleViewLag(pg: Client, lag: Histogram, from: number, until: number): { stop(): Promise<void> } {
  let running = true;
  let seen = new Date(0).toISOString();
  const loop = (async () => {
    while (running) {
      const { rows } = await pg.query<{ observed_ms: string; lag_us: string; projected_at: string }>(
        `SELECT (extract(epoch FROM observed_at) * 1000)::bigint::text AS observed_ms,
                (extract(epoch FROM projected_at - observed_at) * 1000000)::bigint::text AS lag_us,
                to_char(projected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS projected_at
         FROM station.evse_status WHERE projected_at > $1::timestamptz`,
        [seen],
      );
      for (const row of rows) {
        const observed = Number(row.observed_ms);
        if (observed >= from && observed < until) lag.record(Number(row.lag_us));
        if (row.projected_at > seen) seen = row.projected_at;
      }
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function putSite(url: string, key: string, operator: string, siteId: string, evseIds: string[]): Promise<void> {
  const response = await fetch(`${url}/v1/operators/${operator}/sites/${siteId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      name: `Bench ${operator} ${siteId}`,
      address: { street: 'Teststr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      coordinates: { latitude: '52.52', longitude: '13.40' },
      timeZone: 'Europe/Berlin',
      openingHours: { twentyFourSeven: true },
      access: 'PUBLIC',
      loadAreaId: 'DEN01:LV-BENCH',
      evses: evseIds.map((evseId) => ({
        evseId,
        connectors: [
          { connectorId: '1', standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxPowerW: 22000 },
        ],
        maxPowerW: 22000,
        reservationAllowed: true,
      })),
    }),
  });
  if (response.status !== 200)
    throw new Error(`PUT site ${operator}/${siteId}: ${response.status} ${await response.text()}`);
}

async function dlqDepth(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
