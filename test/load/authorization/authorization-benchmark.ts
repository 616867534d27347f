/**
 * The hot path of the hub (issue 4, "Speed"): POST /v1/authorizations from stored contracts over HTTP, each decision
 * durably appended before the answer, at a target rate, with N registered tokens.
 *
 *   node scripts/load.js --run test/load/authorization/authorization-benchmark.ts \
 *     --tokens 10000 --rate 2000 --duration 30 [--warmup 5] [--connections 64] [--instances 1] [--keep]
 *     [--url http://127.0.0.1:3000 --database-url postgres://…/db]   (an app already running on that database)
 *     [--cpu-prof]   (a V8 CPU profile of each app instance, written to the run's log folder when it stops)
 *     [--no-raw-limit]   (skip the raw limit: raw-floor-server.ts driven the same way after the app)
 *
 * Starts the authorization app alone in server mode (its own fresh PostgreSQL database, Kafka under a run prefix,
 * its forwarder and projection running as in production; `--instances` more than one on the same database, the
 * requests spread over them as a load balancer would), fills its registry view by SQL, then drives it with an open
 * model and reports throughput and latency percentiles measured from each request's due time. Checks at the end
 * that every decision answered is an event in the store. Prints the machine's load average: on a shared machine
 * the figures depend on what else runs.
 */
import { authorizationMigrations } from '@roaming/authorization';
import { PgDatabase, runMigrations } from '@roaming/event-store';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { mkdirSync, mkdtempSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { HttpDriver, isRecord } from '../src/drivers/http-driver';
import {
  childProcess,
  currentProcess,
  type MonitoredProcess,
  processGroup,
  wholeMachine,
} from '../src/measure/resources';
import { type ChildApp, startChildApp, startChildServer } from '../src/targets/child-app';
import { runOpenLoop } from './open-loop';
import { type SeededWorld, seedAuthorizationView, tokenUid } from './seed-authorization-view';

interface Options {
  tokens: number;
  rate: number;
  durationS: number;
  warmupS: number;
  connections: number;
  instances: number;
  keep: boolean;
  cpuProf: boolean;
  /** Also drive the raw limit (raw-floor-server.ts) at the same rate after the app (default on). */
  rawLimit: boolean;
  /** Drive an app that is already running (e.g. under a profiler) on this database instead of starting one. */
  url?: string;
  databaseUrl?: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    tokens: 10_000,
    rate: 2_000,
    durationS: 30,
    warmupS: 5,
    connections: 64,
    instances: 1,
    keep: false,
    cpuProf: false,
    rawLimit: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      const raw = Number(argv[++i]);
      if (!Number.isFinite(raw) || raw <= 0) throw new Error(`${name} needs a positive number`);
      return raw;
    };
    if (name === '--tokens') options.tokens = Math.floor(value());
    else if (name === '--rate') options.rate = value();
    else if (name === '--duration') options.durationS = value();
    else if (name === '--warmup') options.warmupS = value();
    else if (name === '--connections') options.connections = Math.floor(value());
    else if (name === '--instances') options.instances = Math.floor(value());
    else if (name === '--keep') options.keep = true;
    else if (name === '--cpu-prof') options.cpuProf = true;
    else if (name === '--no-raw-limit') options.rawLimit = false;
    else if (name === '--url') options.url = argv[++i];
    else if (name === '--database-url') options.databaseUrl = argv[++i];
    else throw new Error(`unknown option ${name}`);
  }
  if ((options.url === undefined) !== (options.databaseUrl === undefined)) {
    throw new Error('--url and --database-url go together');
  }
  return options;
}

interface RunningApp {
  urls: string[];
  pids: number[];
  databaseUrl: string;
  logDir: string;
  /** Stops the app's processes (again: nothing). */
  stopApps(): Promise<void>;
  dropDatabase(): Promise<void>;
}

