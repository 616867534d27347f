import type { INestApplication } from '@nestjs/common';
import { partnerOutboundTopic, TOPICS, type CdrInventoryV1, type CdrDeliveryV1 } from '@roaming/contracts';
import { AuditPublicKey, AuditSigningKey } from '@roaming/event-store/audit';
import { credentialIssued, generateApiKey, signedPartnerMessage } from '@roaming/platform';
import { emaidCheckDigit } from '@roaming/shared-kernel';
import { createTestDatabase, KafkaTestProbe, testKafkaBrokers, uniqueSuffix, waitFor } from '@roaming/testing';
import { randomBytes, randomUUID } from 'crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../../../apps/cdr-forwarding/src/app.module';
import { startApp } from '../../../../test/e2e/support/server-apps';
import { verifyWebhookSignature } from './webhook/hub-signature';
import { TestEvspWebhook } from './testing/test-evsp-webhook';

const CPO = 'DEABC';
const EMSP = 'DE8AA';
const EVSE = 'DE*ABC*E1001*1';
const EMAID = 'DE-8AA-001234567-0';
/** An EVSP without a webhook: it receives by its Kafka topic and by pull only. */
const TOPIC_EMSP = 'DE8BB';
const TOPIC_EMAID = `DE-8BB-001234567-${emaidCheckDigit('DE8BB001234567')}`;

/**
 * The cdr-forwarding app in server mode (its own PostgreSQL database, the real Kafka broker) with a real EVSP
 * webhook server: GeM 984 delivery by signed webhook with retries and store-and-forward, acknowledgement, IEC 63119-2
 * 6.4.2 disputes (rejection, revision), credit records, and the inventory balancing after good and bad records.
 * The registry and station-management are played by producing their messages to their topics.
 */
