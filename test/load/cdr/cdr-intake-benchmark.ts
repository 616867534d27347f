/**
 * CDR intake through the Kafka door (issue 5 "Speed"; IEC 63119-2 UC3-9, GeM 984): records produced on
 * `b2b.cdrs.inbound.v1`, validated, recorded and forwarded to the EVSP's `b2b.<party>.outbound.v1`.
 *
 *   node scripts/load.js --run test/load/cdr/cdr-intake-benchmark.ts \
 *     --records 60000 --rate 2500 --cpos 6 [--warmup 5] [--keep] [--cpu-prof] [--no-raw-limit]
 *
 * Starts the cdr-forwarding app alone in server mode (a fresh PostgreSQL database, Kafka under a run prefix, its
 * consumers, projection and forwarder running as in production), seeds its views with SQL (partners, agreements,
 * EVSEs: what the registry and station-management topics would have built), then produces the records with an open
 * model (every 10 ms the records due by then, key = the CPO's party id) and consumes the EVSP's outbound topic.
 * Reports: accepted (forwarded) records/s in the store over the measured window, and the latency from produce to the
 * record arriving on the EVSP's outbound topic (p50/p95/p99), the CPU of the app, PostgreSQL and Kafka, and the
 * machine's load average. Target: ≥ 2,000 records/s, p99 ≤ 1 s. Then, unless --no-raw-limit, the raw limit of the
 * same run: the same records at the same rate through a bare consume → store → produce pipeline (raw-pipeline.ts).
 */
