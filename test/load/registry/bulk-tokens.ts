/**
 * Bulk registration of EV contract tokens through the registry's batch door (issue 3, "a benchmark registers
 * 1,000,000 tokens through the bulk door and reports the rate"): POST /v1/contracts/batch, one RFID token per contract,
 * in batches of `--batch` contracts, `--concurrency` requests in flight, against the contract-registry app in server
 * mode (its own fresh PostgreSQL database, Kafka under a run prefix; its forwarder and projections running, as in
 * production).
 *
 *   node scripts/load.js --run test/load/registry/bulk-tokens.ts \
 *     --tokens 1000000 [--batch 5000] [--concurrency 2] [--settle] [--keep]
 *     [--url http://127.0.0.1:3000 --database-url postgres://…/db --operator-key …]   (an app already running)
 *
 * Reports tokens/s over the whole upload (first request sent to last answer), batch latency percentiles, and checks
 * at the end that every token is in the contract book, each batch one event. With --settle it also waits until the
 * forwarder has published every token on Kafka and the whitelist projection has caught up, and reports how long that
 * took after the last answer. Prints the machine's load average: on a shared machine the figures depend on what else
 * runs.
 */
import { Emaid } from '@roaming/shared-kernel';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { mkdtempSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { HttpDriver, isRecord } from '../src/drivers/http-driver';
import { type ChildApp, startChildApp } from '../src/targets/child-app';

interface Options {
  tokens: number;
  batch: number;
  concurrency: number;
  settle: boolean;
  keep: boolean;
  url?: string;
  databaseUrl?: string;
  operatorKey?: string;
}

const EMSP_PARTY = 'NLBLK';

function parseOptions(argv: string[]): Options {
  const options: Options = { tokens: 1_000_000, batch: 5000, concurrency: 2, settle: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      const raw = Number(argv[++i]);
      if (!Number.isInteger(raw) || raw <= 0) throw new Error(`${name} needs a positive whole number`);
      return raw;
    };
    if (name === '--tokens') options.tokens = value();
    else if (name === '--batch') options.batch = value();
    else if (name === '--concurrency') options.concurrency = value();
    else if (name === '--settle') options.settle = true;
    else if (name === '--keep') options.keep = true;
    else if (name === '--url') options.url = argv[++i];
    else if (name === '--database-url') options.databaseUrl = argv[++i];
    else if (name === '--operator-key') options.operatorKey = argv[++i];
    else throw new Error(`unknown option ${name}`);
  }
  if (options.batch > 5000) throw new Error('--batch is at most 5000 (the door refuses larger batches)');
  const remote = [options.url, options.databaseUrl, options.operatorKey].filter((v) => v !== undefined).length;
  if (remote !== 0 && remote !== 3) throw new Error('--url, --database-url and --operator-key go together');
  return options;
}

interface RunningApp {
  url: string;
  databaseUrl: string;
  operatorKey: string;
  stop(keepDatabase: boolean): Promise<void>;
}

/** A fresh database and the contract-registry app on it, in server mode with Kafka, as production runs it. */
async function startApp(log: (line: string) => void): Promise<RunningApp> {
  const database = await createTestDatabase('bench_registry');
  const logDir = mkdtempSync(join(tmpdir(), 'bench-registry-'));
  const prefix = `bench-${uniqueSuffix()}.`;
  const operatorKey = `op_${uniqueSuffix(16)}`;
  log(`database ${new URL(database.url).pathname.slice(1)}, topic prefix ${prefix}, logs in ${logDir}`);
  const app: ChildApp = await startChildApp(
    'contract-registry',
    {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: operatorKey,
      LOG_LEVEL: 'warn',
    },
    logDir,
  );
  return {
    url: app.url,
    databaseUrl: database.url,
    operatorKey,
    stop: async (keepDatabase) => {
      await app.stop();
      if (!keepDatabase) await database.drop();
    },
  };
}

/** The n-th contract (1-based): its EMAID (check digit computed) and one RFID card of 7 bytes. */
function contract(n: number): { emaid: string; tokens: { uid: string; type: 'RFID' }[] } {
  return {
    emaid: Emaid.parse(`${EMSP_PARTY}C${String(n).padStart(8, '0')}`).value,
    tokens: [{ uid: `04${n.toString(16).toUpperCase().padStart(12, '0')}`, type: 'RFID' }],
  };
}

