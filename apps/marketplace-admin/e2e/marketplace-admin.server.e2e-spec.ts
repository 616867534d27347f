import type { INestApplication } from '@nestjs/common';
import { AppModule as AuthorizationApp } from '../../authorization/src/app.module';
import { AppModule as CdrForwardingApp } from '../../cdr-forwarding/src/app.module';
import { AppModule as ContractRegistryApp } from '../../contract-registry/src/app.module';
import { MarketplaceAdminAppModule } from '../src/app.module';
import { FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES } from '@roaming/contract-registry';
import { TOPICS } from '@roaming/contracts';
import { PgDatabase, PostgresEventStore } from '@roaming/event-store';
import { AuditSigningKey } from '@roaming/event-store/audit';
import {
  createTestDatabase,
  KafkaTestProbe,
  testKafkaBrokers,
  uniqueSuffix,
  waitFor,
  waitForProcessor,
} from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import request from 'supertest';
import {
  authorize,
  bearer,
  cdrOf,
  type Doors,
  partnerKafkaMessage,
  registerRoamingWorld,
  sitePublishedOf,
  type RoamingWorld,
} from '../../../test/e2e/support/roaming-charge.scenario';
import { startApp } from '../../../test/e2e/support/server-apps';

/**
 * Server mode (ARCHITECTURE §2, §8): the marketplace-admin app on its own PostgreSQL database learns partners and
 * transactions only from Kafka; the contexts each answer the operator and the auditor for their own database; dead
 * letters of a partner's Kafka door are captured, replayed with their message id and parked again on real Kafka.
 */
