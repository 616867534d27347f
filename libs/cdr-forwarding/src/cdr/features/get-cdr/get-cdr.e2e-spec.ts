import { CdrForwardingApiFixture } from '../../../testing/cdr-forwarding-api.fixture';

/** GET /v1/cdrs/:cdrId — one CDR for the CPO that sent it or the EVSP it went to (IEC 63119-2 UC3-9, GeM 1511). */
describe('GET /v1/cdrs/:cdrId (IEC 63119-2 UC3-9, GeM UC 1511)', () => {
  let fx: CdrForwardingApiFixture;
  let cpoKey: string;
  let otherCpoKey: string;
  let emspKey: string;
  let otherEmspKey: string;

  beforeAll(async () => {
    fx = await CdrForwardingApiFixture.start();
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    otherCpoKey = await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']);
    emspKey = await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']);
    otherEmspKey = await fx.partnerWithKey('emsp-tnm', ['emsp'], ['NLTNM']);
    await fx.agreement('agr-abc-8aa', 'DEABC', 'DE8AA');
  });

  afterAll(async () => {
    await fx?.close();
  });

  const get = (key: string, cdrId: string, cpoPartyId = 'DE*ABC') =>
    fx.http
      .get(`/v1/cdrs/${encodeURIComponent(cdrId)}`)
      .query({ cpoPartyId })
      .set('Authorization', `Bearer ${key}`);

  it('shows a forwarded CDR to the EVSP it was forwarded to and to the CPO that sent it', async () => {
    const cdr = fx.cdr();
    expect((await fx.postCdr(cpoKey, cdr)).status).toBe(201);
    for (const key of [emspKey, cpoKey]) {
      const res = await get(key, cdr.cdrId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        cdrId: cdr.cdrId,
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        status: 'FORWARDED',
        receivedAt: '2026-03-01T12:00:00.000Z',
        forwardedAt: '2026-03-01T12:00:00.000Z',
        rejection: null,
      });
    }
  });

  it('shows the CPO its rejected CDR with the code and reason, and hides it from the EVSP', async () => {
    const cdr = fx.cdr({ energyWh: 5_000_000 });
    expect((await fx.postCdr(cpoKey, cdr)).status).toBe(422);
    const own = await get(cpoKey, cdr.cdrId, 'DEABC');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      status: 'REJECTED',
      forwardedAt: null,
      rejection: { code: 'CDR_IMPLAUSIBLE_ENERGY', reason: expect.any(String), rejectedAt: '2026-03-01T12:00:00.000Z' },
    });
    expect((await get(emspKey, cdr.cdrId)).status).toBe(404);
  });

  it('answers 404 CDR_NOT_FOUND to other parties and for unknown ids', async () => {
    const cdr = fx.cdr();
    expect((await fx.postCdr(cpoKey, cdr)).status).toBe(201);
    for (const key of [otherEmspKey, otherCpoKey]) {
      const res = await get(key, cdr.cdrId);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('CDR_NOT_FOUND');
    }
    expect((await get(cpoKey, 'no-such-cdr')).status).toBe(404);
  });

  it('answers 400 for a missing or malformed cpoPartyId', async () => {
    const missing = await fx.http.get('/v1/cdrs/x').set('Authorization', `Bearer ${cpoKey}`);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('REQUEST_INVALID');
    const malformed = await get(cpoKey, 'x', 'D-1');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('PARTY_ID_INVALID');
  });
});
