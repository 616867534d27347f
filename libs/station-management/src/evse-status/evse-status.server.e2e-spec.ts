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
 * The status hot path as deployed: the station-management app on its own PostgreSQL database, CPO reports on the
 * real Kafka topic `b2b.evse-status.inbound.v1`, consumed in batches (IEC 63119-2 UC1-3, eMI3 UCE U).
 */
describe('EVSE status through real Kafka into PostgreSQL (server mode, IEC 63119-2 UC1-3)', () => {
  const prefix = `e2e-sm-${uniqueSuffix()}.`;
  const probe = new KafkaTestProbe();
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let app: INestApplication;
  const cpoKey = generateApiKey();
  const emspKey = generateApiKey();
  const evseIds = Array.from({ length: 200 }, (_, i) => `DE*ABC*E${5000 + i}`);

  beforeAll(async () => {
    await probe.connect();
    database = await createTestDatabase('station_status');
    db = new PgDatabase(database.url);
    app = await startApp(AppModule, 'Station management', {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: `op_${randomBytes(24).toString('hex')}`,
      LOG_LEVEL: 'warn',
    });
    // Play the contract registry on its topic: two partners, their keys, an agreement.
    const registry = [
      ['PartnerRegistered', { partnerId: 'cpo', name: 'cpo', roles: ['cpo'], partyIds: ['DEABC'] }],
      ['PartnerRegistered', { partnerId: 'emsp', name: 'emsp', roles: ['emsp'], partyIds: ['DE8AA'] }],
      ['PartnerCredentialIssued', credentialIssued(cpoKey, { partnerId: 'cpo', roles: ['cpo'], partyIds: ['DEABC'] })],
      [
        'PartnerCredentialIssued',
        credentialIssued(emspKey, { partnerId: 'emsp', roles: ['emsp'], partyIds: ['DE8AA'] }),
      ],
      [
        'RoamingAgreementStatusChanged',
        {
          agreementId: 'agr',
          cpoPartyId: 'DEABC',
          emspPartyId: 'DE8AA',
          status: 'active',
          validFrom: '2020-01-01T00:00:00Z',
          validUntil: null,
        },
      ],
    ] as const;
    await probe.produceEvents(prefix + TOPICS.contractRegistryEvents, 'registry', registry);
    await waitFor(async () => (await db.query(`SELECT 1 FROM station.registry_agreements`)).rowCount > 0, {
      description: 'the registry view',
      timeoutMs: 30_000,
    });
    await request(app.getHttpServer())
      .put('/v1/operators/DEABC/sites/S-1')
      .set('Authorization', `Bearer ${cpoKey.key}`)
      .send(aSite(evseIds))
      .expect(200);
    await waitFor(async () => (await db.query(`SELECT 1 FROM station.evses`)).rowCount === evseIds.length, {
      description: 'the EVSE catalogue',
      timeoutMs: 30_000,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await probe.close();
    await database?.drop();
  }, 60_000);

  it('takes a burst of signed reports on Kafka, keeps the newest per EVSE, and parks the bad and the unproven ones on the DLQ', async () => {
    const topic = prefix + STATION_TOPICS.evseStatusInbound;
    const base = Date.now() - 10_000;
    // What the CPO's producer sends: the body signed with its key for the door's topic (no deployment prefix).
    const signed = (signer: typeof cpoKey, key: string, body: unknown) => {
      const m = signedPartnerMessage(
        { apiKey: signer.key, keyId: signer.keyId },
        { topic: STATION_TOPICS.evseStatusInbound, key, value: body },
      );
      return { key: m.key, value: m.rawValue, headers: m.headers };
    };
    const reports = evseIds.flatMap((evseId, i) =>
      [0, 1, 2].map((round) =>
        signed(cpoKey, 'DEABC', {
          evseId,
          status: round === 2 ? (i % 2 === 0 ? 'CHARGING' : 'AVAILABLE') : 'OCCUPIED',
          observedAt: new Date(base + round * 1000).toISOString(),
        }),
      ),
    );
    const poison = signed(cpoKey, 'DEABC', { evseId: evseIds[0], status: 'FREE' });
    // Newer than every real report: had one got through, the view would show it.
    const forgedReport = { evseId: evseIds[0], status: 'FAULTED', observedAt: new Date(base + 5000).toISOString() };
    const unsigned = { key: 'DEABC', value: JSON.stringify(forgedReport), headers: { 'message-id': randomUUID() } };
    const byAnEvsp = signed(emspKey, 'DE8AA', forgedReport);
    const tampered = {
      ...signed(cpoKey, 'DEABC', { ...forgedReport, status: 'CHARGING' }),
      value: JSON.stringify(forgedReport),
    };
    const forged = [
      [unsigned, /^UNAUTHENTICATED: /],
      [byAnEvsp, /^ROLE_REQUIRED: /],
      [tampered, /^UNAUTHENTICATED: /],
    ] as const;
    await probe.produce(topic, [...reports.slice(0, 300), poison, ...forged.map(([m]) => m), ...reports.slice(300)]);

    for (const [message, code] of forged) {
      const letter = await probe.waitForMessage(`${topic}.dlq`, (m) =>
        m.headers['message-id'] === message.headers['message-id'] ? m : undefined,
      );
      expect(letter.headers.error).toMatch(code);
    }
    const dead = await probe.waitForMessage(`${topic}.dlq`, (m) =>
      m.headers['message-id'] === poison.headers['message-id'] ? m : undefined,
    );
    expect(dead.headers.error).toMatch(/EVSE_STATUS_UNKNOWN/);
    await probe.waitForGroupToReach(`${prefix}station-management.evse-status`, topic);
    const view = await waitFor(
      async () => {
        const { rows } = await db.query<{ evse_id: string; status: string }>(
          `SELECT evse_id, status FROM station.evse_status WHERE observed_at = $1::timestamptz`,
          [new Date(base + 2000).toISOString()],
        );
        return rows.length === evseIds.length ? rows : undefined;
      },
      { description: 'the newest report of every EVSE in the view', timeoutMs: 30_000 },
    );
    expect(view.filter((r) => r.status === 'CHARGING')).toHaveLength(100);
    // Every report is in the feed exactly once, however the consumer batched them.
    const { rows } = await db.query<{ n: string }>(
      `SELECT coalesce(sum(jsonb_array_length(data->'reports')), 0)::text AS n
       FROM es.events WHERE category = 'evseStatusFeed'`,
    );
    expect(Number(rows[0].n)).toBe(reports.length);

    const res = await request(app.getHttpServer())
      .post('/v1/evse-statuses/lookup?maxAgeSeconds=3600')
      .set('Authorization', `Bearer ${emspKey.key}`)
      .send({ evseIds: evseIds.slice(0, 150) })
      .expect(200);
    expect(res.body.statuses).toHaveLength(150);
    expect(res.body.statuses[0]).toMatchObject({ evseId: evseIds[0], status: 'CHARGING', stale: false });
  }, 120_000);
});
