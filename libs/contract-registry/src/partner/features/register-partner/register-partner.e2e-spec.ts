import { OPERATOR_KEY, RegistryApiFixture } from '../../../testing/registry-api.fixture';

describe('POST /v1/admin/partners (GeM UC 1374 create business partner account)', () => {
  let fx: RegistryApiFixture;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
  });
  afterAll(() => fx.close());

  const register = (body: object, idempotencyKey?: string) => {
    const req = fx.http().post('/v1/admin/partners').auth(OPERATOR_KEY, { type: 'bearer' });
    if (idempotencyKey) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body);
  };
  const valid = { name: 'Example Charging GmbH', roles: ['cpo'], partyIds: ['de*abc'], partnerContractVersion: 'PC-1' };

  it('registers a partner with normalised party ids and answers 201', async () => {
    const res = await register(valid);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      partnerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Example Charging GmbH',
      roles: ['cpo'],
      partyIds: ['DEABC'],
      status: 'active',
    });
    const events = await fx.streamEvents(`partner-${res.body.partnerId}`);
    expect(events.map((e) => e.type)).toEqual(['PartnerRegistered']);
    expect(events[0].metadata).toMatchObject({ actor: 'operator', correlationId: expect.any(String) });
    expect(await fx.streamEvents('partyClaim-DEABC')).toEqual([
      expect.objectContaining({
        type: 'PartyIdClaimed',
        data: expect.objectContaining({ partnerId: res.body.partnerId }),
      }),
    ]);
  });

  it('refuses a party id held by another partner with 409 PARTY_ID_TAKEN and appends nothing', async () => {
    const before = await fx.eventCount();
    const res = await register({ ...valid, name: 'Other', partyIds: ['NLXYZ', 'DE-ABC'] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'PARTY_ID_TAKEN', partyId: 'DEABC' });
    // The claim of NLXYZ made before DEABC was refused is rolled back with the rest.
    expect(await fx.eventCount()).toBe(before);
    expect(await fx.streamEvents('partyClaim-NLXYZ')).toEqual([]);
  });

  it('recovers a retried registration with the same Idempotency-Key', async () => {
    const body = { ...valid, name: 'Retry BV', roles: ['emsp', 'cpo'], partyIds: ['NL-RTY'] };
    const first = await register(body, 'onboarding-retry-1');
    const before = await fx.eventCount();
    const second = await register(body, 'onboarding-retry-1');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.body.roles).toEqual(['cpo', 'emsp']);
    expect(await fx.eventCount()).toBe(before);
  });

  it('refuses a different registration under a used Idempotency-Key with 409 PARTNER_ALREADY_REGISTERED', async () => {
    await register({ ...valid, name: 'Key Reuse', partyIds: ['BEKRU'] }, 'onboarding-reuse');
    const res = await register({ ...valid, name: 'Key Reuse 2', partyIds: ['BEKRU'] }, 'onboarding-reuse');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PARTNER_ALREADY_REGISTERED');
  });

  describe('bad input answers 400 and appends nothing', () => {
    it.each([
      ['no roles', { ...valid, roles: [] }, 'REQUEST_INVALID', 'roles'],
      ['an unknown role', { ...valid, roles: ['operator'] }, 'REQUEST_INVALID', 'roles'],
      ['no party ids', { ...valid, partyIds: [] }, 'PARTY_IDS_INVALID', 'partyIds'],
      [
        'an auditor that also operates EVSEs',
        { ...valid, roles: ['auditor', 'cpo'] },
        'PARTNER_ROLES_INVALID',
        'roles',
      ],
      ['an auditor acting for a party', { ...valid, roles: ['auditor'] }, 'PARTY_IDS_INVALID', 'partyIds'],
      ['a malformed party id', { ...valid, partyIds: ['DEABC', 'XX'] }, 'PARTY_ID_INVALID', 'partyIds.1'],
      ['a party id listed twice', { ...valid, partyIds: ['FRDUP', 'FR*DUP'] }, 'PARTY_IDS_INVALID', 'partyIds'],
      [
        'no accepted partner contract',
        { ...valid, partnerContractVersion: undefined },
        'REQUEST_INVALID',
        'partnerContractVersion',
      ],
      [
        'a blank partner contract version',
        { ...valid, partnerContractVersion: '  ' },
        'PARTNER_CONTRACT_VERSION_INVALID',
        'partnerContractVersion',
      ],
      ['an unknown field', { ...valid, email: 'ceo@example.com' }, 'REQUEST_INVALID', 'email'],
    ])('%s', async (_case, body, code, field) => {
      const before = await fx.eventCount();
      const res = await register(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await fx.eventCount()).toBe(before);
    });

    it('refuses a malformed Idempotency-Key', async () => {
      const res = await register({ ...valid, partyIds: ['ATIDK'] }, 'has spaces in it');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    });
  });

  it('onboards an auditor without party ids: its key reads its own account and may change nothing', async () => {
    const auditor = await fx.partner('Independent Audit AG', ['auditor'], []);
    const own = await fx.http().get('/v1/partner').auth(auditor.apiKey, { type: 'bearer' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ roles: ['auditor'], partyIds: [] });
    const before = await fx.eventCount();
    const write = await fx
      .http()
      .post('/v1/agreements')
      .auth(auditor.apiKey, { type: 'bearer' })
      .send({ emspPartyId: 'DEXYZ', validFrom: '2026-04-01T00:00:00Z' });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('ROLE_REQUIRED');
    expect(await fx.eventCount()).toBe(before);
  });

  it('onboards a grid operator (dso) with its party id (IEC 63119 UC3-10)', async () => {
    const res = await register({ ...valid, name: 'Netz Süd GmbH', roles: ['dso'], partyIds: ['DE*DSO'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ roles: ['dso'], partyIds: ['DEDSO'] });
  });

  it('answers 401 without a key and 403 ROLE_REQUIRED for a partner key', async () => {
    const anonymous = await fx.http().post('/v1/admin/partners').send(valid);
    expect(anonymous.status).toBe(401);
    const cpo = await fx.partner('Plain CPO', ['cpo'], ['ATCPO']);
    const res = await fx
      .http()
      .post('/v1/admin/partners')
      .auth(cpo.apiKey, { type: 'bearer' })
      .send({ ...valid, partyIds: ['ATNEW'] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });
});
