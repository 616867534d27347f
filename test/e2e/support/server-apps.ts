import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PgDatabase, PostgresEventStore } from '@roaming/event-store';
import { configureHttpApp } from '@roaming/platform';
import { createTestDatabase, testKafkaBrokers } from '@roaming/testing';
import type { App } from 'supertest/types';

/**
 * Starts one app the way its main.ts does, with its own environment. The configuration is read while the module
 * initialises, so each app gets its own DATABASE_URL even though they share this Jest process.
 */
export async function startApp(
  appModule: Type<unknown>,
  title: string,
  env: Record<string, string>,
): Promise<INestApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const app = await NestFactory.create<NestExpressApplication>(appModule, { logger: ['error', 'warn'] });
    configureHttpApp(app, { title, description: `${title} (e2e)` });
    await app.init();
    return app;
  } finally {
    process.env = saved;
  }
}

/** One context deployed on its own in server mode: its app, and a connection to its OWN database's event store. */
export interface ServerContext {
  app: INestApplication;
  http: App;
  db: PgDatabase;
  store: PostgresEventStore;
}

/**
 * Contexts as separately deployed apps in this Jest process (ARCHITECTURE.md §8, server mode): each on a fresh
 * PostgreSQL database of its own, all meeting only on the real Kafka broker under one per-run topic and consumer
 * group prefix, so that runs never read each other's messages.
 */
export class ServerContexts<K extends string> {
  private constructor(
    private readonly contexts: Map<K, ServerContext>,
    private readonly databases: { drop(): Promise<void> }[],
  ) {}

  static async start<K extends string>(
    specs: readonly (readonly [name: K, appModule: Type<unknown>, title: string])[],
    options: { prefix: string; operatorKey: string },
  ): Promise<ServerContexts<K>> {
    const started = new ServerContexts<K>(new Map(), []);
    try {
      for (const [name, appModule, title] of specs) {
        const database = await createTestDatabase(name);
        started.databases.push(database);
        const app = await startApp(appModule, title, {
          MODE: 'server',
          DATABASE_URL: database.url,
          KAFKA_BROKERS: testKafkaBrokers().join(','),
          KAFKA_TOPIC_PREFIX: options.prefix,
          OPERATOR_API_KEY: options.operatorKey,
          LOG_LEVEL: 'warn',
        });
        const db = new PgDatabase(database.url);
        started.contexts.set(name, { app, http: app.getHttpServer(), db, store: new PostgresEventStore(db) });
      }
    } catch (error) {
      await started.close();
      throw error;
    }
    return started;
  }

  get(name: K): ServerContext {
    const context = this.contexts.get(name);
    if (!context) throw new Error(`no context ${name} was started`);
    return context;
  }

  /** Apps in reverse start order, then their databases. */
  async close(): Promise<void> {
    for (const { app, db } of [...this.contexts.values()].reverse()) {
      await app.close();
      await db.close();
    }
    for (const database of this.databases) await database.drop();
  }
}
