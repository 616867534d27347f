import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

describe('POST /v1/agreements/:id/accept and GET /v1/agreements/:id (GeM UC 1485, UC 1479)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let evsp: TestPartner;
  let stranger: TestPartner;
  let agreementId: string;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    stranger = await fx.partner('Other Provider', ['emsp', 'cpo'], ['BEOTH']);
    const offered = await fx.http().post('/v1/agreements').set('X-API-Key', cpo.apiKey).send({
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      validFrom: '2026-04-01T00:00:00Z',
      validUntil: '2026-06-01T00:00:00Z',
    });
    agreementId = offered.body.agreementId;
  });
  afterAll(() => fx.close());

  const accept = (id: string, apiKey: string) => fx.http().post(`/v1/agreements/${id}/accept`).set('X-API-Key', apiKey);
  const get = (id: string, apiKey: string) => fx.http().get(`/v1/agreements/${id}`).set('X-API-Key', apiKey);

  it('answers 404 AGREEMENT_NOT_FOUND to a party that is not in the agreement', async () => {
    const before = await fx.eventCount();
    expect((await accept(agreementId, stranger.apiKey)).body.code).toBe('AGREEMENT_NOT_FOUND');
    const read = await get(agreementId, stranger.apiKey);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('AGREEMENT_NOT_FOUND');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 403 ROLE_REQUIRED when the offering CPO tries to accept', async () => {
    const res = await accept(agreementId, cpo.apiKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });

  it('answers 403 PARTY_SCOPE when a CPO holding the emsp role too tries to accept its own offer', async () => {
    const own = await fx
      .http()
      .post('/v1/agreements')
      .set('X-API-Key', stranger.apiKey)
      .send({ cpoPartyId: 'BEOTH', emspPartyId: 'NLEVB', validFrom: '2026-04-01T00:00:00Z' });
    expect(own.status).toBe(201);
    const before = await fx.eventCount();
    const res = await accept(own.body.agreementId, stranger.apiKey);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'PARTY_SCOPE', partyId: 'NLEVB' });
    expect(await fx.eventCount()).toBe(before);
  });

  it("lets the EVSP accept: 200 with status 'active'; accepting again is idempotent", async () => {
    const res = await accept(agreementId, evsp.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      agreementId,
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      status: 'active',
      validFrom: '2026-04-01T00:00:00.000Z',
      validUntil: '2026-06-01T00:00:00.000Z',
      tariffId: null,
      timeoutPolicy: 'deny',
      pendingRequest: null,
    });
    const before = await fx.eventCount();
    const again = await accept(agreementId, evsp.apiKey);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('active');
    expect(await fx.eventCount()).toBe(before);
  });

  it('shows either party the agreement with its history (type, at, actor, details)', async () => {
    for (const party of [cpo, evsp]) {
      const res = await get(agreementId, party.apiKey);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        agreementId,
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        status: 'active',
        validFrom: '2026-04-01T00:00:00.000Z',
        validUntil: '2026-06-01T00:00:00.000Z',
        tariffId: null,
        timeoutPolicy: 'deny',
        pendingRequest: null,
        offeredAt: '2026-03-01T10:00:00.000Z',
        acceptedAt: '2026-03-01T10:00:00.000Z',
        suspendedBy: null,
        endedAt: null,
        history: [
          { type: 'RoamingAgreementOffered', at: '2026-03-01T10:00:00.000Z', actor: 'DEABC', details: {} },
          { type: 'RoamingAgreementAccepted', at: '2026-03-01T10:00:00.000Z', actor: 'NLEVB', details: {} },
        ],
      });
    }
    const operator = await get(agreementId, OPERATOR_KEY);
    expect(operator.status).toBe(200);
  });

  it('answers 409 AGREEMENT_NOT_OFFERED for an offer whose period ran out before acceptance', async () => {
    const lapsing = await fx.http().post('/v1/agreements').set('X-API-Key', cpo.apiKey).send({
      cpoPartyId: 'DEABC',
      emspPartyId: 'NLEVB',
      validFrom: '2026-07-01T00:00:00Z',
      validUntil: '2026-08-01T00:00:00Z',
    });
    expect(lapsing.status).toBe(201);
    fx.clock.set('2026-08-02T00:00:00Z');
    try {
      const before = await fx.eventCount();
      const res = await accept(lapsing.body.agreementId, evsp.apiKey);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('AGREEMENT_NOT_OFFERED');
      expect(await fx.eventCount()).toBe(before);
    } finally {
      fx.clock.set('2026-03-01T10:00:00.000Z');
    }
  });

  it('answers 404 for an unknown agreement and 400 AGREEMENT_ID_INVALID for a malformed id', async () => {
    const unknown = await accept('00000000-0000-4000-8000-00000000dead', evsp.apiKey);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('AGREEMENT_NOT_FOUND');
    const malformed = await get('42', evsp.apiKey);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('AGREEMENT_ID_INVALID');
  });
});
