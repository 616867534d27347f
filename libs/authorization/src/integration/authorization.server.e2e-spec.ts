import type { INestApplication } from '@nestjs/common';
import { AUTHORIZATION_REQUESTS_INBOUND_TOPIC, partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { credentialIssued, generateApiKey, signedPartnerMessage } from '@roaming/platform';
import { createTestDatabase, KafkaTestProbe, testKafkaBrokers, uniqueSuffix, waitFor } from '@roaming/testing';
import { randomBytes } from 'crypto';
import request from 'supertest';
import { AppModule } from '../../../../apps/authorization/src/app.module';
import { startApp } from '../../../../test/e2e/support/server-apps';
import { REGISTRY_VIEW_CONSUMER_GROUP } from './registry-view/registry-view.consumer';

/** How long a registry change may take to reach a decision (consumer fetch + its transaction, on a shared machine). */
const BLOCK_TAKES_EFFECT_WITHIN_MS = 5_000;

/**
 * The authorization app alone in server mode: its own PostgreSQL database and the real Kafka broker, the registry
 * played by producing its messages to contract-registry.events.v1. A token blocked in the registry is refused
 * within a bounded time of the change (GeM UC 1516: "clearing requests are still granted" is the failure), over
 * REST and over the Kafka door; the CPO's Kafka requests are answered on its outbound topic.
 */
describe('authorization app on PostgreSQL and Kafka: block-then-deny within a bounded time (GeM UC 1516; IEC 63119-2 UC3-1)', () => {
  const prefix = `e2e-authz-${uniqueSuffix()}.`;
  const probe = new KafkaTestProbe();
  const cpoParty = `DE${'C'}${randomBytes(1).toString('hex').toUpperCase()}`;
  const emspParty = `DE${'E'}${randomBytes(1).toString('hex').toUpperCase()}`;
  const tokenUid = `04${randomBytes(6).toString('hex').toUpperCase()}`;
  const emaid = 'DE8AACA2B3C4D5L';
  const cpoKey = generateApiKey();
  let database: { url: string; drop(): Promise<void> };
  let app: INestApplication;

  const registry = async (type: string, data: object, key: string) => {
    await probe.produceEvents(prefix + TOPICS.contractRegistryEvents, key, [[type, data]]);
  };
  const settled = () =>
    probe.waitForGroupToReach(prefix + REGISTRY_VIEW_CONSUMER_GROUP, prefix + TOPICS.contractRegistryEvents);
  const token = (status: string) =>
    registry(
      'TokenStatusChanged',
      { emaid, emspPartyId: emspParty, tokenUid, tokenType: 'RFID', status, validUntil: null },
      `evContract-${emaid}`,
    );
  const authorizeOverHttp = async () =>
    (
      await request(app.getHttpServer())
        .post('/v1/authorizations')
        .set('Authorization', `Bearer ${cpoKey.key}`)
        .send({ evseId: `${cpoParty}*E1`, token: { uid: tokenUid, type: 'RFID' } })
        .expect(201)
    ).body as { status: string; reason?: string };
  const authorizeOverKafka = async (requestId: string) => {
    const signed = signedPartnerMessage(
      { apiKey: cpoKey.key, keyId: cpoKey.keyId },
      {
        topic: AUTHORIZATION_REQUESTS_INBOUND_TOPIC,
        key: cpoParty,
        value: { requestId, evseId: `${cpoParty}*E2`, token: { uid: tokenUid, type: 'RFID' } },
        headers: { type: 'AuthorizationRequest' },
      },
    );
    await probe.produce(prefix + AUTHORIZATION_REQUESTS_INBOUND_TOPIC, [
      { key: signed.key, value: signed.rawValue, headers: signed.headers },
    ]);
    return probe.waitForMessage(prefix + partnerOutboundTopic(cpoParty), (m) => {
      const body = JSON.parse(m.value) as {
        type: string;
        data: { requestId: string; status: string; reason?: string };
      };
      return body.type === 'AuthorizationDecision' && body.data.requestId === requestId ? body.data : undefined;
    });
  };

  beforeAll(async () => {
    await probe.connect();
    database = await createTestDatabase('authz_server');
    app = await startApp(AppModule, 'Authorization', {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: `op_${randomBytes(24).toString('hex')}`,
      LOG_LEVEL: 'warn',
    });
    await registry(
      'PartnerRegistered',
      { partnerId: 'cpo-1', name: 'CPO', roles: ['cpo'], partyIds: [cpoParty] },
      'p-cpo',
    );
    await registry(
      'PartnerCredentialIssued',
      credentialIssued(cpoKey, { partnerId: 'cpo-1', roles: ['cpo'], partyIds: [cpoParty] }),
      'p-cpo',
    );
    await registry(
      'PartnerRegistered',
      { partnerId: 'emsp-1', name: 'EVSP', roles: ['emsp'], partyIds: [emspParty] },
      'p-emsp',
    );
    await registry(
      'RoamingAgreementStatusChanged',
      {
        agreementId: 'agreement-1',
        cpoPartyId: cpoParty,
        emspPartyId: emspParty,
        status: 'active',
        validFrom: '2020-01-01T00:00:00.000Z',
        validUntil: null,
      },
      'agreement-1',
    );
    await token('active');
    await settled();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await probe.close();
    await database?.drop();
  }, 60_000);

  it('grants the token over REST and over the Kafka door, answered on the CPO topic', async () => {
    expect(await authorizeOverHttp()).toMatchObject({ status: 'ACCEPTED' });
    expect(await authorizeOverKafka('before-block')).toMatchObject({ status: 'ACCEPTED' });
  });

  it(`refuses the token within ${BLOCK_TAKES_EFFECT_WITHIN_MS} ms of its block in the registry, on both doors`, async () => {
    const blockedAt = Date.now();
    await token('blocked');
    const denied = await waitFor(
      async () => {
        const decision = await authorizeOverHttp();
        return decision.status === 'DENIED' ? decision : undefined;
      },
      { description: 'the block to reach the decisions', timeoutMs: BLOCK_TAKES_EFFECT_WITHIN_MS, intervalMs: 20 },
    );
    const tookMs = Date.now() - blockedAt;
    expect(denied).toMatchObject({ status: 'DENIED', reason: 'TOKEN_BLOCKED' });
    expect(tookMs).toBeLessThan(BLOCK_TAKES_EFFECT_WITHIN_MS);
    expect(await authorizeOverKafka('after-block')).toMatchObject({ status: 'DENIED', reason: 'TOKEN_BLOCKED' });
  });

  it('refuses a revoked API key once the registry revocation arrived (the key cache is cleared at once)', async () => {
    await registry('PartnerCredentialRevoked', { partnerId: 'cpo-1', keyId: cpoKey.keyId }, 'p-cpo');
    await waitFor(
      async () => {
        const res = await request(app.getHttpServer())
          .post('/v1/authorizations')
          .set('Authorization', `Bearer ${cpoKey.key}`)
          .send({ evseId: `${cpoParty}*E1`, token: { uid: tokenUid, type: 'RFID' } });
        return res.status === 401;
      },
      { description: 'the revoked key refused', timeoutMs: BLOCK_TAKES_EFFECT_WITHIN_MS, intervalMs: 20 },
    );
  });
});
