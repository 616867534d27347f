/**
 * Where the hot path's CPU goes, in one process (issue 4 "Speed" diagnostics): the authorization app on a fresh
 * PostgreSQL database with Kafka, its processors running, driven in-process with `concurrency` requests at a time:
 *   1. the transaction switch alone (lookup, decision, group-committed append; no HTTP),
 *   2. POST /v1/authorizations over keep-alive HTTP (the client in the same process),
 *   3. GET /health/live, the HTTP framework's floor.
 * Prints decisions per second and CPU milliseconds per request for each, so that a change can be judged by what it
 * saves per decision, independently of what else the machine runs.
 *
 *   node scripts/load.js --run test/load/authorization/cpu-per-decision.ts [--requests 8000] [--concurrency 64]
 */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AuthorizationSwitch } from '@roaming/authorization';
import { configureHttpApp } from '@roaming/platform';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix } from '@roaming/testing';
import { randomUUID } from 'crypto';
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
  try {
    const world = await seedAuthorizationView(database.url, TOKENS);
    const switcher = app.get(AuthorizationSwitch);
    const measure = async (label: string, one: (i: number) => Promise<unknown>) => {
      let next = 0;
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) await one(next++);
        }),
      );
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = (used.user + used.system) / 1000 / requests;
      process.stdout.write(
        `${label.padEnd(44)} ${(requests / seconds).toFixed(0).padStart(6)}/s  ${cpuMs.toFixed(3)} ms CPU each\n`,
      );
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
    await measure('(warm-up)', post);
    await measure('POST /v1/authorizations (client in process)', post);
    await measure('GET /health/live (framework floor)', () => http.send({ method: 'GET', url: `${url}/health/live` }));
  } finally {
    http.close();
    await app.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
