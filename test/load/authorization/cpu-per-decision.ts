/**
 * Where the hot path's CPU goes, in one process (issue 4 "Speed" diagnostics): the authorization app on a fresh
 * PostgreSQL database with Kafka, its processors running, driven in-process with `concurrency` requests at a time:
 *   1. the transaction switch alone (lookup, decision, group-committed append; no HTTP),
 *   2. POST /v1/authorizations over keep-alive HTTP (the client in the same process),
 *   3. the same with an Idempotency-Key on every request (each a new one),
 *   4. GET /health/live, the HTTP framework's floor.
 * Prints decisions per second and CPU milliseconds per request for each, so that a change can be judged by what it
 * saves per decision, independently of what else the machine runs; and, for each, the CPU milliseconds per request
 * of the PostgreSQL backends serving this database (from /proc, so the server must run on this machine; other
 * databases' backends and the server's shared processes such as the WAL writer are not counted) and the SQL
 * statements this process sent per request (BEGIN and COMMIT count), the busiest listed with `--statements`.
 *
 *   node scripts/load.js --run test/load/authorization/cpu-per-decision.ts [--requests 8000] [--concurrency 64]
 *     [--statements] [--decompose] [--keep-database]
 *
 * `--decompose` adds the switch with the decisions' projection and forwarder paused, then each catching up. The
 * readers never pass a transaction still open anywhere on the PostgreSQL server (the horizon is the server's, not the
 * database's): while another session keeps one open, a catch-up waits for it (up to 30 s, then gives up) and its line
 * shows a low rate and inflated figures; check pg_stat_activity for 'idle in transaction' and measure again.
 */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthorizationForwarder, AuthorizationsProjection, AuthorizationSwitch } from '@roaming/authorization';
import { configureHttpApp } from '@roaming/platform';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { Client } from 'pg';
import { AppModule } from '../../../apps/authorization/src/app.module';
import { HttpDriver } from '../src/drivers/http-driver';
import { seedAuthorizationView, tokenUid } from './seed-authorization-view';

const TOKENS = 10_000;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const requests = option('--requests', 8_000);
  const concurrency = option('--concurrency', 64);
  const listStatements = args.includes('--statements');
  const keepDatabase = args.includes('--keep-database');
  const decompose = args.includes('--decompose');
  const statements = countStatements();
  const database = await createTestDatabase('cpu_per_decision');
  Object.assign(process.env, {
    MODE: 'server',
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: `cpu-${uniqueSuffix()}.`,
    OPERATOR_API_KEY: `op_${uniqueSuffix(16)}`,
    LOG_LEVEL: 'error',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error'] });
  configureHttpApp(app, { title: 'cpu per decision', description: 'diagnostics' });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const http = new HttpDriver(concurrency);
  let closeBackends: (() => Promise<void>) | undefined;
  try {
    const world = await seedAuthorizationView(database.url, TOKENS);
    const switcher = app.get(AuthorizationSwitch);
    const backends = new Client({ connectionString: database.url });
    await backends.connect();
    closeBackends = () => backends.end();
    const backendCpuMs = async () => {
      const { rows } = await backends.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid)]));
    };
    const measure = (label: string, one: (i: number) => Promise<unknown>) =>
      measureWork(label, async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < requests) await one(next++);
          }),
        );
      });
    /** CPU of `work`, per request of a phase (`requests` of them). */
    const measureWork = async (label: string, work: () => Promise<void>) => {
      const backendsBefore = await backendCpuMs();
      statements.reset();
      const cpu = process.cpuUsage();
      const started = performance.now();
      await work();
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = (used.user + used.system) / 1000 / requests;
      const sent = statements.take();
      const backendsAfter = await backendCpuMs();
      // A backend that was not there before started during the run: all its CPU counts.
      let postgresMs = 0;
      for (const [pid, after] of backendsAfter) postgresMs += after - (backendsBefore.get(pid) ?? 0);
      process.stdout.write(
        `${label.padEnd(44)} ${(requests / seconds).toFixed(0).padStart(6)}/s  ${cpuMs.toFixed(3)} ms CPU each` +
          `  PostgreSQL ${(postgresMs / requests).toFixed(3)} ms` +
          `  ${(sent.total / requests).toFixed(2)} statements\n`,
      );
      if (listStatements) {
        for (const [text, count] of [...sent.byText].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
          process.stdout.write(`    ${(count / requests).toFixed(3).padStart(7)}  ${text}\n`);
        }
      }
    };
    const decide = (i: number) =>
      switcher.authorize({
        authorizationId: randomUUID(),
        evseId: 'DE*BCP*E1',
        cpoPartyId: world.cpoPartyId,
        token: { type: 'RFID', uid: tokenUid(1 + (i % TOKENS)) },
        method: 'LOCAL',
        requestedBy: 'bench-cpo',
        callerPartyIds: [world.cpoPartyId],
        channel: { kind: 'http' },
      });
    const post = (i: number) =>
      http.send({
        method: 'POST',
        url: `${url}/v1/authorizations`,
        apiKey: world.cpoKey,
        body: { evseId: 'DE*BCP*E1', token: { uid: tokenUid(1 + (i % TOKENS)), type: 'RFID' } },
      });
    await measure('(warm-up)', decide);
    await measure('switch alone (no HTTP)', decide);
    if (decompose) {
      // What the decisions' processors add: the switch with them paused, then their catch-up over that backlog (in
      // batches of up to 500, larger than the live ones of 25 ms, so a lower bound of their live cost).
      const projection = app.get(AuthorizationsProjection).processor;
      const forwarder = app.get(AuthorizationForwarder).forwarder;
      await Promise.all([projection.stop(), forwarder.stop()]);
      await measure('switch alone, processors paused', decide);
      await measureWork('  projection catching up, per decision', async () => {
        await projection.catchUp();
      });
      await measureWork('  forwarder catching up, per decision', async () => {
        await forwarder.catchUp();
      });
      projection.start();
      forwarder.start();
    }
    await measure('(warm-up)', post);
    await measure('POST /v1/authorizations (client in process)', post);
    const runId = uniqueSuffix();
    await measure('  the same with an Idempotency-Key', (i) =>
      http.send({
        method: 'POST',
        url: `${url}/v1/authorizations`,
        apiKey: world.cpoKey,
        headers: { 'Idempotency-Key': `cpu-${runId}-${i}` },
        body: { evseId: 'DE*BCP*E1', token: { uid: tokenUid(1 + (i % TOKENS)), type: 'RFID' } },
      }),
    );
    await measure('GET /health/live (framework floor)', () => http.send({ method: 'GET', url: `${url}/health/live` }));
  } finally {
    await closeBackends?.();
    http.close();
    await app.close();
    if (keepDatabase) process.stdout.write(`database kept for inspection: ${database.url}\n`);
    else await database.drop();
  }
}

/** Counts the statements every pg client of this process sends (the app's pools), by their first words. */
function countStatements() {
  let total = 0;
  let byText = new Map<string, number>();
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string } | undefined;
    const text = typeof config === 'string' ? config : config?.text;
    if (text !== undefined) {
      total++;
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
      byText.set(key, (byText.get(key) ?? 0) + 1);
    }
    return query.apply(this, args);
  };
  return {
    reset: () => {
      total = 0;
      byText = new Map();
    },
    take: () => ({ total, byText }),
  };
}

/** User + system CPU of a process so far, in milliseconds (Linux /proc; clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, utime field 14 and stime field 15 (1-based, man proc).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
