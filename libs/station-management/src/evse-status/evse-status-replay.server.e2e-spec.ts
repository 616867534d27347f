import type { INestApplication } from '@nestjs/common';
import { STATION_TOPICS, TOPICS } from '@roaming/contracts';
import { PgDatabase } from '@roaming/event-store';
import { credentialIssued, generateApiKey, signedPartnerMessage } from '@roaming/platform';
import { createTestDatabase, KafkaTestProbe, testKafkaBrokers, uniqueSuffix, waitFor } from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import request from 'supertest';
import { AppModule } from '../../../../apps/station-management/src/app.module';
import { startApp } from '../../../../test/e2e/support/server-apps';
import { aSite } from '../testing/station-api.fixture';

/**
 * A signed EVSE status report the door refused for a passing reason (its EVSE was not known yet) is parked on the
 * door's `.dlq` with its signature. Whoever can read that and write to the door must not get it applied later, as a
 * stale status recorded as new: the door bounds the signing time by the broker's append time. The door is configured
 * with a maximum age of 0 s (and 10 s of clock skew), so "later" is any time after the signing time, without sleeps:
 * the reports this test wants accepted are signed a few seconds ahead, within the skew.
 */
describe('a refused partner message produced again later is refused as too old (server mode, real Kafka)', () => {
  const prefix = `e2e-smr-${uniqueSuffix()}.`;
  const topic = prefix + STATION_TOPICS.evseStatusInbound;
  const group = `${prefix}station-management.evse-status`;
  const probe = new KafkaTestProbe();
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const env = () => ({
    MODE: 'server',
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    OPERATOR_API_KEY: operatorKey,
    PARTNER_MESSAGE_MAX_AGE_SECONDS: '0',
    PARTNER_MESSAGE_CLOCK_SKEW_SECONDS: '10',
    LOG_LEVEL: 'error',
  });
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let app: INestApplication;
  const cpoKey = generateApiKey();
  const known = 'DE*ABC*E7001';
  const notYetKnown = 'DE*ABC*E7002';

  /** What the CPO's producer sends, signed `aheadMs` from now (the door allows up to 10 s ahead, 0 s behind). */
  const report = (evseId: string, status: string, aheadMs = 3_000) => {
    const signedAt = new Date(Date.now() + aheadMs);
    const m = signedPartnerMessage(
      { apiKey: cpoKey.key, keyId: cpoKey.keyId },
      {
        topic: STATION_TOPICS.evseStatusInbound,
        key: 'DEABC',
        value: { evseId, status, observedAt: new Date().toISOString() },
        signedAt,
        headers: { 'correlation-id': randomUUID() },
      },
    );
    return { signedAt, message: { key: m.key, value: m.rawValue, headers: m.headers } };
  };
  const parked = (messageId: string, error: RegExp) =>
    probe.waitForMessage(`${topic}.dlq`, (m) =>
      m.headers['message-id'] === messageId && error.test(m.headers.error) ? m : undefined,
    );
  const statusOf = async (evseId: string) =>
    (await db.query<{ status: string }>(`SELECT status FROM station.evse_status WHERE evse_id = $1`, [evseId])).rows[0]
      ?.status;
  const publishSite = async (siteId: string, evseId: string) => {
    // Retried until the app's copy of the registry knows the CPO's key (it follows the registry's topic).
    await waitFor(
      async () => {
        const res = await request(app.getHttpServer())
          .put(`/v1/operators/DEABC/sites/${siteId}`)
          .set('Authorization', `Bearer ${cpoKey.key}`)
          .send(aSite([evseId]));
        if (res.status !== 401) expect(res.status).toBe(200);
        return res.status === 200 ? true : undefined;
      },
      { description: `site ${siteId} published`, timeoutMs: 30_000 },
    );
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM station.evses WHERE evse_id = $1`, [evseId])).rowCount > 0,
      { description: `${evseId} in the catalogue`, timeoutMs: 30_000 },
    );
  };
  /** The wall clock has passed `at`: a message signed then is now older than the door's maximum age of 0 s. */
  const past = (at: Date) =>
    waitFor(async () => (Date.now() > at.getTime() ? true : undefined), {
      description: `the clock past ${at.toISOString()}`,
      timeoutMs: 15_000,
      intervalMs: 50,
    });

  beforeAll(async () => {
    await probe.connect();
    database = await createTestDatabase('station_replay');
    db = new PgDatabase(database.url);
    app = await startApp(AppModule, 'Station management', env());
    const registry = [
      ['PartnerRegistered', { partnerId: 'cpo', name: 'cpo', roles: ['cpo'], partyIds: ['DEABC'] }],
      ['PartnerCredentialIssued', credentialIssued(cpoKey, { partnerId: 'cpo', roles: ['cpo'], partyIds: ['DEABC'] })],
    ] as const;
    await probe.produceEvents(prefix + TOPICS.contractRegistryEvents, 'registry', registry);
    await waitFor(async () => (await db.query(`SELECT 1 FROM station.registry_partners`)).rowCount > 0, {
      description: 'the registry view',
      timeoutMs: 30_000,
    });
    await publishSite('S-1', known);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await probe.close();
    await database?.drop();
  }, 60_000);

  it('refuses the same bytes produced again after the maximum age, and applies the operator’s replay of the letter', async () => {
    // 1. A report for an EVSE the hub does not know yet: fresh, but refused for that passing reason.
    const { signedAt, message } = report(notYetKnown, 'CHARGING');
    const messageId = message.headers['message-id'];
    await probe.produce(topic, [message]);
    await parked(messageId, /EVSE_UNKNOWN/);
    await publishSite('S-2', notYetKnown);

    // 2. Someone who read the letter produces the very same bytes once the signing time is past the maximum age.
    await past(signedAt);
    await probe.produce(topic, [message]);
    const refused = await parked(messageId, /^UNAUTHENTICATED: /);
    expect(refused.headers.error).toMatch(
      new RegExp(`^UNAUTHENTICATED: signed at ${signedAt.toISOString().replace(/\./g, '\\.')}, more than 0 s before`),
    );
    await probe.waitForGroupToReach(group, topic);
    expect(await statusOf(notYetKnown)).toBeUndefined();

    // 3. The operator replays the parked letter on purpose (the cause is gone): applied, though as old as the copy.
    const http = () => request(app.getHttpServer());
    const letter = await waitFor(
      async () =>
        (
          await http()
            .get('/v1/admin/dead-letters')
            .query({ topic: STATION_TOPICS.evseStatusInbound })
            .set('Authorization', `Bearer ${operatorKey}`)
        ).body.items?.find((l: { messageId: string }) => l.messageId === messageId),
      { description: 'the refused report among the dead letters', timeoutMs: 30_000 },
    );
    expect(letter.error).toMatch(/EVSE_UNKNOWN/);
    await http()
      .post(`/v1/admin/dead-letters/${letter.letterId}/replay`)
      .set('Authorization', `Bearer ${operatorKey}`)
      .expect(200);
    await waitFor(async () => ((await statusOf(notYetKnown)) === 'CHARGING' ? true : undefined), {
      description: 'the replayed report in the status view',
      timeoutMs: 30_000,
    });
  }, 120_000);

  it('accepts a backlog consumed long after it was signed: the broker’s append time counts, not the hub’s clock', async () => {
    await app.close();
    const { signedAt, message } = report(known, 'OUT_OF_ORDER');
    await probe.produce(topic, [message]);
    // The hub is down past the signing time (and so past the maximum age) before it reads the backlog.
    await past(signedAt);
    app = await startApp(AppModule, 'Station management', env());
    await probe.waitForGroupToReach(group, topic);
    expect(await statusOf(known)).toBe('OUT_OF_ORDER');
  }, 120_000);
});