/** A fresh database and the authorization app on it, in server mode with Kafka, as production runs it. */
async function startApps(
  instances: number,
  cpuProf: boolean,
  log: (line: string) => void,
  prepare: (databaseUrl: string) => Promise<void>,
): Promise<RunningApp> {
  const database = await createTestDatabase('bench_authz');
  // The view is filled before the apps start, as a hub restarted with a full registry: each instance loads its
  // replica of it at boot, before it answers.
  const db = new PgDatabase(database.url);
  try {
    await runMigrations(db, authorizationMigrations);
  } finally {
    await db.close();
  }
  await prepare(database.url);
  const logDir = mkdtempSync(join(tmpdir(), 'bench-authz-'));
  const prefix = `bench-${uniqueSuffix()}.`;
  log(`database ${new URL(database.url).pathname.slice(1)}, topic prefix ${prefix}, logs in ${logDir}`);
  const env = {
    MODE: 'server',
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    OPERATOR_API_KEY: `op_${uniqueSuffix(16)}`,
    LOG_LEVEL: 'warn',
  };
  // One after the other: the first applies the migrations, the next find them done.
  const apps: ChildApp[] = [];
  for (let i = 0; i < instances; i++) {
    const instanceLogs = mkdirSync(join(logDir, `instance-${i}`), { recursive: true }) ?? join(logDir, `instance-${i}`);
    const profile = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${instanceLogs}`] : [];
    const bootStart = performance.now();
    apps.push(await startChildApp('authorization', env, instanceLogs, undefined, profile));
    // Boot includes loading the registry view into the instance's replica: it grows with the number of tokens.
    log(`instance ${i} ready ${((performance.now() - bootStart) / 1000).toFixed(1)} s after its start`);
  }
  return {
    urls: apps.map((a) => a.url),
    pids: apps.map((a) => a.pid),
    databaseUrl: database.url,
    logDir,
    stopApps: async () => {
      await Promise.all(apps.map((a) => a.stop()));
    },
    dropDatabase: () => database.drop(),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const seed = async (databaseUrl: string): Promise<SeededWorld> => {
    const seedStart = performance.now();
    const seeded = await seedAuthorizationView(databaseUrl, options.tokens);
    log(`seeded ${options.tokens} tokens in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    return seeded;
  };
  let world: SeededWorld | undefined;
  const app: RunningApp =
    options.url && options.databaseUrl
      ? {
          urls: [options.url],
          pids: [],
          databaseUrl: options.databaseUrl,
          logDir: tmpdir(),
          stopApps: async () => undefined,
          dropDatabase: async () => undefined,
        }
      : await startApps(options.instances, options.cpuProf, log, async (databaseUrl) => {
          world = await seed(databaseUrl);
        });
  const http = new HttpDriver(options.connections, 30_000);
  try {
    // An app already running learns of the seeded rows by notification and loads them during the warm-up.
    const seeded = world ?? (await seed(app.databaseUrl));

    const sender =
      (urls: readonly string[]) =>
      async (sequence: number): Promise<string> => {
        // Uniform over all registered tokens (no hot set a cache could hide), one in twenty unknown.
        const known = sequence % 20 !== 0;
        const uid = known
          ? tokenUid(1 + Math.floor(Math.random() * seeded.tokens))
          : `05${uniqueSuffix(6).toUpperCase()}`;
        const response = await http.send({
          method: 'POST',
          url: `${urls[sequence % urls.length]}/v1/authorizations`,
          apiKey: seeded.cpoKey,
          body: { evseId: `DE*BCP*E${(sequence % 5000).toString().padStart(5, '0')}`, token: { uid, type: 'RFID' } },
        });
        const status = isRecord(response.body) ? response.body.status : undefined;
        return `${response.status} ${typeof status === 'string' ? status : (response.problemCode ?? '')}`.trim();
      };

    const measured = await drive(options, sender(app.urls), app.pids, 'app');
    const decisions = [...measured.outcomes].filter(([o]) => o.startsWith('201')).reduce((n, [, c]) => n + c, 0);
    const events = await countEvents(app.databaseUrl);
    log('');
    log(
      `authorization hot path: ${options.tokens} tokens, target ${options.rate}/s for ${options.durationS} s, ` +
        `${app.urls.length} instance(s), ${options.connections} connections`,
    );
    measured.report(log, 'decisions/s');
    log(`  durability     ${events} authorization events stored for ${decisions} measured decisions (+ warm-up)`);
    if (events < decisions) throw new Error('fewer events stored than decisions answered');

    if (!options.rawLimit) return;
    // The same requests at the same rate against a bare node:http server that stores each body durably and answers:
    // the most this machine's Node, PostgreSQL and driver allow, measured in the same run.
    await app.stopApps();
    const floor = await startChildServer(
      'raw-floor',
      'test/load/authorization/raw-floor-server.ts',
      { DATABASE_URL: app.databaseUrl },
      app.logDir,
    );
    try {
      const raw = await drive(options, sender([floor.url]), [floor.pid], 'server');
      log('');
      log(
        'raw limit (same run): bare node:http + one durable PostgreSQL row per request (group commit), no auth, ' +
          'lookup, decision, hash chain, projection or Kafka',
      );
      raw.report(log, 'requests/s');
    } finally {
      await floor.stop();
    }
  } finally {
    http.close();
    await app.stopApps();
    if (!options.keep) await app.dropDatabase();
  }
}

