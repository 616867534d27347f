import type { INestApplication } from '@nestjs/common';
import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { PgDatabase, PostgresEventStore } from '@roaming/event-store';
import {
  createTestDatabase,
  KafkaTestProbe,
  testKafkaBrokers,
  uniqueSuffix,
  waitFor,
  waitForProcessor,
} from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import { Kafka, logLevel } from 'kafkajs';
import { AppModule as AuthorizationApp } from '../../apps/authorization/src/app.module';
import { AppModule as ContractRegistryApp } from '../../apps/contract-registry/src/app.module';
import { builtMain, ChildApp } from './support/child-app';
import {
  cdrOf,
  type Doors,
  partnerKafkaMessage,
  registerRoamingWorld,
  type RoamingWorld,
  sitePublishedOf,
} from './support/roaming-charge.scenario';
import { startApp } from './support/server-apps';

/**
 * Enough that the SIGKILL lands mid-intake: the Kafka door takes up to 500 records per transaction (subscribeBatch),
 * so a few hundred would be stored by the first batch before the test could kill anything.
 */
const CDRS = 2_500;
/** Produced in requests under the broker's 1 MiB limit. */
const PRODUCE_CHUNK = 500;

/**
 * "Nothing accepted is ever lost or applied twice": cdr-forwarding runs as its own process and takes CDRs from the
 * CPO's Kafka topic; it is killed with SIGKILL in the middle of the intake and started again. Every CDR must then be
 * recorded exactly once and forwarded to the EVSP, and the EVSP's topic must carry each one (redelivery after the
 * crash is allowed, with the same message id, so the EVSP can dedupe).
 */
describe('crash recovery: cdr-forwarding killed mid-intake (IEC 63119-2 UC3-9)', () => {
  const prefix = `crash-${uniqueSuffix()}.`;
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const databases: { url: string; drop(): Promise<void> }[] = [];
  const apps: INestApplication[] = [];
  const probe = new KafkaTestProbe();
  let cdrDb: PgDatabase;
  let registryDb: PgDatabase;
  let child: ChildApp;
  let world: RoamingWorld;

  const env = (databaseUrl: string) => ({
    MODE: 'server',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    OPERATOR_API_KEY: operatorKey,
    LOG_LEVEL: 'warn',
    PORT: '0',
  });

  beforeAll(async () => {
    const main = builtMain('cdr-forwarding');
    await probe.connect();
    const registry = await createTestDatabase('crash_registry');
    const authorization = await createTestDatabase('crash_authz');
    const cdrs = await createTestDatabase('crash_cdr');
    databases.push(registry, authorization, cdrs);
    apps.push(await startApp(ContractRegistryApp, 'Contract registry', env(registry.url)));
    apps.push(await startApp(AuthorizationApp, 'Authorization', env(authorization.url)));
    registryDb = new PgDatabase(registry.url);
    cdrDb = new PgDatabase(cdrs.url);
    child = new ChildApp(main, env(cdrs.url));
    child.start();
    const registryStore = new PostgresEventStore(registryDb);
    const doors: Doors = {
      registry: apps[0].getHttpServer(),
      authorization: apps[1].getHttpServer(),
      cdrs: apps[0].getHttpServer(), // not used here: CDRs go over Kafka
      operatorKey,
      settleRegistry: async () => {
        await waitForProcessor(registryStore, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES);
        const topic = prefix + TOPICS.contractRegistryEvents;
        await probe.waitForGroupToReach(
          `${prefix}cdr-forwarding.registry-view`,
          topic,
          await probe.endOffsets(topic),
          60_000,
        );
      },
    };
    world = await registerRoamingWorld(doors);
    await doors.settleRegistry();
    // The EVSE as station-management would publish it: intake refuses records for EVSEs it does not know.
    const sites = prefix + TOPICS.stationManagementEvents;
    await probe.produce(sites, [sitePublishedOf(world)]);
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.evse-view`, sites, await probe.endOffsets(sites), 60_000);
  }, 180_000);

  afterAll(async () => {
    await child?.kill();
    for (const app of apps.reverse()) await app.close();
    await cdrDb?.close();
    await registryDb?.close();
    await probe.close();
    for (const database of databases) await database.drop();
  }, 60_000);

  const received = async () =>
    Number(
      // A record accepted at once is received by its CdrForwarded (it carries the receipt).
      (await cdrDb.query<{ n: string }>(`SELECT count(*)::text AS n FROM es.events WHERE type = 'CdrForwarded'`))
        .rows[0].n,
    );

  it('records every CDR once and forwards each, across a SIGKILL', async () => {
    const cdrs = Array.from({ length: CDRS }, (_, i) => cdrOf(world, randomUUID(), `CRASH-${i}-${uniqueSuffix(3)}`));
    const kafka = new Kafka({ clientId: 'crash-test-cpo', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    // The door's topic as the hub creates it (with the broker's append times), in case the app has not yet: created
    // by this producer it would keep producer timestamps, and the door refuses every message on such a topic.
    await probe.createTopic(prefix + TOPICS.b2bCdrsInbound);
    for (let start = 0; start < cdrs.length; start += PRODUCE_CHUNK) {
      await producer.send({
        topic: prefix + TOPICS.b2bCdrsInbound,
        acks: -1,
        messages: cdrs
          .slice(start, start + PRODUCE_CHUNK)
          .map((cdr) => partnerKafkaMessage(world, 'cpo', TOPICS.b2bCdrsInbound, JSON.stringify(cdr), { type: 'Cdr' })),
      });
    }
    await producer.disconnect();

    // Let the intake get going, then crash it mid-way.
    await waitFor(async () => (await received()) >= 20, {
      timeoutMs: 60_000,
      description: `20 CDRs received before the crash\n${child.tail()}`,
    });
    await child.kill();
    const beforeRestart = await received();
    expect(beforeRestart).toBeLessThan(CDRS); // the crash really happened in the middle
    child.start();

    await waitFor(async () => (await received()) >= CDRS, {
      timeoutMs: 90_000,
      description: `all ${CDRS} CDRs received after the restart\n${child.tail()}`,
    });

    // Exactly once in the store: one stream per CDR, each received and forwarded once (one event).
    const perStream = await cdrDb.query<{ types: string }>(
      `SELECT string_agg(type, ',' ORDER BY stream_position) AS types FROM es.events WHERE category = 'cdr' GROUP BY stream_name`,
    );
    expect(perStream.rowCount).toBe(CDRS);
    expect(new Set(perStream.rows.map((r) => r.types))).toEqual(new Set(['CdrForwarded']));
    const dedupe = await cdrDb.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM messaging.processed_messages WHERE consumer_group = $1`,
      [`${prefix}cdr-forwarding.inbound`],
    );
    expect(Number(dedupe.rows[0].n)).toBe(CDRS);

    // Delivered to the EVSP: every CDR on its topic; a redelivery after the crash repeats the same message id.
    const wanted = new Set(cdrs.map((c) => c.cdrId));
    const seen = new Map<string, Set<string>>();
    await probe.waitForMessage(
      prefix + partnerOutboundTopic(world.emspParty),
      (m) => {
        const body = JSON.parse(m.value);
        if (body.type !== 'CdrForwarded' || !wanted.has(body.data.cdrId)) return undefined;
        const ids = seen.get(body.data.cdrId) ?? new Set<string>();
        ids.add(m.headers['message-id']);
        seen.set(body.data.cdrId, ids);
        return seen.size === CDRS ? true : undefined;
      },
      90_000,
    );
    expect(seen.size).toBe(CDRS);
    for (const ids of seen.values()) expect(ids.size).toBe(1);
  }, 300_000);
});
