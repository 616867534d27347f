import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

describe('POST /v1/agreements (GeM UC 1497; eMI3 AA B2B contract between EVSE operator and EVSP)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let evsp: TestPartner;
  let frCpo: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    frCpo = await fx.partner('Second CPO', ['cpo'], ['FRCPO']);
  });
  afterAll(() => fx.close());

  const offer = (body: object, apiKey = cpo.apiKey, idempotencyKey?: string) => {
    const req = fx.http().post('/v1/agreements').set('X-API-Key', apiKey);
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };
  const y2026 = {
    cpoPartyId: 'DE*ABC',
    emspPartyId: 'NL-EVB',
    validFrom: '2026-04-01T00:00:00Z',
    validUntil: '2027-04-01T00:00:00Z',
  };

  it("offers an agreement: 201 with status 'offered', normalised parties and UTC instants", async () => {
    const res = await offer(y2026);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      agreementId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      status: 'offered',
      validFrom: '2026-04-01T00:00:00.000Z',
      validUntil: '2027-04-01T00:00:00.000Z',
      tariffId: null,
      timeoutPolicy: 'deny',
      pendingRequest: null,
    });
    expect(await fx.streamEvents('agreementPair-DEABC+NLEVB')).toEqual([
      expect.objectContaining({
        type: 'AgreementPeriodReserved',
        data: expect.objectContaining({ agreementId: res.body.agreementId }),
      }),
    ]);
  });

  it('refuses an overlapping offer for the same pair with 409 AGREEMENT_OVERLAP and appends nothing', async () => {
    const before = await fx.eventCount();
    const res = await offer({ ...y2026, validFrom: '2027-01-01T00:00:00Z', validUntil: undefined });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'AGREEMENT_OVERLAP', conflictingAgreementId: expect.any(String) });
    expect(await fx.eventCount()).toBe(before);
  });

  it('accepts a following period for the same pair (validity is half-open)', async () => {
    const res = await offer({ ...y2026, validFrom: '2027-04-01T00:00:00Z', validUntil: undefined });
    expect(res.status).toBe(201);
    expect(res.body.validUntil).toBeNull();
  });

  it('returns the first agreement when retried with the same Idempotency-Key', async () => {
    const body = { cpoPartyId: 'FRCPO', emspPartyId: 'NLEVB', validFrom: '2026-04-01T00:00:00Z' };
    const first = await offer(body, frCpo.apiKey, 'offer-fr-1');
    const before = await fx.eventCount();
    const second = await offer(body, frCpo.apiKey, 'offer-fr-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 403 PARTY_SCOPE when the caller does not act for cpoPartyId', async () => {
    const before = await fx.eventCount();
    const res = await offer({ ...y2026, cpoPartyId: 'FRCPO' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PARTY_SCOPE');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 403 ROLE_REQUIRED for an EVSP key', async () => {
    const res = await offer(y2026, evsp.apiKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });

  it('answers 404 PARTY_NOT_FOUND for an unregistered EVSP and 409 PARTY_ROLE_MISMATCH for a CPO', async () => {
    const before = await fx.eventCount();
    const unknown = await offer({ ...y2026, emspPartyId: 'BEXXX' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'PARTY_NOT_FOUND', partyId: 'BEXXX' });
    const notEvsp = await offer({ ...y2026, emspPartyId: 'FRCPO' });
    expect(notEvsp.status).toBe(409);
    expect(notEvsp.body.code).toBe('PARTY_ROLE_MISMATCH');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 409 COUNTERPARTY_SUSPENDED for a suspended EVSP', async () => {
    const suspended = await fx.partner('Suspended EVSP', ['emsp'], ['ATSUS']);
    await fx.http().post(`/v1/admin/partners/${suspended.partnerId}/suspend`).auth(OPERATOR_KEY, { type: 'bearer' });
    const res = await offer({ ...y2026, emspPartyId: 'ATSUS' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('COUNTERPARTY_SUSPENDED');
  });

  describe('bad input answers 400 and appends nothing', () => {
    it.each([
      ['validUntil before validFrom', { validUntil: '2026-03-31T00:00:00Z' }, 'AGREEMENT_PERIOD_INVALID', 'validUntil'],
      [
        'validUntil already past',
        { validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' },
        'AGREEMENT_PERIOD_INVALID',
        'validUntil',
      ],
      ['a date without time', { validFrom: '2026-04-01' }, 'AGREEMENT_PERIOD_INVALID', 'validFrom'],
      ['not a date', { validFrom: 'next week' }, 'REQUEST_INVALID', 'validFrom'],
      ['a malformed party id', { emspPartyId: 'NL' }, 'PARTY_ID_INVALID', 'emspPartyId'],
      ['an agreement with itself', { emspPartyId: 'DEABC' }, 'AGREEMENT_PARTIES_INVALID', 'emspPartyId'],
      ['an unknown field', { tariff: 'cheap' }, 'REQUEST_INVALID', 'tariff'],
    ])('%s', async (_case, change, code, field) => {
      const before = await fx.eventCount();
      const res = await offer({ ...y2026, ...change });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await fx.eventCount()).toBe(before);
    });
  });
});
