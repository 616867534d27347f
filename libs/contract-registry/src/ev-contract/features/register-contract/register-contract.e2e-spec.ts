import { RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

describe('POST /v1/contracts (GeM UC 1514, FTR 983; IEC 63119 UC4-2; eMI3 AA anonymous eMA ID)', () => {
  let fx: RegistryApiFixture;
  let evsp: TestPartner;
  let otherEvsp: TestPartner;
  let cpo: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    otherEvsp = await fx.partner('Other Provider', ['emsp'], ['NLXYZ']);
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
  });
  afterAll(() => fx.close());

  const register = (body: object, apiKey = evsp.apiKey) =>
    fx.http().post('/v1/contracts').set('X-API-Key', apiKey).send(body);
  const contract = {
    emaid: 'nl-evb-c00000001-i',
    tokens: [
      { uid: '04:a2:b3:c4:d5:e6:f7', type: 'RFID' },
      { uid: 'NL-EVB-C00000001-I', type: 'PLUG_AND_CHARGE' },
    ],
    validUntil: '2028-01-01T00:00:00Z',
  };

  it('registers a contract with normalised EMAID and token uids, all tokens active', async () => {
    const res = await register(contract);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      emaid: 'NLEVBC00000001I',
      emspPartyId: 'NLEVB',
      status: 'active',
      validUntil: '2028-01-01T00:00:00.000Z',
      expired: false,
      allowedServices: null,
      allowOffline: true,
      tokens: [
        { uid: '04A2B3C4D5E6F7', type: 'RFID', status: 'active', contractCertificateId: null },
        { uid: 'NLEVBC00000001I', type: 'PLUG_AND_CHARGE', status: 'active', contractCertificateId: null },
      ],
      registeredAt: '2026-03-01T10:00:00.000Z',
    });
    const events = await fx.streamEvents('evContract-NLEVBC00000001I');
    expect(events.map((e) => e.type)).toEqual(['EvContractRegistered']);
    expect(events[0].metadata).toMatchObject({ actor: 'NLEVB' });
    expect(await fx.tokenClaim('NLEVB', '04A2B3C4D5E6F7')).toBe('NLEVBC00000001I');
  });

  it('answers 201 without appending when the identical contract is registered again', async () => {
    const before = await fx.eventCount();
    const res = await register({ ...contract, tokens: [...contract.tokens].reverse() });
    expect(res.status).toBe(201);
    expect(res.body.emaid).toBe('NLEVBC00000001I');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 409 CONTRACT_EXISTS for different details under a registered EMAID, appending nothing', async () => {
    const before = await fx.eventCount();
    const res = await register({ ...contract, tokens: [{ uid: 'CAFEBABE', type: 'RFID' }] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONTRACT_EXISTS');
    expect(await fx.eventCount()).toBe(before);
    expect(await fx.tokenClaim('NLEVB', 'CAFEBABE')).toBeNull();
  });

  it('answers 409 TOKEN_UID_TAKEN for a card already on another contract of the same EVSP, appending nothing', async () => {
    const before = await fx.eventCount();
    const res = await register({
      emaid: 'NLEVBC00000002O',
      tokens: [
        { uid: 'app-7', type: 'APP' },
        { uid: '04 A2 B3 C4 D5 E6 F7', type: 'RFID' },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'TOKEN_UID_TAKEN',
      errors: [expect.objectContaining({ field: 'tokens.1.uid' })],
    });
    expect(res.body.detail).not.toContain('04A2B3C4D5E6F7');
    expect(await fx.eventCount()).toBe(before);
  });

  it('lets another EVSP use the same card uid for its own contract (uniqueness is per EVSP)', async () => {
    const res = await register(
      { emaid: 'NLXYZC00000001R', tokens: [{ uid: '04A2B3C4D5E6F7', type: 'RFID' }] },
      otherEvsp.apiKey,
    );
    expect(res.status).toBe(201);
    expect(res.body.validUntil).toBeNull();
  });

  it("answers 403 PARTY_SCOPE when the EMAID's provider is not one of the caller's parties", async () => {
    const before = await fx.eventCount();
    const res = await register({ emaid: 'NLXYZC00000002', tokens: [{ uid: 'DEADBEEF', type: 'RFID' }] });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'PARTY_SCOPE', partyId: 'NLXYZ' });
    expect(await fx.eventCount()).toBe(before);
  });

  it('registers app/QR and Plug & Charge tokens with a contract certificate reference, services and offline flag', async () => {
    const res = await register({
      emaid: 'NLEVBC00000004',
      status: 'active',
      allowedServices: ['DC_CHARGING', 'CHARGING'],
      allowOffline: false,
      tokens: [
        { uid: 'qr-7f3a9c', type: 'APP' },
        { uid: 'NLEVBC00000004', type: 'PLUG_AND_CHARGE', contractCertificateId: 'V2G-CC-0000042' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      allowedServices: ['CHARGING', 'DC_CHARGING'],
      allowOffline: false,
      tokens: [
        { uid: 'qr-7f3a9c', type: 'APP', status: 'active', contractCertificateId: null },
        { type: 'PLUG_AND_CHARGE', contractCertificateId: 'V2G-CC-0000042' },
      ],
    });
  });

  it('answers 409 CONTRACTS_KEPT_AT_HOME for an EVSP that keeps its contracts at home (IEC 63119 UC4-1)', async () => {
    const home = await fx.partner('Home EVSP', ['emsp'], ['BEHOM']);
    await fx
      .http()
      .put('/v1/partner/endpoints')
      .set('X-API-Key', home.apiKey)
      .send({ storesContractsAtHub: false, authorizationUrl: 'https://home.example/authorize' })
      .expect(200);
    const before = await fx.eventCount();
    const res = await register({ emaid: 'BE-HOM-C00000001', tokens: [{ uid: '0A0B0C0D', type: 'RFID' }] }, home.apiKey);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONTRACTS_KEPT_AT_HOME');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 403 ROLE_REQUIRED for a CPO', async () => {
    const res = await register(contract, cpo.apiKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });

  describe('bad input answers 400 and appends nothing', () => {
    const base = { emaid: 'NLEVBC00000003', tokens: [{ uid: '0A0B0C0D', type: 'RFID' }] };
    it.each([
      ['a malformed EMAID', { emaid: 'NL-EVB-42' }, 'EMAID_INVALID', 'emaid'],
      ['a wrong check digit', { emaid: 'NLEVBC00000001X' }, 'EMAID_CHECK_DIGIT', 'emaid'],
      ['no tokens', { tokens: [] }, 'REQUEST_INVALID', 'tokens'],
      ['an unknown token type', { tokens: [{ uid: '0A0B0C0D', type: 'BARCODE' }] }, 'REQUEST_INVALID', 'tokens.0.type'],
      [
        'an RFID uid that is not hex',
        { tokens: [{ uid: 'ZZZZZZZZ', type: 'RFID' }] },
        'TOKEN_UID_INVALID',
        'tokens.0.uid',
      ],
      [
        'the same card twice',
        {
          tokens: [
            { uid: '0A0B0C0D', type: 'RFID' },
            { uid: '0a:0b:0c:0d', type: 'RFID' },
          ],
        },
        'TOKEN_UID_DUPLICATE',
        'tokens.1.uid',
      ],
      [
        "a Plug & Charge token that is not the contract's EMAID",
        { tokens: [{ uid: 'NLEVBC00000001I', type: 'PLUG_AND_CHARGE' }] },
        'TOKEN_UID_INVALID',
        'tokens.0.uid',
      ],
      ['a validity already ended', { validUntil: '2026-02-01T00:00:00Z' }, 'CONTRACT_VALIDITY_INVALID', 'validUntil'],
      ['driver personal data', { driverName: 'Jane Doe' }, 'REQUEST_INVALID', 'driverName'],
      ['an unknown service', { allowedServices: ['TELEPORT'] }, 'REQUEST_INVALID', 'allowedServices'],
      [
        'a certificate on an RFID token',
        { tokens: [{ uid: '0A0B0C0D', type: 'RFID', contractCertificateId: 'CERT-1' }] },
        'CONTRACT_CERTIFICATE_INVALID',
        'tokens.0.contractCertificateId',
      ],
    ])('%s', async (_case, change, code, field) => {
      const before = await fx.eventCount();
      const res = await register({ ...base, ...change });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await fx.eventCount()).toBe(before);
    });
  });
});