import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { generateApiKey, type PartnerSigningKey, signPartnerMessage } from '@roaming/platform';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { mkdtempSync } from 'fs';
import { Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { Histogram } from '../src/measure/histogram';
import { childProcess, currentProcess, processGroup, wholeMachine } from '../src/measure/resources';
import { startChildApp } from '../src/targets/child-app';
import { produceAtRate } from './produce-at-rate';
import { measureRawLimit } from './raw-pipeline';

interface Options {
  records: number;
  rate: number;
  cpos: number;
  warmupS: number;
  keep: boolean;
  /** Write a V8 CPU profile of the app (`--cpu-prof`) into the run's log folder when it stops. */
  cpuProf: boolean;
  /** After the app, the raw limit with the same records at the same rate (raw-pipeline.ts); default on. */
  rawLimit: boolean;
  /** Drive an app that is already running (e.g. under a profiler): --attach <app pid> <topic prefix> <database url>. */
  attach?: { pid: number; prefix: string; databaseUrl: string };
}

const EMSP = 'DE8AA';
const EMAID = 'DE-8AA-001234567-0';

function parseOptions(argv: string[]): Options {
  const options: Options = {
    records: 60_000,
    rate: 2_500,
    cpos: 6,
    warmupS: 5,
    keep: false,
    cpuProf: false,
    rawLimit: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      const raw = Number(argv[++i]);
      if (!Number.isFinite(raw) || raw < 0) throw new Error(`${name} needs a number`);
      return raw;
    };
    if (name === '--records') options.records = Math.floor(value());
    else if (name === '--rate') options.rate = value();
    else if (name === '--cpos') options.cpos = Math.max(1, Math.floor(value()));
    else if (name === '--warmup') options.warmupS = value();
    else if (name === '--keep') options.keep = true;
    else if (name === '--cpu-prof') options.cpuProf = true;
    else if (name === '--no-raw-limit') options.rawLimit = false;
    else if (name === '--attach') {
      options.attach = { pid: Number(argv[++i]), prefix: argv[++i], databaseUrl: argv[++i] };
    } else throw new Error(`unknown option ${name}`);
  }
  return options;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const load = loadavg();
  const { app, database, prefix, logDir } = options.attach ? attached(options.attach) : await startApp(options.cpuProf);
  const kafka = new Kafka({
    clientId: `bench-cdr-${uniqueSuffix()}`,
    brokers: testKafkaBrokers(),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `${prefix}bench-evsp`, maxWaitTimeInMs: 50 });
  const pg = new Client({ connectionString: database.url });
  try {
    await producer.connect();
    await pg.connect();
    const cpos = Array.from({ length: options.cpos }, (_, i) => `DEC${String(i + 10).padStart(2, '0')}`);
    const signer = await seedViews(pg, cpos);
    log(
      `seeded ${cpos.length} CPOs (one API key), 1 EVSP (${EMSP}), ${cpos.length} agreements, ${cpos.length * 10} EVSEs by SQL`,
    );

    // The EVSP's outbound topic: when each record arrives there.
    const outbound = prefix + partnerOutboundTopic(EMSP);
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .createTopics({ topics: [{ topic: outbound, numPartitions: 3, replicationFactor: 1 }] })
      .catch(() => false);
    await admin.disconnect();
    const producedAt = new Map<string, number>();
    const latency = new Histogram();
    // The split: produce → recorded in the store (intake), recorded → on the EVSP topic (forwarder).
    const intakeLatency = new Histogram();
    const forwardLatency = new Histogram();
    let lastArrival = 0;
    let measureFrom = Number.POSITIVE_INFINITY;
    let arrived = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [outbound], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const message of batch.messages) {
          if (message.headers?.type?.toString() !== 'CdrForwarded') continue;
          const { data, occurredAt } = JSON.parse(message.value?.toString() ?? '{}') as {
            data?: { cdrId?: string };
            occurredAt?: string;
          };
          const sent = data?.cdrId ? producedAt.get(data.cdrId) : undefined;
          if (sent === undefined) continue;
          producedAt.delete(data!.cdrId!);
          arrived++;
          lastArrival = now;
          if (sent >= measureFrom) {
            latency.record((now - sent) * 1000);
            const recorded = occurredAt ? Date.parse(occurredAt) : now;
            intakeLatency.record(Math.max(0, recorded - sent) * 1000);
            forwardLatency.record(Math.max(0, now - recorded) * 1000);
          }
        }
      },
    });

    const appProcess = childProcess('cdr-forwarding', app.pid);
    const postgres = processGroup('postgres', (comm) => comm === 'postgres');
    const broker = processGroup('kafka', (comm, cmdline) => comm === 'java' && cmdline.includes('kafka'));
    const harness = currentProcess('harness');
    const machine = wholeMachine();
    const topic = prefix + TOPICS.b2bCdrsInbound;
    // Every CDR is built and signed before the clock starts, as each CPO's producer would on its own machine: the
    // Ed25519 signature (~0.05 ms) is the CPO's cost, not the hub's, and would otherwise take cores from the hub here.
    const base = Date.parse('2026-03-01T00:00:00Z');
    const prepared: Message[] = Array.from({ length: options.records }, (_, n) => {
      const cpo = cpos[n % cpos.length];
      const start = base + (n % 100_000) * 60_000;
      const value = JSON.stringify({
        cdrId: `B-${n}`,
        evseId: `${cpo.slice(0, 2)}*${cpo.slice(2)}*E${n % 10}*1`,
        emaid: EMAID,
        tokenUid: '04A2B3C4D5E6F7',
        sessionId: `S-${cpo}-${n}`,
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 3_600_000).toISOString(),
        energyWh: 20_000,
        totalCost: { amount: '8.80', currency: 'EUR' },
        costBreakdown: { exclVat: '7.39', vat: '1.41' },
      });
      const messageId = randomUUID();
      const signature = signPartnerMessage(signer, {
        topic: TOPICS.b2bCdrsInbound,
        messageId,
        key: cpo,
        rawValue: value,
      });
      return { key: cpo, value, headers: { 'message-id': messageId, ...signature } };
    });
    // CPU per record over the whole run (first send → last arrival): a figure that does not depend on how busy the
    // machine's other processes keep the cores, unlike records per second.
    // The harness itself (producing the CDRs, consuming the EVSP topic) shares the same two cores: shown too.
    const cpuNow = () => ({
      app: cpu(appProcess),
      pg: cpu(postgres),
      kafka: cpu(broker),
      harness: cpu(harness),
      machine: cpu(machine),
    });
    const cpuAtStart = cpuNow();
    let cpuBefore = { app: 0, pg: 0, kafka: 0, harness: 0, machine: 0 };
    let forwardedAtMeasureStart = 0;
    const { startedAt, lastSentAt, maxBehindMs } = await produceAtRate({
      producer,
      topic,
      messages: prepared,
      rate: options.rate,
      warmupMs: options.warmupS * 1000,
      onMeasureStart: async (from) => {
        measureFrom = from;
        cpuBefore = cpuNow();
        forwardedAtMeasureStart = await forwardedCount(pg);
      },
      onSent: (index, at) => producedAt.set(`B-${index}`, at),
    });
    const elapsedS = (lastSentAt - measureFrom) / 1000;
    const forwardedAtMeasureEnd = await forwardedCount(pg);
    const cpuAtEnd = cpuNow();
    const cpuCores = {
      app: (cpuAtEnd.app - cpuBefore.app) / elapsedS,
      pg: (cpuAtEnd.pg - cpuBefore.pg) / elapsedS,
      kafka: (cpuAtEnd.kafka - cpuBefore.kafka) / elapsedS,
      harness: (cpuAtEnd.harness - cpuBefore.harness) / elapsedS,
      machine: (cpuAtEnd.machine - cpuBefore.machine) / elapsedS,
    };
    const deadline = Date.now() + 180_000;
    let allStoredAt = 0;
    while ((arrived < options.records || allStoredAt === 0) && Date.now() < deadline) {
      if (allStoredAt === 0 && (await forwardedCount(pg)) >= options.records) allStoredAt = Date.now();
      await sleep(100);
    }
    const drainMs = lastArrival - lastSentAt;
    const cpuAtArrival = cpuNow();
    const cpuMsPerRecord = (name: keyof typeof cpuAtStart) =>
      (((cpuAtArrival[name] - cpuAtStart[name]) * 1000) / options.records).toFixed(3);
    const cpuPerRecord = {
      app: cpuMsPerRecord('app'),
      pg: cpuMsPerRecord('pg'),
      kafka: cpuMsPerRecord('kafka'),
      harness: cpuMsPerRecord('harness'),
    };
    const sustainedPerS = options.records / ((allStoredAt - startedAt) / 1000);
    const rejected = (
      await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM es.events WHERE type = 'CdrRejected'`)
    ).rows[0].n;

    const s = latency.snapshot();
    const ms = (us: number) => (us / 1000).toFixed(0);
    const acceptedPerS = (forwardedAtMeasureEnd - forwardedAtMeasureStart) / elapsedS;
    log('');
    log(
      `CDR intake (Kafka): ${options.records} records of ${cpos.length} CPOs at a target ${options.rate}/s (+${options.warmupS} s warm-up)`,
    );
    log(`  producer       at most ${maxBehindMs.toFixed(0)} ms behind schedule`);
    log(
      `  accepted       ${acceptedPerS.toFixed(0)} records/s forwarded in the store while producing (${elapsedS.toFixed(1)} s measured); ` +
        `all ${options.records} stored ${((allStoredAt - startedAt) / 1000).toFixed(1)} s after the first send = ${sustainedPerS.toFixed(0)} records/s overall`,
    );
    log(
      `  latency (ms)   produce → EVSP outbound topic: p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  (${s.count} records measured)`,
    );
    const i = intakeLatency.snapshot();
    const f = forwardLatency.snapshot();
    log(
      `  split (ms)     produce → stored p50 ${ms(i.p50)} p99 ${ms(i.p99)}; stored → EVSP topic p50 ${ms(f.p50)} p99 ${ms(f.p99)}`,
    );
    log(
      `  delivered      ${arrived}/${options.records} on the EVSP topic, ${drainMs} ms after the last send; ${rejected} rejected`,
    );
    log(
      `  cpu (cores)    app ${cpuCores.app.toFixed(2)}, postgres ${cpuCores.pg.toFixed(2)}, kafka ${cpuCores.kafka.toFixed(2)}, harness ${cpuCores.harness.toFixed(2)}; whole machine ${cpuCores.machine.toFixed(2)} of ${cpus().length} cores busy; load average at start ${load.map((l) => l.toFixed(2)).join(' ')}, at end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    log(
      `  cpu per record app ${cpuPerRecord.app} ms, postgres ${cpuPerRecord.pg} ms, kafka ${cpuPerRecord.kafka} ms, harness ${cpuPerRecord.harness} ms (first send → last arrival)`,
    );
    // Kept pace: offered at ≥ 2,000/s, the last record stored within 1 s of the last send and p99 ≤ 1 s over the whole
    // window (an intake that fell behind would build a backlog that grows through the window). "Overall" above cannot
    // serve: N records / (N / rate + the last record's latency) is below the offered rate by construction.
    const storedAfterLastSendMs = allStoredAt - lastSentAt;
    const pass =
      options.rate >= 2_000 &&
      allStoredAt > 0 &&
      storedAfterLastSendMs <= 1_000 &&
      s.p99 <= 1_000_000 &&
      arrived === options.records;
    log(
      `  verdict        ${pass ? 'PASS' : 'FAIL'}: offered ≥ 2000 records/s, every record stored within 1 s of the last ` +
        `send (${storedAfterLastSendMs} ms), p99 ≤ 1 s, every record delivered`,
    );
    if (!pass) process.exitCode = 2;

    if (options.rawLimit) {
      await app.stop(); // its cores are the raw pipeline's now
      await measureRawLimit({
        kafka,
        prefix,
        databaseUrl: database.url,
        messages: prepared,
        rate: options.rate,
        warmupMs: options.warmupS * 1000,
        logDir,
        log,
      });
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await app.stop();
    if (!options.keep) await database.drop();
  }
}

