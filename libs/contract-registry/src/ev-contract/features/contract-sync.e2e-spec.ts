import { CONTRACTS_INBOUND_TOPIC, TOPICS } from '@roaming/contracts';
import { deadLetterTopic, HEADER } from '@roaming/messaging';
import { signedPartnerMessage } from '@roaming/platform';
import { Emaid } from '@roaming/shared-kernel';
import { randomUUID } from 'crypto';
import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../testing/registry-api.fixture';

const emaid = (n: number, party = 'NLEVB') => Emaid.parse(`${party}C${String(n).padStart(8, '0')}`).value;
const uid = (n: number) => (0x04000000 + n).toString(16).toUpperCase().padStart(8, '0');
const row = (n: number, extra: Record<string, unknown> = {}) => ({
  emaid: emaid(n),
  tokens: [{ uid: uid(n), type: 'RFID' }],
  ...extra,
});

/**
 * Keeping the hub's contract list in sync with the EVSP (GeM 983 "CRUD operations ... via APIs", UC 1514/1515/1516):
 * bulk upload and delta updates of thousands of contracts per request, all or nothing; single changes; the
 * streaming door on Kafka; and every token published for the other contexts, keyed by its contract.
 */
describe('EV contract sync: batch, single changes, Kafka intake (GeM 983, UC 1514/1515/1516)', () => {
  let fx: RegistryApiFixture;
  let evsp: TestPartner;
  let otherEvsp: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    otherEvsp = await fx.partner('Other Provider', ['emsp'], ['NLXYZ']);
  });
  afterAll(() => fx.close());

  const batch = (contracts: unknown[], apiKey = evsp.apiKey, idempotencyKey?: string) => {
    const req = fx.http().post('/v1/contracts/batch').set('X-API-Key', apiKey);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send({ contracts });
  };
  const tokenMessages = () =>
    fx.published
      .filter((m) => m.headers[HEADER.type] === 'TokenStatusChanged')
      .map((m) => ({ key: m.key, body: JSON.parse(m.rawValue) as { data: Record<string, unknown> } }));

  describe('bulk upload (POST /v1/contracts/batch)', () => {
    it('registers 3000 contracts in one request as one event, and publishes one message per token', async () => {
      const before = await fx.eventCount();
      const rows = Array.from({ length: 3000 }, (_, i) => row(i + 1));
      const res = await batch(rows);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        emspPartyId: 'NLEVB',
        received: 3000,
        registered: 3000,
        replaced: 0,
        unchanged: 0,
      });
      expect(await fx.eventCount()).toBe(before + 1);
      const [event] = await fx.streamEvents(`contractBatch-NLEVB+${res.body.batchId}`);
      expect(event).toMatchObject({ type: 'EvContractBatchApplied', data: { received: 3000, source: 'rest' } });

      const published = await fx.waitFor('3000 token messages', () => {
        const all = tokenMessages().filter((m) => (m.body.data.emaid as string).startsWith('NLEVBC0000'));
        return all.length >= 3000 ? all : undefined;
      });
      expect(published[41]).toEqual({
        key: `evContract-${emaid(42)}`,
        body: expect.objectContaining({
          data: {
            emaid: emaid(42),
            emspPartyId: 'NLEVB',
            tokenUid: uid(42),
            tokenType: 'RFID',
            status: 'active',
            validUntil: null,
            allowedServices: null,
            allowOffline: true,
          },
        }),
      });
    });

    it("pages through the EVSP's contracts in EMAID order (GET /v1/contracts)", async () => {
      const first = await fx.http().get('/v1/contracts').query({ limit: 2000 }).set('X-API-Key', evsp.apiKey);
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2000);
      const second = await fx
        .http()
        .get('/v1/contracts')
        .query({ limit: 2000, cursor: first.body.nextCursor })
        .set('X-API-Key', evsp.apiKey);
      expect(second.body.items.length).toBeGreaterThanOrEqual(1000);
      const emaids = [...first.body.items, ...second.body.items].map((c: { emaid: string }) => c.emaid);
      expect(emaids).toEqual([...emaids].sort());
      expect(new Set(emaids).size).toBe(emaids.length);
      const foreign = await fx.http().get('/v1/contracts').set('X-API-Key', otherEvsp.apiKey);
      expect(foreign.body.items).toEqual([]);
      const tooMany = await fx.http().get('/v1/contracts').query({ limit: 2001 }).set('X-API-Key', evsp.apiKey);
      expect(tooMany.status).toBe(400);
    });

    it('stores none of a batch with bad rows and names every bad row with its index and rule', async () => {
      const before = await fx.eventCount();
      const res = await batch([
        row(5001),
        { ...row(5002), emaid: `${emaid(5002).slice(0, -1)}${emaid(5002).endsWith('A') ? 'B' : 'A'}` },
        row(5003, { tokens: [{ uid: uid(7), type: 'RFID' }] }),
        row(5004, { tokens: [{ uid: '04:ZZ', type: 'RFID' }] }),
        row(5001),
        row(5005, { holder: 'Jane Doe' }),
      ]);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('CONTRACT_BATCH_INVALID');
      expect(res.body.rows).toEqual([
        expect.objectContaining({ index: 1, code: 'EMAID_CHECK_DIGIT', field: 'contracts.1.emaid' }),
        expect.objectContaining({
          index: 2,
          code: 'TOKEN_UID_TAKEN',
          field: 'contracts.2.tokens.0.uid',
          rule: 'unique-per-emsp',
        }),
        expect.objectContaining({ index: 3, code: 'TOKEN_UID_INVALID', field: 'contracts.3.tokens.0.uid' }),
        expect.objectContaining({ index: 4, code: 'CONTRACT_DUPLICATE_IN_BATCH', rule: 'unique-in-batch' }),
        expect.objectContaining({
          index: 5,
          code: 'REQUEST_INVALID',
          field: 'contracts.5.holder',
          rule: 'known-field',
        }),
      ]);
      expect(await fx.eventCount()).toBe(before);
      expect(await fx.tokenClaim('NLEVB', uid(5001))).toBeNull();
    });

    it('answers 400 for an empty or oversized envelope and 403 for rows of another EVSP party', async () => {
      expect((await batch([])).status).toBe(400);
      const tooMany = await batch(Array.from({ length: 5001 }, (_, i) => row(i)));
      expect(tooMany.status).toBe(400);
      const foreign = await fx
        .http()
        .post('/v1/contracts/batch')
        .set('X-API-Key', evsp.apiKey)
        .send({ emspPartyId: 'NLXYZ', contracts: [row(1)] });
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('PARTY_SCOPE');
    });
  });

  describe('delta updates', () => {
    it('replaces the changed contracts, leaves the same ones alone, and answers a retry with the first receipt', async () => {
      const rows = [row(1, { status: 'blocked' }), row(2), row(3, { validUntil: '2030-01-01T00:00:00Z' }), row(6001)];
      const first = await batch(rows, evsp.apiKey, 'delta-1');
      expect(first.body).toMatchObject({ received: 4, registered: 1, replaced: 2, unchanged: 1 });
      const before = await fx.eventCount();
      const retry = await batch(rows, evsp.apiKey, 'delta-1');
      expect(retry.body).toEqual(first.body);
      expect(await fx.eventCount()).toBe(before);
      const same = await batch(rows);
      expect(same.body).toMatchObject({ registered: 0, replaced: 0, unchanged: 4 });
      expect(await fx.eventCount()).toBe(before);
      const contract = await fx
        .http()
        .get(`/v1/contracts/${emaid(1)}`)
        .set('X-API-Key', evsp.apiKey);
      expect(contract.body).toMatchObject({ status: 'blocked', tokens: [{ status: 'active' }] });
      const blocked = await fx.waitFor('the blocked contract published', () =>
        tokenMessages().find((m) => m.body.data.emaid === emaid(1) && m.body.data.status === 'blocked'),
      );
      expect(blocked.key).toBe(`evContract-${emaid(1)}`);
    });
  });

  describe('single contract changes', () => {
    const put = (n: number, body: object) =>
      fx
        .http()
        .put(`/v1/contracts/${emaid(n)}`)
        .set('X-API-Key', evsp.apiKey)
        .send(body);

    it('PUT stores the whole record; a token no longer listed stays, deactivated (GeM UC 1515)', async () => {
      const created = await put(7001, {
        tokens: [
          { uid: 'AA000001', type: 'RFID' },
          { uid: 'qr-7001', type: 'APP' },
        ],
      });
      expect(created.status).toBe(200);
      const changed = await put(7001, { tokens: [{ uid: 'qr-7001', type: 'APP' }], allowedServices: ['CHARGING'] });
      expect(changed.body).toMatchObject({
        allowedServices: ['CHARGING'],
        tokens: [
          { uid: 'qr-7001', status: 'active' },
          { uid: 'AA000001', status: 'deactivated' },
        ],
      });
      const taken = await put(7002, { tokens: [{ uid: 'AA000001', type: 'RFID' }] });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('TOKEN_UID_TAKEN');
      const events = await fx.streamEvents(`evContract-${emaid(7001)}`);
      expect(events.map((e) => e.type)).toEqual(['EvContractRegistered', 'EvContractReplaced']);
    });

    it('DELETE deactivates the contract and keeps it readable (GeM UC 1516); PUT status reactivates it', async () => {
      const deleted = await fx
        .http()
        .delete(`/v1/contracts/${emaid(7001)}`)
        .set('X-API-Key', evsp.apiKey);
      expect(deleted.status).toBe(200);
      expect(deleted.body.status).toBe('deactivated');
      const read = await fx
        .http()
        .get(`/v1/contracts/${emaid(7001)}`)
        .set('X-API-Key', evsp.apiKey);
      expect(read.status).toBe(200);
      expect(read.body.status).toBe('deactivated');
      const message = await fx.waitFor('the deactivation published', () =>
        tokenMessages().find((m) => m.body.data.tokenUid === 'qr-7001' && m.body.data.status === 'deactivated'),
      );
      expect(message.key).toBe(`evContract-${emaid(7001)}`);
      const again = await fx
        .http()
        .put(`/v1/contracts/${emaid(7001)}/status`)
        .set('X-API-Key', evsp.apiKey)
        .send({ status: 'active' });
      expect(again.body.status).toBe('active');
      const foreign = await fx
        .http()
        .delete(`/v1/contracts/${emaid(7001)}`)
        .set('X-API-Key', otherEvsp.apiKey);
      expect(foreign.status).toBe(403);
      const operator = await fx
        .http()
        .delete(`/v1/contracts/${emaid(7001)}`)
        .auth(OPERATOR_KEY, { type: 'bearer' });
      expect(operator.status).toBe(403);
    });
  });

  describe(`streaming door ${CONTRACTS_INBOUND_TOPIC}`, () => {
    const DLQ = deadLetterTopic(CONTRACTS_INBOUND_TOPIC);
    /** Signed with the signer's key (the EVSP's unless told), as its producer sends it; `null`: unsigned. */
    const send = async (
      key: string | null,
      value: unknown,
      messageId: string = randomUUID(),
      signer: TestPartner | null = evsp,
    ) => {
      const draft = { topic: CONTRACTS_INBOUND_TOPIC, key: key as string, value, messageId };
      await fx.bus.publish([
        signer
          ? signedPartnerMessage({ apiKey: signer.apiKey, keyId: signer.keyId }, draft)
          : { ...draft, headers: { [HEADER.messageId]: messageId } },
      ]);
      return messageId;
    };
    const deadLetter = (messageId: string) =>
      fx.bus.deadLetters(DLQ).find((m) => m.headers[HEADER.messageId] === messageId);

    it('stores a batch sent on Kafka, once, even when the message is delivered again', async () => {
      const messageId = await send('NL*EVB', { contracts: [row(8001), row(8002)] });
      expect(deadLetter(messageId)).toBeUndefined();
      const contract = await fx
        .http()
        .get(`/v1/contracts/${emaid(8001)}`)
        .set('X-API-Key', evsp.apiKey);
      expect(contract.status).toBe(200);
      const before = await fx.eventCount();
      await send('NLEVB', { contracts: [row(8001), row(8002)] }, messageId);
      expect(await fx.eventCount()).toBe(before);
      const batches = await fx.db.query<{ data: { source: string } }>(
        `SELECT data FROM es.events WHERE category = 'contractBatch' AND data->>'source' = 'kafka'`,
      );
      expect(batches.rows).toHaveLength(1);
    });

    it('dead-letters at once a message with bad rows, a foreign or unknown key and a malformed body, storing nothing', async () => {
      const before = await fx.eventCount();
      const badRow = await send('NLEVB', { contracts: [row(8101), { ...row(8102), tokens: [] }] });
      expect(deadLetter(badRow)?.headers[HEADER.error]).toMatch(
        /CONTRACT_BATCH_INVALID.*"index":1.*contracts\.1\.tokens/,
      );
      const foreign = await send('NLEVB', {
        contracts: [{ emaid: emaid(1, 'NLXYZ'), tokens: [{ uid: 'AB00AB00', type: 'RFID' }] }],
      });
      expect(deadLetter(foreign)?.headers[HEADER.error]).toMatch(/CONTRACT_PROVIDER_MISMATCH/);
      const unknown = await send('ATZZZ', { contracts: [row(8103)] });
      expect(deadLetter(unknown)?.headers[HEADER.error]).toMatch(/^PARTY_NOT_OWNED: /);
      const noKey = await send(null, { contracts: [row(8104)] });
      expect(deadLetter(noKey)?.headers[HEADER.error]).toMatch(/^PARTY_NOT_OWNED: /);
      const raw = await send('NLEVB', 'not json {');
      expect(deadLetter(raw)?.headers[HEADER.error]).toMatch(/contracts/);
      expect(await fx.eventCount()).toBe(before);
      expect(fx.published.filter((m) => m.topic !== TOPICS.contractRegistryEvents)).toEqual([]);
    });

    it('dead-letters at once a message whose producer is not proven, with its code, storing nothing', async () => {
      const body = { contracts: [row(8201)] };
      const unsigned = await send('NLEVB', body, randomUUID(), null);
      expect(deadLetter(unsigned)?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
      // Another EVSP's valid key, sending for NLEVB.
      const impersonation = await send('NLEVB', body, randomUUID(), otherEvsp);
      expect(deadLetter(impersonation)?.headers[HEADER.error]).toMatch(/^PARTY_NOT_OWNED: /);
      // NLEVB's signature on another body.
      const signed = signedPartnerMessage(
        { apiKey: evsp.apiKey, keyId: evsp.keyId },
        { topic: CONTRACTS_INBOUND_TOPIC, key: 'NLEVB', value: body },
      );
      // The body changed after signing (its text too: the bus sends rawValue when a message carries one).
      const tamperedValue = { contracts: [row(8202)] };
      await fx.bus.publish([{ ...signed, value: tamperedValue, rawValue: JSON.stringify(tamperedValue) }]);
      expect(deadLetter(signed.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
      const cpo = await fx.partner('Charge Point Operator', ['cpo'], ['NLCPO']);
      const fromCpo = await send('NLCPO', body, randomUUID(), cpo);
      expect(deadLetter(fromCpo)?.headers[HEADER.error]).toMatch(/^ROLE_REQUIRED: /);

      const suspended = await fx.partner('Suspended Provider', ['emsp'], ['NLSUS']);
      await fx
        .http()
        .post(`/v1/admin/partners/${suspended.partnerId}/suspend`)
        .auth(OPERATOR_KEY, { type: 'bearer' })
        .expect(200);
      const whileSuspended = await send('NLSUS', body, randomUUID(), suspended);
      expect(deadLetter(whileSuspended)?.headers[HEADER.error]).toMatch(/^PARTNER_SUSPENDED: /);
      const revoked = await fx.partner('Revoked Provider', ['emsp'], ['NLREV']);
      await fx
        .http()
        .delete(`/v1/admin/partners/${revoked.partnerId}/credentials/${revoked.keyId}`)
        .auth(OPERATOR_KEY, { type: 'bearer' })
        .expect(204);
      const withRevokedKey = await send('NLREV', body, randomUUID(), revoked);
      expect(deadLetter(withRevokedKey)?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);

      // Partners were registered, suspended, revoked above; of the contracts sent, nothing was stored.
      const stored = await fx.db.query(`SELECT 1 FROM es.events WHERE data::text LIKE ANY($1)`, [
        [`%${emaid(8201)}%`, `%${emaid(8202)}%`],
      ]);
      expect(stored.rowCount).toBe(0);
    });
  });
});