describe('CDR delivery, acknowledgement, disputes and inventory on PostgreSQL and Kafka (GeM 984, IEC 63119-2 UC3-9, 6.4.2)', () => {
  const prefix = `e2e-cdrdel-${uniqueSuffix()}.`;
  const probe = new KafkaTestProbe();
  const cpoKey = generateApiKey();
  const emspKey = generateApiKey();
  /** The EVSP without a webhook (TOPIC_EMSP). */
  const topicEmspKey = generateApiKey();
  /** An acknowledgement as the EVSP's producer sends it: signed with its key for the door's topic. */
  const signedAck = (signer: ReturnType<typeof generateApiKey>, key: string, body: unknown) => {
    const m = signedPartnerMessage(
      { apiKey: signer.key, keyId: signer.keyId },
      { topic: TOPICS.b2bCdrAcksInbound, key, value: body },
    );
    return { key: m.key, value: m.rawValue, headers: m.headers };
  };
  const signingKey = AuditSigningKey.generate();
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let evsp: TestEvspWebhook;
  let app: INestApplication;
  let env: Record<string, string>;
  const operatorKey = `op_${randomBytes(24).toString('hex')}`;
  const rejectedIds: string[] = [];
  const acceptedIds: string[] = [];

  const http = () => request(app.getHttpServer());
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const produce = async (topic: string, type: string, data: object, key: string) =>
    probe.produceEvents(prefix + topic, key, [[type, data]]);
  const cdr = (cdrId: string, extra: object = {}) => ({
    cdrId,
    evseId: EVSE,
    emaid: EMAID,
    tokenUid: '04A2B3C4D5E6F7',
    startedAt: '2026-03-01T10:00:00Z',
    endedAt: '2026-03-01T11:00:00Z',
    energyWh: 22_000,
    totalCost: { amount: '9.68', currency: 'EUR' },
    ...extra,
  });
  const send = async (body: object, expected = 201) => {
    const response = await http().post('/v1/cdrs').set(auth(cpoKey.key)).send(body);
    expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status: expected });
    const id = (body as { cdrId: string }).cdrId;
    (expected === 201 ? acceptedIds : rejectedIds).push(id);
    return response;
  };
  const deliveries = async (state?: string): Promise<CdrDeliveryV1[]> =>
    (
      await http()
        .get('/v1/admin/cdr-deliveries')
        .query({ ...(state ? { state } : {}), limit: 2000 })
        .set(auth(operatorKey))
        .expect(200)
    ).body.items as CdrDeliveryV1[];
  const outbound = (party: string, type: string, cdrId: string) =>
    probe.waitForMessage(prefix + partnerOutboundTopic(party), (m) => {
      const body = JSON.parse(m.value) as { type: string; data: { cdrId: string } };
      return body.type === type && body.data.cdrId === cdrId ? body : undefined;
    });
  const row = (sql: string, params: unknown[]) =>
    waitFor(async () => ((await db.query(sql, params)).rowCount ?? 0) > 0, { description: sql, timeoutMs: 30_000 });

  beforeAll(async () => {
    await probe.connect();
    database = await createTestDatabase('cdr_delivery');
    evsp = await TestEvspWebhook.start();
    env = {
      MODE: 'server',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      OPERATOR_API_KEY: operatorKey,
      LOG_LEVEL: 'error',
      CDR_WEBHOOK_SIGNING_KEY: signingKey.toPem(),
      CDR_WEBHOOK_BASE_DELAY_MS: '50',
      CDR_WEBHOOK_MAX_DELAY_MS: '400',
      CDR_WEBHOOK_MAX_ATTEMPTS: '3',
      CDR_WEBHOOK_POLL_INTERVAL_MS: '25',
      CDR_WEBHOOK_TIMEOUT_MS: '2000',
    };
    app = await startApp(AppModule, 'CDR forwarding', env);
    db = new Client({ connectionString: database.url });
    await db.connect();
    const partner = async (id: string, role: 'cpo' | 'emsp', party: string, key: ReturnType<typeof generateApiKey>) => {
      await produce(
        TOPICS.contractRegistryEvents,
        'PartnerRegistered',
        { partnerId: id, name: id, roles: [role], partyIds: [party] },
        id,
      );
      await produce(
        TOPICS.contractRegistryEvents,
        'PartnerCredentialIssued',
        credentialIssued(key, { partnerId: id, roles: [role], partyIds: [party] }),
        id,
      );
    };
    await partner('cpo-1', 'cpo', CPO, cpoKey);
    await partner('emsp-1', 'emsp', EMSP, emspKey);
    await partner('emsp-2', 'emsp', TOPIC_EMSP, topicEmspKey);
    await produce(
      TOPICS.contractRegistryEvents,
      'PartnerEndpointsChanged',
      {
        partnerId: 'emsp-1',
        partyIds: [EMSP],
        roles: ['emsp'],
        webhookUrl: evsp.url,
        authorizationUrl: null,
        commandUrl: null,
        storesContractsAtHub: true,
        authorizationTimeoutMs: null,
      },
      'emsp-1',
    );
    await produce(
      TOPICS.contractRegistryEvents,
      'RoamingAgreementStatusChanged',
      {
        agreementId: 'agr-1',
        cpoPartyId: CPO,
        emspPartyId: EMSP,
        status: 'active',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
      },
      'agr-1',
    );
    await produce(
      TOPICS.contractRegistryEvents,
      'RoamingAgreementStatusChanged',
      {
        agreementId: 'agr-2',
        cpoPartyId: CPO,
        emspPartyId: TOPIC_EMSP,
        status: 'active',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
      },
      'agr-2',
    );
    // The EVSE as station-management publishes it (intake checks that the EVSE is its CPO's).
    await produce(
      TOPICS.stationManagementEvents,
      'SitePublished',
      {
        site: {
          cpoPartyId: CPO,
          siteId: 'site-1',
          status: 'PUBLISHED',
          timeZone: 'Europe/Berlin',
          updatedAt: '2026-01-01T00:00:00.000Z',
          evses: [{ evseId: EVSE, status: 'AVAILABLE', maxPowerW: 50_000 }],
        },
        changedEvseIds: [EVSE],
        withdrawnEvseIds: [],
      },
      `site-${CPO}`,
    );
    await row(`SELECT 1 FROM cdr.registry_partners WHERE partner_id = 'emsp-1' AND webhook_url = $1`, [evsp.url]);
    await row(`SELECT 1 FROM cdr.registry_agreements WHERE agreement_id = 'agr-1'`, []);
    await row(`SELECT 1 FROM cdr.registry_agreements WHERE agreement_id = 'agr-2'`, []);
    await row(`SELECT 1 FROM cdr.registry_partners WHERE partner_id = 'emsp-2' AND cardinality(party_ids) > 0`, []);
    await row(`SELECT 1 FROM cdr.partner_credentials WHERE key_hash = $1`, [emspKey.keyHash]);
    await row(`SELECT 1 FROM cdr.partner_credentials WHERE key_hash = $1`, [cpoKey.keyHash]);
    await row(
      `SELECT 1 WHERE to_regclass('cdr.evses') IS NULL OR EXISTS (SELECT 1 FROM cdr.evses WHERE evse_id = $1)`,
      [EVSE],
    );
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.end();
    await evsp?.close();
    await probe.close();
    await database?.drop();
  }, 60_000);

  it('delivers an accepted record to the EVSP webhook, signed with the key published at /v1/hub/signing-keys', async () => {
    await send(cdr('A-1'));
    const delivered = await waitFor(() => evsp.requestsFor(`${CPO}:A-1`)[0], {
      description: 'A-1 at the EVSP',
      timeoutMs: 30_000,
    });
    const keys = (await http().get('/v1/hub/signing-keys').expect(200)).body as {
      keys: { keyId: string; publicKey: string }[];
    };
    expect(keys.keys[0].keyId).toBe(delivered.headers['hub-key-id']);
    const published = AuditPublicKey.parse(keys.keys[0].publicKey);
    const timestamp = String(delivered.headers['hub-timestamp']);
    expect(
      verifyWebhookSignature(published, timestamp, delivered.rawBody, String(delivered.headers['hub-signature'])),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        published,
        timestamp,
        delivered.rawBody.replace('9.68', '0.01'),
        String(delivered.headers['hub-signature']),
      ),
    ).toBe(false);
    expect(delivered.headers['hub-delivery-attempt']).toBe('1');
    expect(JSON.parse(delivered.rawBody)).toMatchObject({
      cdrId: 'A-1',
      cpoPartyId: CPO,
      emspPartyId: EMSP,
      energyWh: 22_000,
    });
    await waitFor(async () => (await deliveries('DELIVERED')).some((d) => d.cdrId === 'A-1'), {
      description: 'A-1 DELIVERED',
      timeoutMs: 30_000,
    });
    const own = (await http().get('/v1/cdr-deliveries').set(auth(emspKey.key)).expect(200)).body
      .items as CdrDeliveryV1[];
    expect(own.find((d) => d.cdrId === 'A-1')).toMatchObject({ state: 'DELIVERED', channel: 'WEBHOOK', attempts: 1 });
  });

  it('counts a record for an EVSP without a webhook as delivered by its topic, and publishes it there', async () => {
    await send(cdr('T-1', { emaid: TOPIC_EMAID, authorizationId: 'auth-T-1' }));
    acceptedIds.splice(acceptedIds.indexOf('T-1'), 1); // counted in its own pair (CPO, TOPIC_EMSP) below
    await outbound(TOPIC_EMSP, 'CdrForwarded', 'T-1');
    const delivery = await waitFor(async () => (await deliveries('DELIVERED')).find((d) => d.cdrId === 'T-1'), {
      description: 'T-1 delivered by topic',
      timeoutMs: 30_000,
    });
    expect(delivery).toMatchObject({ channel: 'TOPIC', emspPartyId: TOPIC_EMSP, attempts: 0 });
    expect(evsp.requestsFor(`${CPO}:T-1`)).toEqual([]);
    const retry = await http().post(`/v1/admin/cdr-deliveries/${CPO}/T-1/retry`).set(auth(operatorKey)).expect(409);
    expect(retry.body.code).toBe('CDR_DELIVERY_NOT_BY_WEBHOOK');
    // Stored once: one event on the record's stream and no delivery stream until the EVSP acknowledges (issue 5 speed).
    const eventsOf = async (category: string) =>
      (
        await db.query<{ type: string }>(
          `SELECT type FROM es.events WHERE category = $1 AND data->>'cdrId' = 'T-1' ORDER BY global_position`,
          [category],
        )
      ).rows.map((r) => r.type);
    expect(await eventsOf('cdr')).toEqual(['CdrForwarded']);
    expect(await eventsOf('cdrDelivery')).toEqual([]);
    const detail = () => http().get('/v1/cdrs/T-1').query({ cpoPartyId: CPO }).set(auth(topicEmspKey.key)).expect(200);
    expect((await detail()).body.delivery).toEqual({
      channel: 'TOPIC',
      state: 'DELIVERED',
      attempts: 0,
      deliveredAt: delivery.deliveredAt,
      acknowledgedAt: null,
    });
    // The acknowledgement opens the delivery stream; the EVSP sees it in the record and in its list.
    const ack = await http().post(`/v1/cdrs/${CPO}/T-1/acknowledgement`).set(auth(topicEmspKey.key)).expect(200);
    expect(await eventsOf('cdrDelivery')).toEqual(['CdrDeliveryQueued', 'CdrDelivered', 'CdrAcknowledged']);
    // Still delivered when it was forwarded: the acknowledgement does not move the delivery time (review).
    expect((await detail()).body.delivery).toMatchObject({
      channel: 'TOPIC',
      deliveredAt: delivery.deliveredAt,
      acknowledgedAt: ack.body.acknowledgedAt,
    });
    const acknowledged = await waitFor(
      async () => (await deliveries()).find((d) => d.cdrId === 'T-1' && d.acknowledgedAt !== null),
      { description: 'T-1 acknowledged in the deliveries', timeoutMs: 30_000 },
    );
    expect(acknowledged).toMatchObject({ state: 'DELIVERED', channel: 'TOPIC', deliveredAt: delivery.deliveredAt });
  });

  it('stores and forwards while the EVSP is down (connection cut, then 503), alerts, survives a restart, and delivers every record once the EVSP is back', async () => {
    evsp.mode = 'closed';
    const ids = ['D-1', 'D-2', 'D-3', 'D-4', 'D-5'];
    for (const id of ids) await send(cdr(id, { authorizationId: `auth-${id}` }));
    // Attempts fail (the connection is cut). One at a time, in forwarding order: D-1 holds the EVSP's queue until it is
    // UNDELIVERED, then D-2, ...; a record due while the circuit is open is deferred without a request (no attempt).
    await waitFor(
      async () => (await deliveries('RETRYING')).length + (await deliveries('UNDELIVERED')).length >= ids.length,
      {
        description: 'a first, failing attempt for each record',
        timeoutMs: 30_000,
      },
    );
    expect(evsp.requests.some((r) => ids.some((id) => r.headers['hub-record-id'] === `${CPO}:${id}`))).toBe(true);
    evsp.mode = 'unavailable';
    const stalled = await waitFor(
      async () => {
        const undelivered = (await deliveries('UNDELIVERED')).filter((d) => ids.includes(d.cdrId));
        return undelivered.length === ids.length ? undelivered : undefined;
      },
      { description: 'all five UNDELIVERED after 3 attempts', timeoutMs: 30_000 },
    );
    expect(stalled.every((d) => d.attempts >= 3 && d.stalledAt !== null)).toBe(true);
    // The alert reaches the EVSP on its outbound topic (its webhook is down).
    await outbound(EMSP, 'CdrDeliveryStalled', 'D-1');
    // The operator sees the alert and may ask for an attempt now; a delivered record cannot be retried.
    const retried = await http().post(`/v1/admin/cdr-deliveries/${CPO}/D-1/retry`).set(auth(operatorKey)).expect(202);
    expect(retried.body).toMatchObject({ cdrId: 'D-1', cpoPartyId: CPO });
    const done = await http().post(`/v1/admin/cdr-deliveries/${CPO}/A-1/retry`).set(auth(operatorKey)).expect(409);
    expect(done.body.code).toBe('CDR_ALREADY_DELIVERED');
    await http().post(`/v1/admin/cdr-deliveries/${CPO}/D-1/retry`).set(auth(cpoKey.key)).expect(403);
    const evspAlerts = (
      await http().get('/v1/cdr-deliveries').query({ state: 'UNDELIVERED' }).set(auth(emspKey.key)).expect(200)
    ).body.items as CdrDeliveryV1[];
    expect(evspAlerts.map((d) => d.cdrId).sort()).toEqual(ids);

    // Restart in the middle: the delivery state and the due attempts are in the database, not in memory.
    await app.close();
    const attemptsBefore = evsp.requests.length;
    evsp.mode = 'up';
    app = await startApp(AppModule, 'CDR forwarding', env);
    await waitFor(async () => ids.every((id) => evsp.accepted.has(`${CPO}:${id}`)), {
      description: 'every record at the EVSP after it came back',
      timeoutMs: 30_000,
    });
    expect(evsp.requests.length).toBeGreaterThan(attemptsBefore);
    for (const id of ids) {
      expect(evsp.accepted.get(`${CPO}:${id}`)).toBe(1);
      const seen = evsp.requestsFor(`${CPO}:${id}`);
      // The id is the same on every attempt; the attempt number counts on across the restart.
      expect(new Set(seen.map((r) => r.headers['hub-record-id']))).toEqual(new Set([`${CPO}:${id}`]));
      const attempts = seen.map((r) => Number(r.headers['hub-delivery-attempt']));
      expect(attempts).toEqual([...attempts].sort((a, b) => a - b));
      // The delivering attempt comes after the three failed ones before the restart.
      expect(Math.max(...attempts)).toBeGreaterThanOrEqual(4);
      expect(JSON.parse(seen[seen.length - 1].rawBody)).toMatchObject({ cdrId: id });
    }
    await waitFor(
      async () => (await deliveries('DELIVERED')).filter((d) => ids.includes(d.cdrId)).length === ids.length,
      {
        description: 'all five DELIVERED',
        timeoutMs: 30_000,
      },
    );
    expect(await deliveries('UNDELIVERED')).toEqual([]);
  });

  it('keeps forwarding order per EVSP after an outage: a credit queued behind its record reaches the EVSP after it (review finding 12a)', async () => {
    // More attempts than this outage lasts, so the record stays the head of the queue (RETRYING, not UNDELIVERED).
    await app.close();
    env = { ...env, CDR_WEBHOOK_MAX_ATTEMPTS: '1000' };
    app = await startApp(AppModule, 'CDR forwarding', env);
    evsp.mode = 'unavailable';
    const x = `${CPO}:O-1`;
    const credit = `${CPO}:O-1-CR`;
    await send(cdr('O-1', { authorizationId: 'auth-O-1' }));
    await waitFor(async () => (await deliveries('RETRYING')).some((d) => d.cdrId === 'O-1' && d.attempts >= 2), {
      description: 'the record failed twice (its backoff grows)',
      timeoutMs: 30_000,
    });
    await send(
      cdr('O-1-CR', { authorizationId: 'auth-O-1', totalCost: { amount: '-9.68', currency: 'EUR' }, creditOf: 'O-1' }),
    );
    await waitFor(async () => (await deliveries()).some((d) => d.cdrId === 'O-1-CR'), {
      description: 'the credit queued for the same EVSP',
      timeoutMs: 30_000,
    });
    // While the record waits on its backoff, its credit is not attempted at all (no request, no attempt counted).
    await waitFor(async () => (await deliveries('RETRYING')).some((d) => d.cdrId === 'O-1' && d.attempts >= 3), {
      description: 'one more failed attempt of the head while the credit waits behind it',
      timeoutMs: 30_000,
    });
    expect(evsp.requestsFor(credit)).toEqual([]);
    expect((await deliveries()).find((d) => d.cdrId === 'O-1-CR')).toMatchObject({ state: 'PENDING', attempts: 0 });
    evsp.mode = 'up';
    await waitFor(() => evsp.accepted.has(x) && evsp.accepted.has(credit), {
      description: 'both at the EVSP after it came back',
      timeoutMs: 30_000,
    });
    const firstCredit = evsp.requests.findIndex((r) => r.headers['hub-record-id'] === credit);
    const lastRecord = evsp.requests.map((r) => r.headers['hub-record-id']).lastIndexOf(x);
    expect(firstCredit).toBeGreaterThan(lastRecord);
    expect(evsp.accepted.get(credit)).toBe(1);
    expect(Number(evsp.requestsFor(credit)[0].headers['hub-delivery-attempt'])).toBe(1);
  });

  it('records the EVSP acknowledgement over REST (idempotent, own records only) and over Kafka, and tells the CPO', async () => {
    const first = await http().post(`/v1/cdrs/${CPO}/A-1/acknowledgement`).set(auth(emspKey.key)).expect(200);
    const again = await http().post(`/v1/cdrs/${CPO}/A-1/acknowledgement`).set(auth(emspKey.key)).expect(200);
    expect(again.body).toEqual(first.body);
    await http().post(`/v1/cdrs/${CPO}/A-1/acknowledgement`).set(auth(cpoKey.key)).expect(403);
    const unknown = await http().post(`/v1/cdrs/${CPO}/NOPE/acknowledgement`).set(auth(emspKey.key)).expect(404);
    expect(unknown.body.code).toBe('CDR_DELIVERY_NOT_FOUND');
    await outbound(CPO, 'CdrAcknowledged', 'A-1');
    // Acknowledgements whose producer is not proven are parked with their code and acknowledge nothing.
    const forgedAcks = [
      [
        {
          key: EMSP,
          value: JSON.stringify({ cpoPartyId: CPO, cdrId: 'D-1' }),
          headers: { 'message-id': randomUUID() },
        },
        /^UNAUTHENTICATED: /,
      ],
      [signedAck(cpoKey, EMSP, { cpoPartyId: CPO, cdrId: 'D-1' }), /^ROLE_REQUIRED: /],
    ] as const;
    await probe.produce(
      prefix + TOPICS.b2bCdrAcksInbound,
      forgedAcks.map(([m]) => m),
    );
    for (const [message, code] of forgedAcks) {
      const refused = await probe.waitForMessage(prefix + TOPICS.b2bCdrAcksInbound + '.dlq', (m) =>
        m.headers['message-id'] === message.headers['message-id'] ? m : undefined,
      );
      expect(refused.headers.error).toMatch(code);
    }
    expect((await deliveries()).find((d) => d.cdrId === 'D-1')?.acknowledgedAt).toBeFalsy();
    await probe.produce(prefix + TOPICS.b2bCdrAcksInbound, [
      signedAck(emspKey, EMSP, { cpoPartyId: CPO, cdrId: 'D-1' }),
    ]);
    await waitFor(async () => (await deliveries()).find((d) => d.cdrId === 'D-1')?.acknowledgedAt, {
      description: 'D-1 acknowledged over Kafka',
      timeoutMs: 30_000,
    });
    // An acknowledgement the hub cannot take (a record not forwarded to that EVSP) is parked, never blocking.
    await probe.produce(prefix + TOPICS.b2bCdrAcksInbound, [
      signedAck(emspKey, EMSP, { cpoPartyId: CPO, cdrId: 'NOT-MINE' }),
    ]);
    const parked = await probe.waitForMessage(prefix + TOPICS.b2bCdrAcksInbound + '.dlq', (m) =>
      m.value.includes('NOT-MINE') ? m : undefined,
    );
    expect(parked.key).toBe(EMSP);
    const detail = await http().get('/v1/cdrs/A-1').query({ cpoPartyId: CPO }).set(auth(cpoKey.key)).expect(200);
    expect(detail.body.delivery).toMatchObject({
      channel: 'WEBHOOK',
      state: 'DELIVERED',
      acknowledgedAt: first.body.acknowledgedAt,
    });
    expect(detail.body.reconciliation).toMatchObject({ state: 'OPEN' });
    const cpoView = (await http().get('/v1/cdr-deliveries').set(auth(cpoKey.key)).expect(200)).body
      .items as CdrDeliveryV1[];
    expect(cpoView.find((d) => d.cdrId === 'A-1')?.acknowledgedAt).toEqual(first.body.acknowledgedAt);
  });

  it('dispute → rejection: the EVSP disputes with a reason, the CPO rejects it; forbidden transitions answer stable codes', async () => {
    await http()
      .post(`/v1/cdrs/${CPO}/D-2/dispute/rejection`)
      .set(auth(cpoKey.key))
      .send({ reason: 'x' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CDR_NOT_DISPUTED'));
    await http()
      .post(`/v1/cdrs/${CPO}/D-2/dispute`)
      .set(auth(emspKey.key))
      .send({ reasonCode: 'NONSENSE', reason: 'x' })
      .expect(400);
    const disputed = await http()
      .post(`/v1/cdrs/${CPO}/D-2/dispute`)
      .set(auth(emspKey.key))
      .send({ reasonCode: 'WRONG_PRICE', reason: 'the agreed tariff gives 7.20 EUR' })
      .expect(200);
    expect(disputed.body).toMatchObject({ state: 'DECLINED', reasonCode: 'WRONG_PRICE' });
    const told = await outbound(CPO, 'CdrDisputed', 'D-2');
    expect(told).toMatchObject({ data: { state: 'DECLINED', reason: 'the agreed tariff gives 7.20 EUR' } });
    await waitFor(
      async () =>
        (
          (await http().get('/v1/cdr-disputes').set(auth(cpoKey.key)).expect(200)).body.items as { cdrId: string }[]
        ).some((d) => d.cdrId === 'D-2'),
      { description: 'D-2 among the CPO open disputes', timeoutMs: 30_000 },
    );
    await http()
      .post(`/v1/cdrs/${CPO}/D-2/approval`)
      .set(auth(emspKey.key))
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CDR_DISPUTE_PENDING'));
    await http().post(`/v1/cdrs/${CPO}/D-2/dispute/rejection`).set(auth(emspKey.key)).send({ reason: 'x' }).expect(403);
    const rejected = await http()
      .post(`/v1/cdrs/${CPO}/D-2/dispute/rejection`)
      .set(auth(cpoKey.key))
      .send({ reason: 'priced per agreement agr-1' })
      .expect(200);
    expect(rejected.body).toMatchObject({ state: 'REJECTED' });
    await outbound(EMSP, 'CdrDisputeRejected', 'D-2');
    await http()
      .post(`/v1/cdrs/${CPO}/D-2/dispute`)
      .set(auth(emspKey.key))
      .send({ reasonCode: 'WRONG_ENERGY', reason: 'again' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CDR_DISPUTE_ALREADY_REJECTED'));
    const approved = await http().post(`/v1/cdrs/${CPO}/D-3/approval`).set(auth(emspKey.key)).expect(200);
    expect(approved.body).toMatchObject({ state: 'APPROVED' });
    await outbound(CPO, 'CdrApproved', 'D-3');
  });

  it('dispute → revision: the CPO sends a revised record (revisionOf) through the normal intake; it reaches the EVSP', async () => {
    await http()
      .post(`/v1/cdrs/${CPO}/D-4/dispute`)
      .set(auth(emspKey.key))
      .send({ reasonCode: 'WRONG_ENERGY', reason: 'our meter data says 20 kWh' })
      .expect(200);
    await send(
      cdr('D-4-R1', {
        authorizationId: 'auth-D-4',
        energyWh: 20_000,
        totalCost: { amount: '8.80', currency: 'EUR' },
        revisionOf: 'D-4',
      }),
    );
    const revised = await outbound(EMSP, 'CdrRevised', 'D-4');
    expect(revised).toMatchObject({ data: { state: 'REVISED', revisionCdrId: 'D-4-R1' } });
    await waitFor(() => evsp.accepted.has(`${CPO}:D-4-R1`), {
      description: 'the revision at the EVSP',
      timeoutMs: 30_000,
    });
    const body = JSON.parse(evsp.requestsFor(`${CPO}:D-4-R1`)[0].rawBody) as { revisionOf?: string };
    expect(body.revisionOf).toBe('D-4');
    await http()
      .post(`/v1/cdrs/${CPO}/D-4/dispute/rejection`)
      .set(auth(cpoKey.key))
      .send({ reason: 'too late' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CDR_REVISED'));
    // A revision in time is no refused one: the operator's list of revisions after approval stays empty.
    const late = await http()
      .get('/v1/admin/cdr-disputes')
      .query({ revisionRefused: 'true' })
      .set(auth(operatorKey))
      .expect(200);
    expect(late.body.items).toEqual([]);
    const d4 = await waitFor(
      async () =>
        (
          (await http().get('/v1/admin/cdr-disputes').query({ state: 'REVISED' }).set(auth(operatorKey)).expect(200))
            .body.items as { cdrId: string; refusedRevisionCdrId: string | null }[]
        ).find((d) => d.cdrId === 'D-4'),
      { description: 'D-4 listed as REVISED', timeoutMs: 30_000 },
    );
    expect(d4).toMatchObject({ refusedRevisionCdrId: null });
    await http().get('/v1/admin/cdr-disputes').query({ revisionRefused: 'maybe' }).set(auth(operatorKey)).expect(400);
  });

  it('an approval racing a revision of the same record: exactly one wins, nothing is refused after the fact (review finding 10)', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `RACE-${i}`);
    for (const id of ids) await send(cdr(id, { authorizationId: `auth-${id}` }));
    // Nothing to wait for: a forwarded record is OPEN at once, its reconciliation stream begins with the first word.
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const [approval, revision] = await Promise.all([
          http().post(`/v1/cdrs/${CPO}/${id}/approval`).set(auth(emspKey.key)),
          http()
            .post('/v1/cdrs')
            .set(auth(cpoKey.key))
            .send(
              cdr(`${id}-R`, {
                authorizationId: `auth-${id}`,
                energyWh: 20_000,
                totalCost: { amount: '8.80', currency: 'EUR' },
                revisionOf: id,
              }),
            ),
        ]);
        (revision.status === 201 ? acceptedIds : rejectedIds).push(`${id}-R`);
        const code = (r: { body: { code?: string } }) => r.body.code ?? null;
        return {
          id,
          approval: approval.status,
          approvalCode: code(approval),
          revision: revision.status,
          revisionCode: code(revision),
        };
      }),
    );
    for (const outcome of outcomes) {
      if (outcome.approval === 200) {
        expect(outcome).toMatchObject({ revision: 422, revisionCode: 'CDR_REVISION_NOT_ALLOWED' });
      } else {
        expect(outcome).toMatchObject({ approval: 409, approvalCode: 'CDR_REVISED', revision: 201 });
      }
    }
    // Decided at the intake, in the reconciliation stream's order: no revision got through to be refused later.
    const refused = await db.query(`SELECT 1 FROM es.events WHERE type = 'CdrRevisionRefused'`);
    expect(refused.rowCount).toBe(0);
  });

  it('delivers a credit record (creditOf) to the EVSP like any record', async () => {
    await send(
      cdr('D-5-CR', { authorizationId: 'auth-D-5', totalCost: { amount: '-9.68', currency: 'EUR' }, creditOf: 'D-5' }),
    );
    await waitFor(() => evsp.accepted.has(`${CPO}:D-5-CR`), {
      description: 'the credit at the EVSP',
      timeoutMs: 30_000,
    });
    const body = JSON.parse(evsp.requestsFor(`${CPO}:D-5-CR`)[0].rawBody) as { creditOf?: string; totalCost: unknown };
    expect(body).toMatchObject({ creditOf: 'D-5', totalCost: { currency: 'EUR' } });
  });

  it('balances the inventory after a mixed run of good and bad records (received = accepted + rejected, accepted = delivered + pending)', async () => {
    await send(cdr('BAD-1', { endedAt: '2026-03-01T09:00:00Z', authorizationId: 'auth-bad-1' }), 422);
    await send(cdr('BAD-2', { energyWh: 900_000_000, authorizationId: 'auth-bad-2' }), 422);
    await send(cdr('G-1', { authorizationId: 'auth-G-1' }));
    // One good record through the Kafka door.
    const g2 = signedPartnerMessage(
      { apiKey: cpoKey.key, keyId: cpoKey.keyId },
      { topic: TOPICS.b2bCdrsInbound, key: CPO, value: cdr('G-2', { authorizationId: 'auth-G-2' }) },
    );
    await probe.produce(prefix + TOPICS.b2bCdrsInbound, [{ key: g2.key, value: g2.rawValue, headers: g2.headers }]);
    acceptedIds.push('G-2');
    await waitFor(() => acceptedIds.every((id) => evsp.accepted.has(`${CPO}:${id}`)), {
      description: 'every accepted record at the EVSP',
      timeoutMs: 30_000,
    });
    const expected = {
      received: acceptedIds.length + rejectedIds.length,
      accepted: acceptedIds.length,
      rejected: rejectedIds.length,
    };
    const line = await waitFor(
      async () => {
        const inventory = (
          await http().get('/v1/cdrs/inventory').query({ counterparty: EMSP }).set(auth(cpoKey.key)).expect(200)
        ).body as CdrInventoryV1;
        const l = inventory.lines.find((x) => x.cpoPartyId === CPO && x.emspPartyId === EMSP);
        return l && l.received === expected.received && l.delivered === expected.accepted ? l : undefined;
      },
      { description: 'the inventory to count every record', timeoutMs: 30_000 },
    );
    expect(line).toMatchObject({ ...expected, delivered: expected.accepted, pending: 0, disputed: 2 });
    expect(line.acknowledged).toBe(2);
    expect(line.balanced).toEqual({
      receivedEqualsAcceptedPlusRejected: true,
      acceptedEqualsDeliveredPlusPending: true,
    });
    expect(line.received).toBe(line.accepted + line.rejected);
    expect(line.accepted).toBe(line.delivered + line.pending);
    const admin = (
      await http()
        .get('/v1/admin/cdrs/inventory')
        .query({ cpo: CPO, emsp: EMSP, from: '2000-01-01T00:00:00Z' })
        .set(auth(operatorKey))
        .expect(200)
    ).body as CdrInventoryV1;
    expect(admin.lines).toEqual([line]);
    const all = (await http().get('/v1/admin/cdrs/inventory').set(auth(operatorKey)).expect(200))
      .body as CdrInventoryV1;
    expect(all.lines.find((l) => l.emspPartyId === TOPIC_EMSP)).toMatchObject({
      received: 1,
      accepted: 1,
      delivered: 1,
      pending: 0,
      acceptedAmounts: [{ currency: 'EUR', amount: expect.stringMatching(/^9\.68/) }],
      balanced: { receivedEqualsAcceptedPlusRejected: true, acceptedEqualsDeliveredPlusPending: true },
    });
    const evspView = (await http().get('/v1/cdrs/inventory').set(auth(emspKey.key)).expect(200)).body as CdrInventoryV1;
    expect(evspView.lines).toEqual([line]);
    const empty = (
      await http().get('/v1/cdrs/inventory').query({ to: '2000-01-01T00:00:00Z' }).set(auth(cpoKey.key)).expect(200)
    ).body as CdrInventoryV1;
    expect(empty.lines).toEqual([]);
  });
});
