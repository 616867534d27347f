import type { INestApplication } from '@nestjs/common';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { EventStore } from '@roaming/event-store';
import { waitForProcessor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AppModule } from '../../../apps/clearing-house/src/app.module';
import type { Doors } from './roaming-charge.scenario';
import { startApp } from './server-apps';

/**
 * The embedded default (`npm start`: every context in one process, PGlite under its own DATA_DIR, the in-process bus)
 * for an e2e test. `open()` starts it (again after `close()`, for a restart on the same data); every door is the one
 * HTTP server, and the registry has settled once its forwarder's checkpoint moved, because in-process delivery
 * completes inside the forwarder's publish.
 */
export class EmbeddedClearingHouse {
  readonly dataDir: string;
  readonly operatorKey = `op_${randomBytes(24).toString('hex')}`;
  app!: INestApplication;
  doors!: Doors;

  constructor(
    dataDirPrefix: string,
    private readonly settings: Record<string, string> = {},
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  }

  get env(): Record<string, string> {
    return {
      MODE: 'embedded',
      DATA_DIR: this.dataDir,
      OPERATOR_API_KEY: this.operatorKey,
      LOG_LEVEL: 'warn',
      ...this.settings,
    };
  }

  async open(): Promise<INestApplication> {
    this.app = await startApp(AppModule, 'Roaming clearing house', this.env);
    const server = this.app.getHttpServer();
    const store = this.app.get(EventStore);
    this.doors = {
      registry: server,
      authorization: server,
      cdrs: server,
      operatorKey: this.operatorKey,
      settleRegistry: () => waitForProcessor(store, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES),
    };
    return this.app;
  }

  async close(): Promise<void> {
    await this.app?.close();
  }

  /** Closes the app and deletes its data directory. */
  async remove(): Promise<void> {
    await this.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