async function onboardEvsp(http: HttpDriver, app: RunningApp): Promise<string> {
  const registered = await http.send({
    method: 'POST',
    url: `${app.url}/v1/admin/partners`,
    apiKey: app.operatorKey,
    body: { name: 'Bulk EVSP', roles: ['emsp'], partyIds: [EMSP_PARTY], partnerContractVersion: 'PC-BENCH' },
  });
  if (registered.status !== 201 || !isRecord(registered.body)) throw new Error(`onboarding: ${registered.status}`);
  const issued = await http.send({
    method: 'POST',
    url: `${app.url}/v1/admin/partners/${String(registered.body.partnerId)}/credentials`,
    apiKey: app.operatorKey,
  });
  if (issued.status !== 201 || !isRecord(issued.body)) throw new Error(`issuing a key: ${issued.status}`);
  return String(issued.body.apiKey);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitUntil(description: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const app: RunningApp =
    options.url && options.databaseUrl && options.operatorKey
      ? {
          url: options.url,
          databaseUrl: options.databaseUrl,
          operatorKey: options.operatorKey,
          stop: async () => undefined,
        }
      : await startApp(log);
  const http = new HttpDriver(options.concurrency, 600_000);
  const db = new Client({ connectionString: app.databaseUrl });
  await db.connect();
  try {
    const apiKey = await onboardEvsp(http, app);
    const batches = Math.ceil(options.tokens / options.batch);
    log(
      `registering ${options.tokens} tokens in ${batches} batches of ${options.batch}, ${options.concurrency} in ` +
        `flight; ${cpus().length} cores, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );

    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < batches) {
        const index = next++;
        const first = index * options.batch + 1;
        const last = Math.min(options.tokens, first + options.batch - 1);
        const contracts = Array.from({ length: last - first + 1 }, (_, i) => contract(first + i));
        const sent = performance.now();
        const response = await http.send({
          method: 'POST',
          url: `${app.url}/v1/contracts/batch`,
          apiKey,
          body: { contracts },
          headers: { 'idempotency-key': `bench-batch-${index}` },
        });
        latencies.push(performance.now() - sent);
        const registered = isRecord(response.body) ? response.body.registered : undefined;
        if (response.status !== 200 || registered !== contracts.length) {
          throw new Error(`batch ${index}: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
        }
        if (index % 20 === 19) log(`  ${last} tokens after ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...latencies].sort((a, b) => a - b);

    const stored = await db.query<{ claims: string; contracts: string; batches: string }>(
      `SELECT (SELECT count(*) FROM registry.token_uid_claims WHERE emsp_party_id = $1)::text AS claims,
              (SELECT count(*) FROM registry.ev_contracts WHERE emsp_party_id = $1)::text AS contracts,
              (SELECT count(*) FROM es.events WHERE category = 'contractBatch')::text AS batches`,
      [EMSP_PARTY],
    );
    const { claims, contracts, batches: events } = stored.rows[0];
    if (Number(claims) !== options.tokens || Number(contracts) !== options.tokens || Number(events) !== batches) {
      throw new Error(`stored ${claims} token claims and ${contracts} contracts in ${events} batch events`);
    }
    log(
      `RESULT bulk door: ${options.tokens} tokens in ${seconds.toFixed(1)} s = ${Math.round(options.tokens / seconds)} ` +
        `tokens/s; batch of ${options.batch}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ` +
        `${percentile(sorted, 95).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms; stored: ` +
        `${claims} tokens, ${events} batch events; load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );

    if (options.settle) {
      const settleStart = performance.now();
      const caughtUp = async (processorId: string) => {
        const { rows } = await db.query<{ behind: boolean }>(
          `SELECT NOT EXISTS (SELECT 1 FROM es.checkpoints WHERE processor_id = $1)
               OR EXISTS (
                 SELECT 1 FROM es.events e JOIN es.checkpoints c ON c.processor_id = $1
                 WHERE e.category = 'contractBatch'
                   AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
               ) AS behind`,
          [processorId],
        );
        return rows[0]?.behind === false;
      };
      await waitUntil('the whitelist projection', () => caughtUp('contract-registry:whitelist:v1'), 3_600_000);
      log(
        `  whitelist projection caught up ${((performance.now() - settleStart) / 1000).toFixed(1)} s after the last answer`,
      );
      await waitUntil('the forwarder', () => caughtUp('forwarder:contract-registry'), 3_600_000);
      log(
        `RESULT settled: every token published on Kafka ${((performance.now() - settleStart) / 1000).toFixed(1)} s ` +
          'after the last answer',
      );
    }
  } finally {
    await db.end();
    await app.stop(options.keep);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
