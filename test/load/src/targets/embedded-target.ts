import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { Database, EventStore, PgliteDatabase } from '@roaming/event-store';
import { MessageBus } from '@roaming/messaging';
import { configureHttpApp } from '@roaming/platform';
import { waitForProcessor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { AppModule } from '../../../../apps/clearing-house/src/app.module';
import { BusCdrIntake } from '../drivers/cdr-intake';
import { measurePostgres } from '../measure/raw-limits';
import { currentProcess } from '../measure/resources';
import { ObservedInProcessBus } from '../observe/outbound-observer';
import type { Target, TargetLog } from './target';

export interface EmbeddedTargetOptions {
  /** Keep the PGlite directory after the run (its path is logged). */
  keep?: boolean;
  logLevel?: string;
  log: TargetLog;
}

/**
 * The embedded default (`npm start`): apps/clearing-house in this process, on PGlite in a fresh temporary DATA_DIR
 * and the in-process bus, serving HTTP on a free local port. The one change to the app is the bus it gets: the same
 * in-process bus with a tap that notes what reaches the partners' outbound topics (it adds no consumer and no
 * transaction). CPU and memory are this process's, harness included: the report says so.
 */
export async function startEmbeddedTarget(options: EmbeddedTargetOptions): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'load-embedded-'));
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const env: Record<string, string> = {
    MODE: 'embedded',
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: operatorKey,
    LOG_LEVEL: options.logLevel ?? 'warn',
    LOG_FORMAT: 'json',
    // An environment set up for the tests (DATABASE_URL, KAFKA_BROKERS) must not turn this into server mode.
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
    // The harness's world generates EVSE ids that no station-management ever published (issue 5 intake rule).
    CDR_UNKNOWN_EVSE: 'accept',
  };
  const saved = { ...process.env };
  let app: INestApplication;
  Object.assign(process.env, env);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(MessageBus)
      .useFactory({ factory: (database: Database) => new ObservedInProcessBus({ database }), inject: [Database] })
      .compile();
    const nest = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(nest, { title: 'Roaming clearing house', description: 'embedded, under load' });
    await nest.listen(0, '127.0.0.1');
    app = nest;
  } finally {
    process.env = saved;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const database = app.get(Database);
  const store = app.get(EventStore);
  const bus = app.get(MessageBus);
  if (!(bus instanceof ObservedInProcessBus)) throw new Error('the embedded app did not take the observed bus');
  options.log(`embedded clearing house on ${url}, PGlite in ${dataDir}`);

  return {
    kind: 'embedded',
    description: `apps/clearing-house in the harness process: PGlite in ${dataDir}, in-process bus`,
    urls: { registry: url, authorization: url, cdrs: url },
    operatorKey,
    cdrIntake: new BusCdrIntake(bus),
    outbound: bus,
    stores: { registry: database, authorization: database, cdrs: database },
    processes: [currentProcess('harness + clearing-house (one process)')],
    // In-process delivery completes inside the forwarder's publish: once its checkpoint has moved, every view has
    // applied every registry message.
    settleRegistry: () => waitForProcessor(store, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES, 600_000),
    async measureRawLimits(payloads, seconds) {
      const scratchDir = mkdtempSync(join(tmpdir(), 'load-raw-pglite-'));
      const scratch = await PgliteDatabase.open(scratchDir);
      try {
        return await measurePostgres(scratch, payloads, seconds, 1, 'pglite');
      } finally {
        await scratch.close();
        rmSync(scratchDir, { recursive: true, force: true });
      }
    },
    async stop() {
      await app.close();
      if (options.keep) options.log(`kept the PGlite data in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