describe('marketplace operator and auditors across separately deployed apps (PostgreSQL per app, real Kafka)', () => {
  const prefix = `e2e-madmin-${uniqueSuffix()}.`;
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const signingKey = AuditSigningKey.generate();
  const databases: { url: string; drop(): Promise<void> }[] = [];
  const apps: INestApplication[] = [];
  const dbs: Record<string, PgDatabase> = {};
  const probe = new KafkaTestProbe();
  let doors: Doors;
  let admin: INestApplication;
  let world: RoamingWorld;
  let authorizationId: string;

  beforeAll(async () => {
    await probe.connect();
    const specs = [
      ['registry', ContractRegistryApp, 'Contract registry'],
      ['authorization', AuthorizationApp, 'Authorization'],
      ['cdrs', CdrForwardingApp, 'CDR forwarding'],
      ['madmin', MarketplaceAdminAppModule, 'Marketplace admin'],
    ] as const;
    for (const [name, module, title] of specs) {
      const database = await createTestDatabase(name);
      databases.push(database);
      apps.push(
        await startApp(module, title, {
          MODE: 'server',
          DATABASE_URL: database.url,
          KAFKA_BROKERS: testKafkaBrokers().join(','),
          KAFKA_TOPIC_PREFIX: prefix,
          OPERATOR_API_KEY: operatorKey,
          AUDIT_SIGNING_KEY: signingKey.toPem(),
          LOG_LEVEL: 'error',
        }),
      );
      dbs[name] = new PgDatabase(database.url);
    }
    const [registry, authorization, cdrs] = apps.map((a) => a.getHttpServer());
    admin = apps[3];
    const registryStore = new PostgresEventStore(dbs.registry);
    doors = {
      registry,
      authorization,
      cdrs,
      operatorKey,
      settleRegistry: async () => {
        await waitForProcessor(registryStore, FORWARDER_PROCESSOR_ID, PUBLISHED_CATEGORIES);
        const topic = prefix + TOPICS.contractRegistryEvents;
        const ends = await probe.endOffsets(topic);
        await probe.waitForGroupToReach(`${prefix}authorization.registry-view`, topic, ends);
        await probe.waitForGroupToReach(`${prefix}cdr-forwarding.registry-view`, topic, ends);
      },
    };
    world = await registerRoamingWorld(doors);
    await doors.settleRegistry();
    // The EVSE as station-management would publish it: intake refuses records for EVSEs it does not know.
    const sites = prefix + TOPICS.stationManagementEvents;
    await probe.produce(sites, [sitePublishedOf(world)]);
    await probe.waitForGroupToReach(`${prefix}cdr-forwarding.evse-view`, sites, await probe.endOffsets(sites));
    // The authorization app's view of the registry may trail the offsets a moment under load: ask until granted.
    authorizationId = await waitFor(
      async () => {
        const decision = await authorize(doors, world, world.tokenUid);
        return decision.status === 'ACCEPTED' ? decision.authorizationId : undefined;
      },
      { description: 'a granted authorization', timeoutMs: 30_000, intervalMs: 200 },
    );
    await request(cdrs).post('/v1/cdrs').set(bearer(world.cpoKey)).send(cdrOf(world, authorizationId)).expect(201);
  }, 180_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    for (const db of Object.values(dbs)) await db.close();
    await probe.close();
    for (const database of databases) await database.drop();
  }, 60_000);

  const operator = () => bearer(operatorKey);

  it('learns the partners and their transactions from Kafka into its own database (GeM 1373, 927)', async () => {
    const http = () => request(admin.getHttpServer());
    const [emsp] = await waitFor(
      async () => {
        const res = await http()
          .get('/v1/admin/marketplace/partners')
          .query({ role: 'emsp', q: world.emspParty })
          .set(operator());
        return res.body.items?.length === 1 ? res.body.items : undefined;
      },
      { description: 'the EVSP in the marketplace-admin app', timeoutMs: 30_000 },
    );
    const items = await waitFor(
      async () => {
        const res = await http().get(`/v1/admin/marketplace/partners/${emsp.partnerId}/transactions`).set(operator());
        const found = (res.body.items ?? []) as { reference: string; kind: string; status: string }[];
        return found.some((t) => t.kind === 'cdr') && found.some((t) => t.reference === authorizationId)
          ? found
          : undefined;
      },
      { description: 'the authorization and the CDR in the overview', timeoutMs: 30_000 },
    );
    expect(items.find((t) => t.reference === authorizationId)).toMatchObject({
      kind: 'authorization',
      status: 'ACCEPTED',
    });
    expect(items.find((t) => t.kind === 'cdr')).toMatchObject({
      status: 'FORWARDED',
      reference: expect.stringMatching(/^CDR-/),
    });
    // Nothing of the other contexts' tables is in its database: it has only what the topics carried.
    const { rows } = await dbs.madmin.query<{ schema_name: string }>(
      `SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('authz', 'cdr', 'registry')`,
    );
    expect(rows).toEqual([]);
  });

  it('captures a CDR the Kafka door refused, replays it with its message id and parks it again when it fails again', async () => {
    const cdrs = () => request(apps[2].getHttpServer());
    const messageId = randomUUID();
    // Signed by the CPO: refused for what it says, not for who sent it; the replay keeps the signature valid.
    await probe.produce(prefix + TOPICS.b2bCdrsInbound, [
      partnerKafkaMessage(world, 'cpo', TOPICS.b2bCdrsInbound, JSON.stringify({ cdrId: 'C-bad', energyWh: 'lots' }), {
        'message-id': messageId,
        type: 'Cdr',
      }),
    ]);
    const parked = await waitFor(
      async () =>
        (await cdrs().get('/v1/admin/dead-letters').query({ status: 'parked' }).set(operator())).body.items?.find(
          (l: { messageId: string }) => l.messageId === messageId,
        ),
      { description: 'the refused CDR among the cdr-forwarding app’s dead letters', timeoutMs: 60_000 },
    );
    expect(parked).toMatchObject({ originalTopic: TOPICS.b2bCdrsInbound, parkCount: 1, key: world.cpoParty });
    await cdrs().post(`/v1/admin/dead-letters/${parked.letterId}/replay`).set(operator()).expect(200);
    const again = await waitFor(
      async () => {
        const res = await cdrs().get(`/v1/admin/dead-letters/${parked.letterId}`).set(operator());
        return res.body.parkCount === 2 && res.body.status === 'parked' ? res.body : undefined;
      },
      { description: 'the replayed CDR parked again', timeoutMs: 60_000 },
    );
    expect(again.headers['message-id']).toBe(messageId);
    await cdrs()
      .post(`/v1/admin/dead-letters/${parked.letterId}/discard`)
      .set(operator())
      .send({ reason: 'the CPO sends it corrected' })
      .expect(200);
  });

  it('lets each app answer the auditor for its own store: verification, anchors with the configured key, traces', async () => {
    for (const app of [apps[1], apps[2], admin]) {
      const http = () => request(app.getHttpServer());
      const key = await http().get('/v1/audit/anchor-key').expect(200);
      expect(key.body.keyId).toBe(signingKey.keyId);
      await waitFor(
        async () => (await http().post('/v1/admin/anchors').set(operator()).expect(200)).body.anchor !== null,
        {
          description: 'an anchor',
          timeoutMs: 30_000,
        },
      );
      const verified = await http().get('/v1/audit/verification').set(operator()).expect(200);
      expect(verified.body).toMatchObject({ valid: true, anchors: { valid: true, signaturesChecked: true } });
    }
    const state = await request(apps[1].getHttpServer())
      .get(`/v1/audit/streams/authorization-${authorizationId}/state`)
      .set(operator())
      .expect(200);
    expect(state.body.state).toMatchObject({ status: 'granted', emaid: world.emaid });
    // The authorization app does not know the cdr-forwarding app's streams: each answers for its own database.
    const elsewhere = await request(apps[2].getHttpServer())
      .get(`/v1/audit/streams/authorization-${authorizationId}`)
      .set(operator());
    expect(elsewhere.status).toBe(404);
    const today = new Date().toISOString().slice(0, 10);
    const traces = await request(apps[1].getHttpServer())
      .get('/v1/audit/http-traces')
      .query({ date: today, limit: 2000 })
      .set(operator())
      .expect(200);
    expect(traces.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          method: 'POST',
          path: '/v1/authorizations',
          status: 201,
          outcome: 'succeeded',
          partyIds: [world.cpoParty],
        }),
      ]),
    );
  });
});
