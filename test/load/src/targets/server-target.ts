import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { TOPICS } from '@roaming/contracts';
import { PgDatabase, PostgresEventStore } from '@roaming/event-store';
import { waitFor, waitForProcessor } from '@roaming/testing';
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { Kafka, logLevel } from 'kafkajs';
import { connect } from 'net';
import { join } from 'path';
import { Client } from 'pg';
import { KafkaCdrIntake } from '../drivers/cdr-intake';
import { measureKafka, measurePostgres, type RawLimit } from '../measure/raw-limits';
import { childProcess, currentProcess, type MonitoredProcess, processGroup } from '../measure/resources';
import { KafkaOutboundObserver } from '../observe/outbound-observer';
import { type ChildApp, REPO_ROOT, startChildApp } from './child-app';
import type { Target, TargetLog } from './target';

export interface ServerTargetOptions {
  /** A PostgreSQL URL on the server to create the databases on (its database is only used to connect). */
  databaseUrl: string;
  brokers: string[];
  /** Where the apps' logs go. */
  logDir: string;
  runId: string;
  keep?: boolean;
  logLevel?: string;
  log: TargetLog;
}

/** The contexts of the roaming charge, each its own deployable with its own database (ARCHITECTURE.md §2). */
const APPS = ['contract-registry', 'authorization', 'cdr-forwarding'] as const;

/**
 * Server mode as production runs it: the three apps as separate processes, each on a fresh PostgreSQL database of
 * its own, meeting only on Kafka under a per-run topic prefix (so runs never read each other's messages). The
 * harness starts them from their sources and stops and drops everything afterwards (unless `keep`).
 */
export async function startServerTarget(options: ServerTargetOptions): Promise<Target> {
  const { log } = options;
  await ensureKafka(options.brokers, log);
  const prefix = `load-${options.runId}.`;
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const databases: { name: string; url: string }[] = [];
  const apps: ChildApp[] = [];
  const pools: PgDatabase[] = [];
  const kafka = new Kafka({
    clientId: `load-harness-${options.runId}`,
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });

  const stop = async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(pools.map((pool) => pool.close().catch(() => undefined)));
    if (options.keep) {
      log(`kept databases ${databases.map((d) => d.name).join(', ')} and topics ${prefix}*`);
      return;
    }
    for (const database of databases) await dropDatabase(options.databaseUrl, database.name).catch(() => undefined);
    await deleteTopics(kafka, prefix).catch(() => undefined);
  };

  try {
    for (const app of [...APPS, 'raw']) {
      databases.push(await createDatabase(options.databaseUrl, `load_${options.runId}_${app.replace(/-/g, '_')}`));
    }
    const urlOf = (app: string) => databases.find((d) => d.name.endsWith(`_${app.replace(/-/g, '_')}`))!.url;
    log(`starting ${APPS.join(', ')} (server mode, topic prefix ${prefix}) …`);
    const started = await Promise.all(
      APPS.map((app) =>
        startChildApp(
          app,
          {
            MODE: 'server',
            DATABASE_URL: urlOf(app),
            KAFKA_BROKERS: options.brokers.join(','),
            KAFKA_TOPIC_PREFIX: prefix,
            KAFKA_CLIENT_ID: `${prefix}${app}`,
            OPERATOR_API_KEY: operatorKey,
            LOG_LEVEL: options.logLevel ?? 'warn',
            LOG_FORMAT: 'json',
            // The harness's world generates EVSE ids that no station-management ever published (issue 5 intake rule).
            CDR_UNKNOWN_EVSE: 'accept',
          },
          options.logDir,
        ),
      ),
    );
    apps.push(...started);
    const [registryApp, authorizationApp, cdrsApp] = started;
    const [registryDb, authorizationDb, cdrsDb] = APPS.map(
      (app) => new PgDatabase({ connectionString: urlOf(app), max: 4 }),
    );
    pools.push(registryDb, authorizationDb, cdrsDb);
    const registryStore = new PostgresEventStore(registryDb);
    const rawDb = urlOf('raw');

    const processes: MonitoredProcess[] = [
      ...started.map((app) => childProcess(app.name, app.pid)),
      currentProcess('harness'),
      processGroup('postgres (all backends on this machine)', (comm) => comm === 'postgres'),
      processGroup('kafka broker', (comm, cmdline) => comm === 'java' && cmdline.includes('kafka.Kafka')),
    ];

    return {
      kind: 'server',
      description:
        `${APPS.join(', ')} as separate processes on PostgreSQL (${redact(options.databaseUrl)}, one fresh database ` +
        `each) and Kafka (${options.brokers.join(',')}, topic prefix ${prefix})`,
      urls: { registry: registryApp.url, authorization: authorizationApp.url, cdrs: cdrsApp.url },
      operatorKey,
      cdrIntake: new KafkaCdrIntake(kafka, prefix + TOPICS.b2bCdrsInbound),
      outbound: new KafkaOutboundObserver(kafka, prefix),
      stores: { registry: registryDb, authorization: authorizationDb, cdrs: cdrsDb },
      processes,
      async settleRegistry() {
        // The registry's forwarder has published everything (its checkpoint moves after the broker's ack) …
        await waitForProcessor(registryStore, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES, 600_000);
        // … and the two consumers of its topic have committed up to the end.
        await waitForGroups(kafka, prefix + TOPICS.contractRegistryEvents, [
          `${prefix}authorization.registry-view`,
          `${prefix}cdr-forwarding.registry-view`,
        ]);
      },
      async measureRawLimits(payloads: readonly string[], seconds: number): Promise<RawLimit[]> {
        const scratch = new PgDatabase({ connectionString: rawDb, max: 4 });
        try {
          const postgres = await measurePostgres(scratch, payloads, seconds, 4, 'postgres');
          const produced = await measureKafka(kafka, `${prefix}load.raw.v1`, payloads, seconds, 16);
          return [...postgres, ...produced];
        } finally {
          await scratch.close();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until each group has committed every partition of `topic` up to its current end. */
export async function waitForGroups(kafka: Kafka, topic: string, groups: readonly string[], timeoutMs = 600_000) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const groupId of groups) {
      await waitFor(
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return ends.every((end) => {
            if (end.high === '0') return true;
            const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
            return at !== '-1' && BigInt(at) >= BigInt(end.high);
          });
        },
        { timeoutMs, intervalMs: 100, description: `consumer group ${groupId} to reach the end of ${topic}` },
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** Starts the local broker (deploy/local/kafka-up) when the first one does not answer, as `npm test` does. */
async function ensureKafka(brokers: readonly string[], log: TargetLog): Promise<void> {
  if (await answers(brokers[0])) return;
  log(`no Kafka broker answers at ${brokers[0]}: starting the local one (deploy/local/kafka-up) …`);
  const up = spawnSync('bash', [join(REPO_ROOT, 'deploy/local/kafka-up')], { stdio: 'inherit' });
  if (up.status !== 0) throw new Error('deploy/local/kafka-up failed; see its log');
}

function answers(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function createDatabase(serverUrl: string, name: string): Promise<{ name: string; url: string }> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** The URL without its password, for the report. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
