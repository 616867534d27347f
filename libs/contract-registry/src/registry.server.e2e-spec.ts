import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { CONTRACTS_INBOUND_TOPIC, TOPICS } from '@roaming/contracts';
import { Database } from '@roaming/event-store';
import { deadLetterTopic, HEADER, type InboundMessage, MessageBus } from '@roaming/messaging';
import { configureHttpApp, InfrastructureModule, PlatformModule, signedPartnerMessage } from '@roaming/platform';
import { Emaid } from '@roaming/shared-kernel';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix, waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import request from 'supertest';
import { ContractRegistryCredentialsModule } from './contract-registry-credentials.module';
import { ContractRegistryModule } from './contract-registry.module';

const APP = 'contract-registry';
const operatorKey = `operator-${uniqueSuffix(8)}`;
const emaid = (n: number) => Emaid.parse(`NLEVBC${String(n).padStart(8, '0')}`).value;
const uid = (n: number) => (0x06000000 + n).toString(16).toUpperCase().padStart(8, '0');

/**
 * The registry in server mode, on its own PostgreSQL database and a real Kafka broker (per-run topic prefix): the
 * agreement lifecycle, a bulk upload and the Kafka contract door, each checked in what the forwarder published on
 * Kafka and in the CPO's whitelist (GeM 931/1469/983, IEC 63119 UC4-2).
 */