interface Driven {
  outcomes: Map<string, number>;
  report(log: (line: string) => void, unit: string): void;
}

/** One open-loop run at the options' rate, with the CPU of every process on the machine over it. */
async function drive(
  options: Options,
  send: (sequence: number) => Promise<string>,
  pids: readonly number[],
  serverName: string,
): Promise<Driven> {
  const servers = pids.map((pid, i) => childProcess(`${serverName}-${i}`, pid));
  const serverCpu = () => servers.reduce((sum, p) => sum + (p.read()?.cpuSeconds ?? 0), 0);
  const postgres = processGroup('postgres', (comm) => comm === 'postgres');
  const broker = processGroup('kafka', (comm, cmdline) => comm === 'java' && cmdline.includes('kafka'));
  const driver = currentProcess('driver');
  const machine = wholeMachine();
  const seconds = (p: MonitoredProcess) => p.read()?.cpuSeconds ?? 0;
  const cpuNow = () => ({
    server: serverCpu(),
    pg: seconds(postgres),
    kafka: seconds(broker),
    driver: seconds(driver),
    machine: seconds(machine),
  });
  const cpuBefore = cpuNow();
  const loadBefore = loadavg()[0];
  const startedAt = performance.now();
  const result = await runOpenLoop({
    rate: options.rate,
    durationMs: options.durationS * 1000,
    warmupMs: options.warmupS * 1000,
    send,
  });
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpuAfter = cpuNow();
  const loadAfter = loadavg()[0];
  const rssMb = servers.map((p) => ((p.read()?.rssBytes ?? 0) / 2 ** 20).toFixed(0));
  const cores = (name: keyof typeof cpuAfter) => ((cpuAfter[name] - cpuBefore[name]) / elapsedS).toFixed(2);
  const snapshot = result.latency.snapshot();
  const ms = (us: number) => (us / 1000).toFixed(1);
  return {
    outcomes: result.outcomes,
    report: (log, unit) => {
      log(`  measured       ${result.measured} requests, ${result.throughput.toFixed(0)} ${unit}`);
      log(
        `  latency (ms)   p50 ${ms(snapshot.p50)}  p95 ${ms(snapshot.p95)}  p99 ${ms(snapshot.p99)}  ` +
          `p99.9 ${ms(snapshot.p999)}  max ${ms(snapshot.max)}`,
      );
      log(`  outcomes       ${[...result.outcomes].map(([o, c]) => `${o}: ${c}`).join(', ')}`);
      log(`  driver lag     max ${result.maxDispatchLagMs.toFixed(1)} ms behind schedule`);
      log(
        `  cpu (cores)    ${serverName} ${cores('server')}, postgres ${cores('pg')}, kafka ${cores('kafka')}, ` +
          `this driver ${cores('driver')}; whole machine ${cores('machine')} of ${cpus().length} cores busy`,
      );
      log(`  memory         ${serverName} RSS at the end ${rssMb.join(' / ')} MB`);
      log(
        `  load average   ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (1 min; other work on the machine)`,
      );
    },
  };
}

async function countEvents(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events WHERE category = 'authorization'`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
