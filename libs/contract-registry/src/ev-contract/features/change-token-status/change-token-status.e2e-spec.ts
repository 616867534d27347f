import { RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

describe('POST /v1/contracts/:emaid/tokens/:uid/block|unblock and GET /v1/contracts/:emaid (GeM UC 1502, FTR 983)', () => {
  let fx: RegistryApiFixture;
  let evsp: TestPartner;
  let otherEvsp: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    otherEvsp = await fx.partner('Other Provider', ['emsp'], ['NLXYZ']);
    const res = await fx
      .http()
      .post('/v1/contracts')
      .set('X-API-Key', evsp.apiKey)
      .send({
        emaid: 'NL-EVB-C00000001-I',
        tokens: [
          { uid: '04A2B3C4', type: 'RFID' },
          { uid: 'app-1', type: 'APP' },
        ],
      });
    expect(res.status).toBe(201);
  });
  afterAll(() => fx.close());

  const change = (action: 'block' | 'unblock', uid: string, apiKey = evsp.apiKey, emaid = 'NLEVBC00000001I') =>
    fx
      .http()
      .post(`/v1/contracts/${emaid}/tokens/${encodeURIComponent(uid)}/${action}`)
      .set('X-API-Key', apiKey);
  const get = (apiKey = evsp.apiKey, emaid = 'NLEVBC00000001I') =>
    fx.http().get(`/v1/contracts/${emaid}`).set('X-API-Key', apiKey);

  it("blocks a token (found by any spelling of its uid): 200 { status: 'blocked' }", async () => {
    const res = await change('block', '04:a2:b3:c4');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'blocked' });
    const read = await get();
    expect(read.body.tokens).toEqual([
      { uid: '04A2B3C4', type: 'RFID', status: 'blocked', contractCertificateId: null },
      { uid: 'app-1', type: 'APP', status: 'active', contractCertificateId: null },
    ]);
  });

  it('blocking again is a 200 that appends nothing', async () => {
    const before = await fx.eventCount();
    const res = await change('block', '04A2B3C4');
    expect(res.body).toEqual({ status: 'blocked' });
    expect(await fx.eventCount()).toBe(before);
  });

  it("unblocks it: 200 { status: 'active' }", async () => {
    const res = await change('unblock', '04A2B3C4');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'active' });
    const events = await fx.streamEvents('evContract-NLEVBC00000001I');
    expect(events.map((e) => e.type)).toEqual(['EvContractRegistered', 'TokenBlocked', 'TokenUnblocked']);
  });

  it('shows the owner its contract; other EVSPs get 403 PARTY_SCOPE for both reading and changing', async () => {
    const read = await get();
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      emaid: 'NLEVBC00000001I',
      emspPartyId: 'NLEVB',
      status: 'active',
      validUntil: null,
      expired: false,
      allowedServices: null,
      allowOffline: true,
      tokens: [
        { uid: '04A2B3C4', type: 'RFID', status: 'active', contractCertificateId: null },
        { uid: 'app-1', type: 'APP', status: 'active', contractCertificateId: null },
      ],
      registeredAt: '2026-03-01T10:00:00.000Z',
    });
    const before = await fx.eventCount();
    expect((await get(otherEvsp.apiKey)).body.code).toBe('PARTY_SCOPE');
    const foreign = await change('block', '04A2B3C4', otherEvsp.apiKey);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('PARTY_SCOPE');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 404 TOKEN_NOT_FOUND and CONTRACT_NOT_FOUND, appending nothing', async () => {
    const before = await fx.eventCount();
    const token = await change('block', 'DEADBEEF');
    expect(token.status).toBe(404);
    expect(token.body.code).toBe('TOKEN_NOT_FOUND');
    const contract = await change('block', '04A2B3C4', evsp.apiKey, 'NLEVBC00000002O');
    expect(contract.status).toBe(404);
    expect(contract.body.code).toBe('CONTRACT_NOT_FOUND');
    expect((await get(evsp.apiKey, 'NLEVBC00000002O')).status).toBe(404);
    expect(await fx.eventCount()).toBe(before);
  });

  it('reports a token stolen; a stolen token is neither blocked nor unblocked (GeM UC 1502)', async () => {
    const stolen = await fx
      .http()
      .put('/v1/contracts/NLEVBC00000001I/tokens/app-1/status')
      .set('X-API-Key', evsp.apiKey)
      .send({ status: 'stolen' });
    expect(stolen.status).toBe(200);
    expect(stolen.body).toEqual({ status: 'stolen' });
    const before = await fx.eventCount();
    const unblock = await change('unblock', 'app-1');
    expect(unblock.status).toBe(409);
    expect(unblock.body.code).toBe('TOKEN_STATUS_CONFLICT');
    const bad = await fx
      .http()
      .put('/v1/contracts/NLEVBC00000001I/tokens/app-1/status')
      .set('X-API-Key', evsp.apiKey)
      .send({ status: 'lost' });
    expect(bad.status).toBe(400);
    expect(await fx.eventCount()).toBe(before);
    const events = await fx.streamEvents('evContract-NLEVBC00000001I');
    expect(events.at(-1)).toMatchObject({
      type: 'ContractTokenStatusChanged',
      data: { uid: 'app-1', previousStatus: 'active' },
    });
  });

  it('answers 400 EMAID_INVALID for a malformed EMAID in the path', async () => {
    const res = await change('block', '04A2B3C4', evsp.apiKey, 'not-an-emaid');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'EMAID_INVALID', errors: [expect.objectContaining({ field: 'emaid' })] });
  });
});