describe('contract registry in server mode (PostgreSQL + Kafka)', () => {
  let database: { url: string; drop(): Promise<void> };
  let app: NestExpressApplication;
  const published: InboundMessage[] = [];
  const deadLetters: InboundMessage[] = [];
  const http = () => request(app.getHttpServer());
  const operator = { Authorization: `Bearer ${operatorKey}` };
  let cpoKey: string;
  let evspKey: string;
  let evspSigner: { apiKey: string; keyId: string };
  let cpoSigner: { apiKey: string; keyId: string };

  beforeAll(async () => {
    database = await createTestDatabase('registry_server');
    const env = {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `reg-${uniqueSuffix()}.`,
      OPERATOR_API_KEY: operatorKey,
      LOG_LEVEL: 'error',
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        InfrastructureModule.forRoot(APP, { env }),
        PlatformModule.forRoot({ appName: APP, env, imports: [ContractRegistryCredentialsModule] }),
        ContractRegistryModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    configureHttpApp(app, { title: 'Contract registry (server e2e)', description: 'test', jsonBodyLimit: '8mb' });
    await app.init();
    const bus = app.get(MessageBus);
    await bus.subscribe({
      groupId: `observer-${uniqueSuffix()}`,
      topics: [TOPICS.contractRegistryEvents],
      handler: async (message) => {
        published.push(message);
      },
    });
    await bus.subscribe({
      groupId: `dlq-observer-${uniqueSuffix()}`,
      topics: [deadLetterTopic(CONTRACTS_INBOUND_TOPIC)],
      handler: async (message) => {
        deadLetters.push(message);
      },
    });

    const partner = async (name: string, roles: string[], partyId: string) => {
      const res = await http()
        .post('/v1/admin/partners')
        .set(operator)
        .send({ name, roles, partyIds: [partyId], partnerContractVersion: 'PC-1' })
        .expect(201);
      const issued = await http()
        .post(`/v1/admin/partners/${res.body.partnerId}/credentials`)
        .set(operator)
        .expect(201);
      return { apiKey: issued.body.apiKey as string, keyId: issued.body.keyId as string };
    };
    cpoSigner = await partner('Server CPO', ['cpo'], 'DEABC');
    evspSigner = await partner('Server EVSP', ['emsp'], 'NLEVB');
    cpoKey = cpoSigner.apiKey;
    evspKey = evspSigner.apiKey;
    await http()
      .post('/v1/tariffs/ROAMING-NLEVB/versions')
      .set('X-API-Key', cpoKey)
      .send({
        audience: 'negotiated',
        tariff: {
          currency: 'EUR',
          vatPercent: '19',
          elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.33' }] }],
        },
      })
      .expect(201);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  }, 60_000);

  const bodies = (type: string) =>
    published
      .filter((m) => m.headers[HEADER.type] === type)
      .map((m) => ({ key: m.key, body: JSON.parse(m.rawValue) as { data: Record<string, unknown> } }));

  it('runs an agreement through offer, change, suspension and resumption, published on Kafka in order', async () => {
    const offered = await http()
      .post('/v1/agreements')
      .set('X-API-Key', cpoKey)
      .send({ cpoPartyId: 'DEABC', emspPartyId: 'NLEVB', validFrom: '2026-01-01T00:00:00Z' })
      .expect(201);
    const id = offered.body.agreementId as string;
    await http().post(`/v1/agreements/${id}/accept`).set('X-API-Key', evspKey).expect(200);
    const change = await http()
      .post(`/v1/agreements/${id}/change-requests`)
      .set('X-API-Key', cpoKey)
      .send({ tariffId: 'ROAMING-NLEVB' })
      .expect(201);
    await http()
      .post(`/v1/agreements/${id}/requests/${change.body.pendingRequest.requestId}/accept`)
      .set('X-API-Key', evspKey)
      .expect(200);
    await http().post(`/v1/agreements/${id}/suspend`).set('X-API-Key', evspKey).expect(200);
    await http().post(`/v1/agreements/${id}/resume`).set('X-API-Key', cpoKey).expect(403);
    await http().post(`/v1/agreements/${id}/resume`).set('X-API-Key', evspKey).expect(200);

    const statuses = await waitFor(
      () => {
        const mine = bodies('RoamingAgreementStatusChanged').filter((m) => m.key === `agreement-${id}`);
        return mine.length >= 5 ? mine.map((m) => [m.body.data.lifecycleStatus, m.body.data.tariffId]) : undefined;
      },
      { description: 'five agreement messages on Kafka', timeoutMs: 30_000 },
    );
    expect(statuses).toEqual([
      ['offered', null],
      ['active', null],
      ['active', 'ROAMING-NLEVB'],
      ['suspended', 'ROAMING-NLEVB'],
      ['active', 'ROAMING-NLEVB'],
    ]);
  });

  it('stores a bulk upload of 2000 contracts and the CPO whitelist shows them (IEC 63119 UC4-2)', async () => {
    const contracts = Array.from({ length: 2000 }, (_, i) => ({
      emaid: emaid(i + 1),
      tokens: [{ uid: uid(i + 1), type: 'RFID' }],
    }));
    const res = await http().post('/v1/contracts/batch').set('X-API-Key', evspKey).send({ contracts }).expect(200);
    expect(res.body).toMatchObject({ received: 2000, registered: 2000 });
    const whitelist = await waitFor(
      async () => {
        const page = await http().get('/v1/whitelist').query({ limit: 2000 }).set('X-API-Key', cpoKey);
        return page.body.items?.length === 2000 ? page.body : undefined;
      },
      { description: 'the whitelist to hold the 2000 tokens', timeoutMs: 30_000 },
    );
    expect(whitelist.items[0]).toMatchObject({ emspPartyId: 'NLEVB', valid: true });
    const tokens = await waitFor(
      () => {
        const all = bodies('TokenStatusChanged');
        return all.length >= 2000 ? all : undefined;
      },
      { description: '2000 token messages on Kafka', timeoutMs: 60_000 },
    );
    expect(new Set(tokens.map((t) => t.key)).size).toBe(2000);
  });

  it('takes signed contracts on Kafka b2b.contracts.inbound.v1 and dead-letters a bad batch and unproven ones, storing none of them', async () => {
    const bus = app.get(MessageBus);
    const signed = (signer: typeof evspSigner, value: unknown) =>
      signedPartnerMessage(signer, { topic: CONTRACTS_INBOUND_TOPIC, key: 'NLEVB', value });
    const goodMessage = signed(evspSigner, {
      contracts: [{ emaid: emaid(9001), tokens: [{ uid: 'qr-9001', type: 'APP' }] }],
    });
    const badMessage = signed(evspSigner, {
      contracts: [
        { emaid: emaid(9002), tokens: [{ uid: 'qr-9002', type: 'APP' }] },
        { emaid: emaid(9003), tokens: [{ uid: uid(1), type: 'RFID' }] },
      ],
    });
    const bad = badMessage.headers[HEADER.messageId];
    const forgedBody = { contracts: [{ emaid: emaid(9004), tokens: [{ uid: 'qr-9004', type: 'APP' }] }] };
    const unsigned = {
      topic: CONTRACTS_INBOUND_TOPIC,
      key: 'NLEVB',
      value: forgedBody,
      headers: { [HEADER.messageId]: randomUUID() },
    };
    const byTheCpo = signed(cpoSigner, forgedBody);
    await bus.publish([goodMessage, badMessage, unsigned, byTheCpo]);
    for (const [message, code] of [
      [unsigned, /^UNAUTHENTICATED: /],
      [byTheCpo, /^ROLE_REQUIRED: /],
    ] as const) {
      const refused = await waitFor(
        () => deadLetters.find((m) => m.headers[HEADER.messageId] === message.headers[HEADER.messageId]),
        { description: 'the unproven message on the dead-letter topic', timeoutMs: 30_000 },
      );
      expect(refused.headers[HEADER.error]).toMatch(code);
    }
    const letter = await waitFor(() => deadLetters.find((m) => m.headers[HEADER.messageId] === bad), {
      description: 'the bad batch on the dead-letter topic',
      timeoutMs: 30_000,
    });
    expect(letter.headers[HEADER.error]).toMatch(/CONTRACT_BATCH_INVALID.*TOKEN_UID_TAKEN/);
    await waitFor(
      async () =>
        (
          await http()
            .get(`/v1/contracts/${emaid(9001)}`)
            .set('X-API-Key', evspKey)
        ).status === 200,
      { description: 'the good batch stored', timeoutMs: 30_000 },
    );
    for (const n of [9002, 9003, 9004]) {
      expect(
        (
          await http()
            .get(`/v1/contracts/${emaid(n)}`)
            .set('X-API-Key', evspKey)
        ).status,
      ).toBe(404);
    }
    const db = app.get(Database);
    const kafkaBatches = await db.query(
      `SELECT 1 FROM es.events WHERE category = 'contractBatch' AND data->>'source' = 'kafka'`,
    );
    expect(kafkaBatches.rows).toHaveLength(1);
  });
});
