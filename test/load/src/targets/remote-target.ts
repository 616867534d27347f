import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { TOPICS } from '@roaming/contracts';
import { PgDatabase, PostgresEventStore } from '@roaming/event-store';
import { waitForProcessor } from '@roaming/testing';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaCdrIntake } from '../drivers/cdr-intake';
import { measureKafka, measurePostgres, type RawLimit } from '../measure/raw-limits';
import { currentProcess } from '../measure/resources';
import { KafkaOutboundObserver } from '../observe/outbound-observer';
import type { DoorUrls } from '../traffic/operation';
import { redact, waitForGroups } from './server-target';
import type { StoreAccess, Target, TargetLog } from './target';

export interface RemoteTargetOptions {
  urls: DoorUrls;
  operatorKey: string;
  /** Kafka of the deployment: enables the topic door, the outbound observation and the Kafka raw limit. */
  brokers?: string[];
  topicPrefix?: string;
  /** The contexts' databases (read-only use: the inventory and the registry settle); one URL may serve all. */
  databaseUrls?: { registry: string; authorization: string; cdrs: string };
  /** A database where the harness may create and drop a scratch table for the PostgreSQL raw limit. */
  scratchDatabaseUrl?: string;
  runId: string;
  log: TargetLog;
}

/**
 * A deployment the harness did not start (staging, production-like): it drives the given URLs and brokers and reads
 * what it is allowed to. Without database URLs the inventory checks what the doors and topics show, and the registry
 * settle waits on the consumer groups only.
 */
export async function connectRemoteTarget(options: RemoteTargetOptions): Promise<Target> {
  const prefix = options.topicPrefix ?? '';
  const kafka = options.brokers?.length
    ? new Kafka({ clientId: `load-harness-${options.runId}`, brokers: options.brokers, logLevel: logLevel.NOTHING })
    : undefined;
  const pools: PgDatabase[] = [];
  let stores: StoreAccess | undefined;
  if (options.databaseUrls) {
    const open = (url: string) => {
      const db = new PgDatabase({ connectionString: url, max: 2 });
      pools.push(db);
      return db;
    };
    stores = {
      registry: open(options.databaseUrls.registry),
      authorization: open(options.databaseUrls.authorization),
      cdrs: open(options.databaseUrls.cdrs),
    };
  }
  const registryStore = stores ? new PostgresEventStore(stores.registry) : undefined;
  options.log(`remote target: ${options.urls.registry}${kafka ? `, Kafka ${options.brokers!.join(',')}` : ''}`);
  return {
    kind: 'remote',
    description:
      `a running deployment: registry ${options.urls.registry}, authorization ${options.urls.authorization}, ` +
      `cdr-forwarding ${options.urls.cdrs}` +
      (kafka ? `, Kafka ${options.brokers!.join(',')} (prefix '${prefix}')` : ', no Kafka access') +
      (options.databaseUrls ? `, databases ${redact(options.databaseUrls.registry)} …` : ''),
    urls: options.urls,
    operatorKey: options.operatorKey,
    cdrIntake: kafka ? new KafkaCdrIntake(kafka, prefix + TOPICS.b2bCdrsInbound) : undefined,
    outbound: kafka ? new KafkaOutboundObserver(kafka, prefix) : undefined,
    stores,
    processes: [currentProcess('harness')],
    async settleRegistry() {
      if (registryStore) await waitForProcessor(registryStore, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES, 600_000);
      if (kafka) {
        await waitForGroups(kafka, prefix + TOPICS.contractRegistryEvents, [
          `${prefix}authorization.registry-view`,
          `${prefix}cdr-forwarding.registry-view`,
        ]);
      }
    },
    async measureRawLimits(payloads, seconds): Promise<RawLimit[]> {
      const limits: RawLimit[] = [];
      if (options.scratchDatabaseUrl) {
        const scratch = new PgDatabase({ connectionString: options.scratchDatabaseUrl, max: 4 });
        try {
          limits.push(...(await measurePostgres(scratch, payloads, seconds, 4, 'postgres')));
        } finally {
          await scratch.close();
        }
      }
      if (kafka)
        limits.push(...(await measureKafka(kafka, `${prefix}load.raw.${options.runId}`, payloads, seconds, 16)));
      return limits;
    },
    async stop() {
      await Promise.all(pools.map((pool) => pool.close().catch(() => undefined)));
    },
  };
}
