import { CdrForwardingApiFixture } from '../../../testing/cdr-forwarding-api.fixture';

const PROBLEM_JSON = /^application\/problem\+json/;

/**
 * POST /v1/cdrs — IEC 63119-2 UC3-9 (SDR information exchange), eMI3 UC 200 steps 15.1/16.1 (CPO → MCH → EVSP),
 * GeM 984 / BPD 1452 / UC 1511 (the clearing house validates the CDR and forwards it to the customer's EVSP).
 */
describe('POST /v1/cdrs (IEC 63119-2 UC3-9, eMI3 UC 200 15.1/16.1, GeM 984)', () => {
  let fx: CdrForwardingApiFixture;
  let cpoKey: string;
  let emspKey: string;
  let otherCpoKey: string;

  beforeAll(async () => {
    fx = await CdrForwardingApiFixture.start();
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    emspKey = await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']);
    otherCpoKey = await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']);
    await fx.agreement('agr-abc-8aa', 'DEABC', 'DE8AA');
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('forwards a plausible CDR to the EVSP of the contract (201), which then lists it (GeM 984, eMI3 UC 200 16.1)', async () => {
    const cdr = fx.cdr({ authorizationId: 'auth-1' });
    const res = await fx.postCdr(cpoKey, cdr);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ cdrId: cdr.cdrId, status: 'FORWARDED', emspPartyId: 'DE8AA' });
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrForwarded']);

    await fx.waitForForwarded('DEABC', cdr.cdrId);
    const list = await fx.listCdrs(emspKey, { limit: 2000 });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        cdrId: cdr.cdrId,
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        evseId: 'DE*ABC*E1001*1',
        emaid: 'DE8AA0012345670',
        tokenUid: '04A2B3C4D5E6F7',
        authorizationId: 'auth-1',
        startedAt: '2026-03-01T10:00:00.000Z',
        endedAt: '2026-03-01T11:00:00.000Z',
        energyWh: 22_000,
        totalCost: { amount: '9.6800', currency: 'EUR' },
        // No authorization of the hub is known for auth-1 here (GeM 1512): accepted, but marked.
        authorizationMode: 'UNAUTHORIZED',
        timeZone: 'Europe/Berlin',
      }),
    );
  });

  it('answers an identical re-send with 200 and the same body, recording nothing new (one record per session)', async () => {
    const cdr = fx.cdr();
    const first = await fx.postCdr(cpoKey, cdr);
    expect(first.status).toBe(201);
    const before = await fx.cdrEventCount();

    const again = await fx.postCdr(cpoKey, {
      ...cdr,
      evseId: 'de*abc*e1001*1',
      totalCost: { amount: '9.680', currency: 'EUR' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await fx.cdrEventCount()).toBe(before);
  });

  it('refuses the same CDR id with other content: 409 CDR_DUPLICATE_DIFFERENT, nothing recorded', async () => {
    const cdr = fx.cdr();
    expect((await fx.postCdr(cpoKey, cdr)).status).toBe(201);
    const res = await fx.postCdr(cpoKey, { ...cdr, energyWh: 23_000 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CDR_DUPLICATE_DIFFERENT', differingFields: ['energyWh'] });
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrForwarded']);
  });

  it('rejects a CDR without a roaming agreement: 422 CDR_NO_AGREEMENT, recorded for the audit trail (GeM 1270)', async () => {
    // NL-TNM is an active EVSP partner, but DEABC has no agreement with it.
    await fx.partnerWithKey('emsp-tnm', ['emsp'], ['NLTNM']);
    const cdr = fx.cdr({ emaid: 'NL-TNM-C00122045-K' });
    const res = await fx.postCdr(cpoKey, cdr);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ status: 422, code: 'CDR_NO_AGREEMENT', cdrId: cdr.cdrId, cpoPartyId: 'DEABC' });
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrReceived', 'CdrRejected']);

    const again = await fx.postCdr(cpoKey, cdr);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('CDR_NO_AGREEMENT');
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrReceived', 'CdrRejected']);
  });

  it('forwards a rejected CDR when it is sent again after the missing agreement became known', async () => {
    await fx.partnerWithKey('emsp-evb', ['emsp'], ['NLEVB']);
    const cdr = fx.cdr({ emaid: 'NL-EVB-000000001' });
    expect((await fx.postCdr(cpoKey, cdr)).body.code).toBe('CDR_NO_AGREEMENT');
    await fx.agreement('agr-abc-evb', 'DEABC', 'NLEVB');
    const res = await fx.postCdr(cpoKey, cdr);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ cdrId: cdr.cdrId, status: 'FORWARDED', emspPartyId: 'NLEVB' });
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrReceived', 'CdrRejected', 'CdrForwarded']);
  });

  it.each([
    ['CDR_UNKNOWN_PROVIDER', { emaid: 'FR-XYZ-123456789-2' }],
    ['CDR_END_BEFORE_START', { endedAt: '2026-03-01T09:00:00Z', energyWh: 0 }],
    ['CDR_IMPLAUSIBLE_ENERGY', { energyWh: 1_000_001 }],
    ['CDR_NEGATIVE_COST', { totalCost: { amount: '-5.00', currency: 'EUR' } }],
  ])('answers 422 %s for a business refusal (GeM UC 1511 failure b)', async (code, change) => {
    const res = await fx.postCdr(cpoKey, fx.cdr(change));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
  });

  it('answers 422 CDR_PROVIDER_SUSPENDED while the EVSP is suspended', async () => {
    await fx.partnerWithKey('emsp-sus', ['emsp'], ['ATSUS']);
    await fx.agreement('agr-abc-sus', 'DEABC', 'ATSUS');
    await fx.publishRegistry('PartnerStatusChanged', { partnerId: 'emsp-sus', status: 'suspended' });
    await fx.waitForRow(
      `SELECT 1 FROM cdr.registry_partners WHERE partner_id = 'emsp-sus' AND status = 'suspended'`,
      [],
      'emsp-sus suspended',
    );
    const res = await fx.postCdr(cpoKey, fx.cdr({ emaid: 'AT-SUS-000000001' }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CDR_PROVIDER_SUSPENDED');
  });

  it('answers 400 EMAID_CHECK_DIGIT for a malformed eMA id and records nothing', async () => {
    const before = await fx.cdrEventCount();
    const res = await fx.postCdr(cpoKey, fx.cdr({ emaid: 'DE-8AA-001234567-1' }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ code: 'EMAID_CHECK_DIGIT', errors: [{ field: 'emaid', rule: 'check-digit' }] });
    expect(await fx.cdrEventCount()).toBe(before);
  });

  it.each([
    ['EVSE_ID_INVALID', 'evseId', { evseId: 'DE*ABC*1001' }],
    ['TOKEN_UID_INVALID', 'tokenUid', { tokenUid: 'not-hex' }],
    ['MONEY_INVALID', 'totalCost.currency', { totalCost: { amount: '1.00', currency: 'XXY' } }],
    ['CDR_TIMESTAMP_INVALID', 'startedAt', { startedAt: '2026-03-01 10:00' }],
  ])('answers 400 %s on %s and records nothing', async (code, field, change) => {
    const before = await fx.cdrEventCount();
    const res = await fx.postCdr(cpoKey, fx.cdr(change));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(await fx.cdrEventCount()).toBe(before);
  });

  it('answers 400 REQUEST_INVALID naming missing and unknown fields', async () => {
    const { energyWh: _omitted, ...withoutEnergy } = fx.cdr();
    const res = await fx.postCdr(cpoKey, { ...withoutEnergy, meterId: 'M-1' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST_INVALID');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['energyWh', 'meterId']));
  });

  it('answers 403 EVSE_NOT_OWNED when the EVSE belongs to another operator, and records nothing', async () => {
    const before = await fx.cdrEventCount();
    const res = await fx.postCdr(otherCpoKey, fx.cdr());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'EVSE_NOT_OWNED', errors: [{ field: 'evseId', rule: 'own-evse' }] });
    expect(await fx.cdrEventCount()).toBe(before);
  });

  it('answers 403 ROLE_REQUIRED to an EVSP and 401 without a key', async () => {
    expect((await fx.postCdr(emspKey, fx.cdr())).body.code).toBe('ROLE_REQUIRED');
    const anonymous = await fx.http.post('/v1/cdrs').send(fx.cdr());
    expect(anonymous.status).toBe(401);
  });
});