async function startApp(cpuProf: boolean) {
  const database = await createTestDatabase('bench_cdr');
  const logDir = mkdtempSync(join(tmpdir(), 'bench-cdr-'));
  const prefix = `bench-${uniqueSuffix()}.`;
  log(`database ${new URL(database.url).pathname.slice(1)}, topic prefix ${prefix}, logs in ${logDir}`);
  const app = await startChildApp(
    'cdr-forwarding',
    {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: `op_${uniqueSuffix(16)}`,
      LOG_LEVEL: 'warn',
    },
    logDir,
    undefined,
    cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`] : [],
  );
  return { app, database, prefix, logDir };
}

/** An app someone else started (and stops): its database is kept. */
function attached(target: NonNullable<Options['attach']>) {
  return {
    app: { pid: target.pid, stop: async () => undefined },
    database: { url: target.databaseUrl, drop: async () => undefined },
    prefix: target.prefix,
    logDir: mkdtempSync(join(tmpdir(), 'bench-cdr-')),
  };
}

/**
 * The views the registry and station-management topics would have built, written directly, and the one API key all
 * the CPOs share (in the credential directory, as PartnerCredentialIssued would put it): what they sign with.
 */
async function seedViews(pg: Client, cpos: string[]): Promise<PartnerSigningKey> {
  const key = generateApiKey();
  await pg.query(
    `INSERT INTO cdr.partner_credentials (key_hash, key_id, partner_id, party_ids, roles, signing_public_key)
     VALUES ($1, $2, 'bench-cpos', $3::text[], ARRAY['cpo'], $4)`,
    [key.keyHash, key.keyId, cpos, key.signingPublicKey],
  );
  // The app ran its migrations before it answered ready.
  await pg.query(
    `INSERT INTO cdr.registry_partners (partner_id, party_ids, roles, status)
     SELECT 'bench-' || p, ARRAY[p], ARRAY['cpo'], 'active' FROM unnest($1::text[]) AS p
     UNION ALL SELECT 'bench-emsp', ARRAY[$2::text], ARRAY['emsp'], 'active'`,
    [cpos, EMSP],
  );
  await pg.query(
    `INSERT INTO cdr.registry_agreements
       (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until, ever_active, status_at)
     SELECT 'bench-agr-' || p, p, $2, 'active', '2020-01-01T00:00:00Z', NULL, true, now() FROM unnest($1::text[]) AS p`,
    [cpos, EMSP],
  );
  await pg.query(
    `INSERT INTO cdr.evses (evse_id, cpo_party_id, site_id, max_power_w, time_zone, status, site_updated_at)
     SELECT substr(p, 1, 2) || '*' || substr(p, 3) || '*E' || n || '*1', p, 'S1', 22000, 'Europe/Berlin', 'PUBLISHED', now()
     FROM unnest($1::text[]) AS p, generate_series(0, 9) AS n`,
    [cpos],
  );
  return { apiKey: key.key, keyId: key.keyId };
}

async function forwardedCount(pg: Client): Promise<number> {
  return (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM es.events WHERE type = 'CdrForwarded'`)).rows[0]
    .n;
}

function cpu(process: { read(): { cpuSeconds: number } | undefined }): number {
  return process.read()?.cpuSeconds ?? 0;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
