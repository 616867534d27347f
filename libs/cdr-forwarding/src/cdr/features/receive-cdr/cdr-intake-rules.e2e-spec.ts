import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { deadLetterTopic, HEADER } from '@roaming/messaging';
import { randomUUID } from 'crypto';
import { CdrForwardingApiFixture } from '../../../testing/cdr-forwarding-api.fixture';

const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const CPO_TOPIC = partnerOutboundTopic('DEABC');
const DLQ = deadLetterTopic(TOPICS.b2bCdrsInbound);

/**
 * Issue 5 part A over REST and Kafka: every rule reported together, correction under the same id, one accepted
 * record per session, credit records, OFFLINE/UNAUTHORIZED marking (GeM 1512), batch intake, another CPO's EVSE
 * (IEC 63119-2 UC3-9, GeM 984 / 1511 / 1512, IEC 63110 S6).
 */
describe('CDR intake rules (issue 5 part A: IEC 63119-2 UC3-9, GeM 984/1511/1512)', () => {
  let fx: CdrForwardingApiFixture;
  let cpoKey: string;
  let emspKey: string;
  let otherCpoKey: string;

  beforeAll(async () => {
    fx = await CdrForwardingApiFixture.start({ observe: [TOPICS.cdrForwardingEvents, EVSP_TOPIC, CPO_TOPIC] });
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    emspKey = await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']);
    otherCpoKey = await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']);
    await fx.agreement('agr-abc-8aa', 'DEABC', 'DE8AA');
  });

  afterAll(async () => {
    await fx?.close();
  });

  const get = (key: string, cdrId: string) =>
    fx.http
      .get(`/v1/cdrs/${encodeURIComponent(cdrId)}`)
      .query({ cpoPartyId: 'DEABC' })
      .set('Authorization', `Bearer ${key}`);

  it('answers 422 with EVERY failed rule, records them, and GET shows them (GeM UC 1511)', async () => {
    const cdr = fx.cdr({
      evseId: 'DE*ABC*E9999*1',
      endedAt: '2026-03-01T09:00:00Z',
      totalCost: { amount: '-1.00', currency: 'EUR' },
      costBreakdown: { exclVat: '1.00', vat: '0.19' },
      chargingDurationSeconds: 10,
    });
    const res = await fx.postCdr(cpoKey, cdr);
    expect(res.status).toBe(422);
    const codes = ['CDR_UNKNOWN_EVSE', 'CDR_END_BEFORE_START', 'CDR_NEGATIVE_COST', 'CDR_VAT_SPLIT_MISMATCH'];
    expect(res.body.code).toBe('CDR_UNKNOWN_EVSE');
    expect(res.body.violations.map((v: { code: string }) => v.code)).toEqual(codes);
    expect(res.body.errors.map((e: { rule: string }) => e.rule)).toEqual(codes);
    const details = await get(cpoKey, cdr.cdrId);
    expect(details.body).toMatchObject({ status: 'REJECTED', rejection: { code: 'CDR_UNKNOWN_EVSE' } });
    expect(details.body.rejection.violations.map((v: { code: string }) => v.code)).toEqual(codes);
    const receipt = await fx.waitForPublished(CPO_TOPIC, (b) => b.type === 'CdrRejected' && b.data.cdrId === cdr.cdrId);
    expect(JSON.parse(receipt.rawValue).data.violations).toHaveLength(4);
  });

  it('answers 400 with every structural fault at once, recording nothing', async () => {
    const before = await fx.cdrEventCount();
    const res = await fx.postCdr(cpoKey, {
      ...fx.cdr(),
      emaid: 'DE-8AA-001234567-1',
      tokenUid: 'not-hex',
      timeZone: 'Mars/Olympus',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['emaid', 'tokenUid', 'timeZone']);
    expect(await fx.cdrEventCount()).toBe(before);
  });

  it('accepts a rejected record corrected and sent again under the same cdrId', async () => {
    const cdr = fx.cdr({ sessionId: `S-${randomUUID()}` });
    const wrong = { ...cdr, energyWh: 50_000 };
    const first = await fx.postCdr(cpoKey, wrong);
    expect(first.status).toBe(422);
    expect(first.body.code).toBe('CDR_IMPLAUSIBLE_ENERGY');
    const corrected = await fx.postCdr(cpoKey, cdr);
    expect(corrected.status).toBe(201);
    // The correction is accepted at once: its CdrForwarded is also its receipt.
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrReceived', 'CdrRejected', 'CdrForwarded']);
    expect((await get(emspKey, cdr.cdrId)).body).toMatchObject({ status: 'FORWARDED', energyWh: 22_000 });
    // The same correct record again is idempotent.
    expect((await fx.postCdr(cpoKey, cdr)).status).toBe(200);
  });

  it('keeps exactly one accepted record per session: a second, different one is CDR_DUPLICATE_SESSION', async () => {
    const sessionId = `S-${randomUUID()}`;
    expect((await fx.postCdr(cpoKey, fx.cdr({ sessionId }))).status).toBe(201);
    const second = await fx.postCdr(cpoKey, fx.cdr({ sessionId, energyWh: 21_000 }));
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('CDR_DUPLICATE_SESSION');
    const authorizationId = `auth-${randomUUID()}`;
    expect((await fx.postCdr(cpoKey, fx.cdr({ authorizationId }))).status).toBe(201);
    expect((await fx.postCdr(cpoKey, fx.cdr({ authorizationId }))).body.code).toBe('CDR_DUPLICATE_SESSION');
  });

  it('counts a session once by EITHER key: session id or authorization (review finding 6)', async () => {
    // A names session S and authorization AU; B (new cdrId) names only AU; C names S only; D names a new S and AU.
    const sessionId = `S-${randomUUID()}`;
    const authorizationId = `auth-${randomUUID()}`;
    expect((await fx.postCdr(cpoKey, fx.cdr({ sessionId, authorizationId }))).status).toBe(201);
    for (const twin of [
      fx.cdr({ authorizationId }),
      fx.cdr({ sessionId }),
      fx.cdr({ sessionId: `S-${randomUUID()}`, authorizationId }),
    ]) {
      const res = await fx.postCdr(cpoKey, twin);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CDR_DUPLICATE_SESSION');
    }
    // The other order: the authorization-only record first.
    const authOnly = `auth-${randomUUID()}`;
    expect((await fx.postCdr(cpoKey, fx.cdr({ authorizationId: authOnly }))).status).toBe(201);
    const later = await fx.postCdr(cpoKey, fx.cdr({ sessionId: `S-${randomUUID()}`, authorizationId: authOnly }));
    expect(later.body.code).toBe('CDR_DUPLICATE_SESSION');
    // Within one batch: the second record sharing only the authorization is refused.
    const batchAuth = `auth-${randomUUID()}`;
    const batch = await fx.http
      .post('/v1/cdrs/batch')
      .set('Authorization', `Bearer ${cpoKey}`)
      .send({
        records: [
          fx.cdr({ sessionId: `S-${randomUUID()}`, authorizationId: batchAuth }),
          fx.cdr({ authorizationId: batchAuth }),
        ],
      });
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual(['ACCEPTED', 'REJECTED']);
    expect(batch.body.results[1].violations[0].code).toBe('CDR_DUPLICATE_SESSION');
  });

  it('forwards a credit record that negates an accepted record, once (CDR_ALREADY_CREDITED after)', async () => {
    const original = fx.cdr({ sessionId: `S-${randomUUID()}` });
    expect((await fx.postCdr(cpoKey, original)).status).toBe(201);
    const credit = fx.cdr({
      sessionId: original.sessionId,
      creditOf: original.cdrId,
      totalCost: { amount: '-9.68', currency: 'EUR' },
    });
    const res = await fx.postCdr(cpoKey, credit);
    expect(res.status).toBe(201);
    const pushed = await fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'CdrForwarded' && b.data.cdrId === credit.cdrId,
    );
    expect(JSON.parse(pushed.rawValue).data).toMatchObject({
      creditOf: original.cdrId,
      totalCost: { amount: '-9.6800', currency: 'EUR' },
    });
    const again = fx.cdr({ creditOf: original.cdrId, totalCost: { amount: '-9.68', currency: 'EUR' } });
    expect((await fx.postCdr(cpoKey, again)).body.code).toBe('CDR_ALREADY_CREDITED');
    const partial = fx.cdr({ creditOf: `CDR-unknown-${randomUUID()}`, totalCost: { amount: '-1', currency: 'EUR' } });
    expect((await fx.postCdr(cpoKey, partial)).body.code).toBe('CDR_CREDIT_TARGET_UNKNOWN');
  });

  it('refuses a credit or revision for another contract than the record it names (CDR_CORRECTION_MISMATCH)', async () => {
    const original = fx.cdr({ sessionId: `S-${randomUUID()}` });
    expect((await fx.postCdr(cpoKey, original)).status).toBe(201);
    const otherContract = 'DE-8AA-009999999';
    const credit = fx.cdr({
      emaid: otherContract,
      creditOf: original.cdrId,
      totalCost: { amount: '-9.68', currency: 'EUR' },
    });
    const refused = await fx.postCdr(cpoKey, credit);
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual([
      expect.objectContaining({ code: 'CDR_CORRECTION_MISMATCH', field: 'creditOf' }),
    ]);
    const revision = fx.cdr({ emaid: 'DE-9BB-001234567', revisionOf: original.cdrId });
    const codes = (await fx.postCdr(cpoKey, revision)).body.violations.map((v: { code: string }) => v.code);
    expect(codes).toContain('CDR_CORRECTION_MISMATCH');
    // The same contract's credit is accepted.
    const sameContract = fx.cdr({ creditOf: original.cdrId, totalCost: { amount: '-9.68', currency: 'EUR' } });
    expect((await fx.postCdr(cpoKey, sameContract)).status).toBe(201);
  });

  it('marks records AUTHORIZED, OFFLINE or UNAUTHORIZED from what authorization published (GeM 1512)', async () => {
    const authorizationId = `auth-${randomUUID()}`;
    await fx.publishAuthorization('AuthorizationGranted', {
      authorizationId,
      evseId: 'DE*ABC*E1001*1',
      cpoPartyId: 'DEABC',
      emspPartyId: 'DE8AA',
      emaid: 'DE8AA0012345670',
      tokenUid: '04A2B3C4D5E6F7',
      agreementId: 'agr-abc-8aa',
    });
    const offlineSession = `S-${randomUUID()}`;
    await fx.publishAuthorization('SessionStarted', {
      sessionId: `hub-${offlineSession}`,
      authorizationId: null,
      cpoPartyId: 'DEABC',
      cpoSessionId: offlineSession,
      emspPartyId: 'DE8AA',
      evseId: 'DE*ABC*E1001*1',
      emaid: 'DE8AA0012345670',
      tokenUid: '04A2B3C4D5E6F7',
      offline: true,
      tariffId: null,
      startedAt: '2026-03-01T10:00:00.000Z',
    });
    await fx.waitForRow(`SELECT 1 FROM cdr.known_sessions WHERE cpo_session_id = $1`, [offlineSession], 'session');
    await fx.waitForRow(
      `SELECT 1 FROM cdr.known_authorizations WHERE authorization_id = $1`,
      [authorizationId],
      'grant',
    );
    const cases = [
      [fx.cdr({ authorizationId }), 'AUTHORIZED'],
      [fx.cdr({ sessionId: offlineSession }), 'OFFLINE'],
      [fx.cdr({ sessionId: `S-${randomUUID()}` }), 'UNAUTHORIZED'],
    ] as const;
    for (const [cdr, mode] of cases) {
      expect((await fx.postCdr(cpoKey, cdr)).status).toBe(201);
      expect((await get(emspKey, cdr.cdrId)).body.authorizationMode).toBe(mode);
      const pushed = await fx.waitForPublished(
        EVSP_TOPIC,
        (b) => b.type === 'CdrForwarded' && b.data.cdrId === cdr.cdrId,
      );
      expect(JSON.parse(pushed.rawValue).data).toMatchObject({ authorizationMode: mode, timeZone: 'Europe/Berlin' });
    }
  });

  it('checks the price with the agreed tariff: MATCHED, or forwarded and flagged CdrPriceDeviation (IEC 63119 6.4.2)', async () => {
    await fx.site('DEPRC', 'SITE-P', ['DE*PRC*E1*1'], 22_000);
    const cpo = await fx.partnerWithKey('cpo-prc', ['cpo'], ['DEPRC']);
    await fx.agreement('agr-prc-8aa', 'DEPRC', 'DE8AA');
    await fx.publishRegistry('TariffPublished', {
      cpoPartyId: 'DEPRC',
      tariffId: 'PUB',
      version: 1,
      audience: 'public',
      validFrom: '2026-01-01T00:00:00.000Z',
      tariff: {
        currency: 'EUR',
        vatPercent: '19',
        elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
      },
    });
    await fx.waitForRow(`SELECT 1 FROM cdr.registry_tariffs WHERE cpo_party_id = 'DEPRC'`, [], 'tariff');
    const fair = fx.cdr({ evseId: 'DE*PRC*E1*1', totalCost: { amount: '7.85', currency: 'EUR' } });
    expect((await fx.postCdr(cpo, fair)).status).toBe(201);
    const fairDetails = await fx.http
      .get(`/v1/cdrs/${fair.cdrId}`)
      .query({ cpoPartyId: 'DEPRC' })
      .set('Authorization', `Bearer ${emspKey}`);
    expect(fairDetails.body.priceCheck).toMatchObject({ status: 'MATCHED', hubTotal: { amount: '7.85' } });
    const dear = fx.cdr({ evseId: 'DE*PRC*E1*1', totalCost: { amount: '9.68', currency: 'EUR' } });
    expect((await fx.postCdr(cpo, dear)).status).toBe(201);
    const flag = await fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'CdrPriceDeviation' && b.data.cdrId === dear.cdrId,
    );
    expect(JSON.parse(flag.rawValue).data.check).toMatchObject({
      status: 'DEVIATION',
      hubTotal: { amount: '7.85', currency: 'EUR' },
      cpoTotal: { amount: '9.6800', currency: 'EUR' },
      difference: '1.8300',
    });
    // Without a tariff (DEABC publishes none): forwarded, NOT_CHECKED with the reason.
    const unpriced = fx.cdr();
    expect((await fx.postCdr(cpoKey, unpriced)).status).toBe(201);
    expect((await get(emspKey, unpriced.cdrId)).body.priceCheck).toMatchObject({ status: 'NOT_CHECKED' });
  });

  it("refuses another CPO's EVSE with 403 and records the attempt", async () => {
    const cdr = fx.cdr();
    const res = await fx.postCdr(otherCpoKey, cdr);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('EVSE_NOT_OWNED');
    const { rows } = await fx.db.query<{ data: { cdrId: string; operatorPartyId: string } }>(
      `SELECT data FROM es.events WHERE category = 'cdrRefusal' AND data->>'cdrId' = $1`,
      [cdr.cdrId],
    );
    expect(rows).toEqual([{ data: expect.objectContaining({ cdrId: cdr.cdrId, operatorPartyId: 'DEABC' }) }]);
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual([]);
  });

  it('POST /v1/cdrs/batch answers per record: ACCEPTED, DUPLICATE, REJECTED with violations', async () => {
    const accepted = fx.cdr();
    expect((await fx.postCdr(cpoKey, accepted)).status).toBe(201);
    const fresh = fx.cdr();
    const res = await fx.http
      .post('/v1/cdrs/batch')
      .set('Authorization', `Bearer ${cpoKey}`)
      .send({
        records: [
          fresh,
          accepted,
          fx.cdr({ energyWh: 99_000 }),
          { ...fx.cdr(), emaid: 'DE-8AA-001234567-1' },
          fx.cdr({ evseId: 'DE*XYZ*E1*1' }),
          { cdrId: 'only-an-id' },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'ACCEPTED',
      'DUPLICATE',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
    ]);
    expect(res.body.results[2].violations[0].code).toBe('CDR_IMPLAUSIBLE_ENERGY');
    expect(res.body.results[3].violations[0].code).toBe('EMAID_CHECK_DIGIT');
    expect(res.body.results[4].violations[0].code).toBe('EVSE_NOT_OWNED');
    expect(res.body.results[5].violations.length).toBeGreaterThan(3);
    const oversized = await fx.http
      .post('/v1/cdrs/batch')
      .set('Authorization', `Bearer ${cpoKey}`)
      .send({ records: Array.from({ length: 501 }, () => fx.cdr()) });
    expect(oversized.status).toBe(400);
  });

  it('Kafka: a poison message goes to the DLQ and the records around it are decided (receipts on the CPO topic)', async () => {
    const good = fx.cdr();
    const bad = fx.cdr({ energyWh: 99_000 });
    const poisonId = randomUUID();
    // Signed by the CPO's producer: the poison is a body the door cannot read, not a forgery.
    const signed = (value: unknown, messageId?: string) =>
      fx.partnerMessage(cpoKey, { topic: TOPICS.b2bCdrsInbound, key: 'DEABC', value, messageId });
    await fx.bus.publish([signed(good), signed('not a cdr', poisonId), signed(bad)]);
    await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'CdrForwarded' && b.data.cdrId === good.cdrId);
    const receipt = await fx.waitForPublished(CPO_TOPIC, (b) => b.type === 'CdrRejected' && b.data.cdrId === bad.cdrId);
    expect(JSON.parse(receipt.rawValue).data.violations).toEqual([
      expect.objectContaining({ code: 'CDR_IMPLAUSIBLE_ENERGY', field: 'energyWh' }),
    ]);
    expect(fx.bus.deadLetters(DLQ).some((m) => m.headers[HEADER.messageId] === poisonId)).toBe(true);
  });
});
