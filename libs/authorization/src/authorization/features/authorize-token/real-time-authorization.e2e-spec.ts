import request from 'supertest';
import { AuthorizationApiFixture } from '../../../testing/authorization-api.fixture';
import { TestPartnerEndpoint } from '../../../testing/test-partner-endpoint';

const HOME_EMAID = 'FRHOMC12345678V';

/**
 * IEC 63119-2 UC4-1 (online identification answered by the home CSP) and GeM 982 ("if an EVSP is not willing to
 * store the needed contractual information in the clearing house, the CH will send a request directly to them"):
 * the hub asks the EVSP's endpoint, a real local HTTP server that answers, answers late, or fails.
 */
describe('POST /v1/authorizations decided by a home EVSP in real time (IEC 63119-2 UC4-1; GeM 982)', () => {
  let api: AuthorizationApiFixture;
  let evsp: TestPartnerEndpoint;
  let cpoKey: string;

  beforeAll(async () => {
    evsp = await TestPartnerEndpoint.start();
    api = await AuthorizationApiFixture.start(undefined, { breakerFailureThreshold: 3, breakerOpenMs: 60_000 });
    cpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    // FRHOM keeps its contracts at home and says no when it is silent; FROFF lets its customers charge then.
    for (const [partnerId, party, policy] of [
      ['emsp-home', 'FRHOM', 'deny'],
      ['emsp-offline', 'FROFF', 'allow-offline'],
    ] as const) {
      await api.partnerWithKey(partnerId, ['emsp'], [party]);
      await api.endpoints(partnerId, {
        authorizationUrl: evsp.url,
        contractsStoredAtHub: false,
        authorizationTimeoutMs: 300,
      });
      await api.agreement(`agreement-${party}`, 'DEABC', party, 'active', { timeoutPolicy: policy });
    }
    // The hub routes this card to FRHOM by its token record, but FRHOM decides.
    await api.token('04AA000001', HOME_EMAID, 'FRHOM');
    await api.token('04AA000002', HOME_EMAID, 'FRHOM', 'blocked');
  });

  afterAll(async () => {
    await api?.close();
    await evsp?.close();
  });

  const authorize = (token: { uid: string; type: string }) =>
    request(api.server)
      .post('/v1/authorizations')
      .set('Authorization', `Bearer ${cpoKey}`)
      .send({ evseId: 'DE*ABC*E1', token });

  it('grants on the EVSP yes, recording that the EVSP decided, and sends it what it needs to judge', async () => {
    evsp.behave({ kind: 'answer', body: { status: 'ACCEPTED', allowedServices: ['CHARGING', 'RESERVATION'] } });
    const res = await authorize({ uid: '04AA000001', type: 'RFID' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'ACCEPTED',
      emaid: HOME_EMAID,
      emspPartyId: 'FRHOM',
      agreementId: 'agreement-FRHOM',
      allowedServices: ['CHARGING', 'RESERVATION'],
      decidedBy: 'emsp',
    });
    expect(evsp.requests[evsp.requests.length - 1].body).toMatchObject({
      authorizationId: res.body.authorizationId,
      evseId: 'DE*ABC*E1',
      cpoPartyId: 'DEABC',
      token: { uid: '04AA000001', type: 'RFID' },
      emaid: HOME_EMAID,
      service: 'CHARGING',
    });
  });

  it('a retry with the same Idempotency-Key gets the first answer without asking the EVSP again', async () => {
    evsp.behave({ kind: 'answer', body: { status: 'ACCEPTED' } });
    const keyed = () =>
      request(api.server)
        .post('/v1/authorizations')
        .set('Authorization', `Bearer ${cpoKey}`)
        .set('Idempotency-Key', 'home-retry-1')
        .send({ evseId: 'DE*ABC*E1', token: { uid: '04AA000001', type: 'RFID' } });
    const first = await keyed();
    expect(first.body).toMatchObject({ status: 'ACCEPTED', decidedBy: 'emsp' });
    const asked = evsp.requests.length;
    const events = await api.eventCount();
    // The EVSP would now say no: the retry is still the first decision, and nobody was asked.
    evsp.behave({ kind: 'answer', body: { status: 'DENIED', reason: 'TOKEN_EXPIRED' } });
    const retry = await keyed();
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(evsp.requests.length).toBe(asked);
    expect(await api.eventCount()).toBe(events);
  });

  it('asks about a contract id the hub does not hold at all: the provider is its prefix', async () => {
    evsp.behave({ kind: 'answer', body: { status: 'ACCEPTED' } });
    const res = await authorize({ uid: 'FR-OFF-C87654321', type: 'EMAID' });
    expect(res.body).toMatchObject({ status: 'ACCEPTED', emspPartyId: 'FROFF', decidedBy: 'emsp' });
    expect(res.body.emaid).toMatch(/^FROFFC87654321/);
  });

  it('refuses on the EVSP no with its reason', async () => {
    evsp.behave({ kind: 'answer', body: { status: 'DENIED', reason: 'TOKEN_EXPIRED' } });
    const res = await authorize({ uid: '04AA000001', type: 'RFID' });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'TOKEN_EXPIRED', decidedBy: 'emsp' });
  });

  it('refuses from its own record without asking when it already knows the card is blocked', async () => {
    const asked = evsp.requests.length;
    const res = await authorize({ uid: '04AA000002', type: 'RFID' });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'TOKEN_BLOCKED', decidedBy: 'hub' });
    expect(evsp.requests.length).toBe(asked);
  });

  it('answers by the agreement policy "deny" within the partner timeout when the EVSP answers late', async () => {
    evsp.behave({ kind: 'late', afterMs: 3_000, body: { status: 'ACCEPTED' } });
    const started = Date.now();
    const res = await authorize({ uid: '04AA000001', type: 'RFID' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'EVSP_UNREACHABLE', decidedBy: 'timeout-policy' });
  });

  it('answers by the agreement policy "allow-offline" when the EVSP fails: granted at its risk', async () => {
    evsp.behave({ kind: 'fail', status: 500 });
    const res = await authorize({ uid: 'FROFFC00000001', type: 'EMAID' });
    expect(res.body).toMatchObject({ status: 'ACCEPTED', emspPartyId: 'FROFF', decidedBy: 'timeout-policy' });
  });

  it('stops calling an EVSP whose circuit opened, until a probe finds it back', async () => {
    evsp.behave({ kind: 'fail', status: 503 });
    // FRHOM's late answer above was its first failure in a row; two more reach the threshold of three.
    for (let i = 0; i < 2; i++) {
      expect((await authorize({ uid: '04AA000001', type: 'RFID' })).body.reason).toBe('EVSP_UNREACHABLE');
    }
    const asked = evsp.requests.length;
    const refused = await authorize({ uid: '04AA000001', type: 'RFID' });
    expect(refused.body).toMatchObject({ status: 'DENIED', reason: 'EVSP_UNREACHABLE', decidedBy: 'timeout-policy' });
    expect(evsp.requests.length).toBe(asked);

    evsp.behave({ kind: 'answer', body: { status: 'ACCEPTED' } });
    api.clock.advance(60_000);
    const probed = await authorize({ uid: '04AA000001', type: 'RFID' });
    expect(probed.body).toMatchObject({ status: 'ACCEPTED', decidedBy: 'emsp' });
    expect(evsp.requests.length).toBe(asked + 1);
  });

  it('never asks an EVSP the CPO has no agreement with (stage 1 first)', async () => {
    const asked = evsp.requests.length;
    const res = await authorize({ uid: 'FRXYZC12345678R', type: 'EMAID' });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'NO_ROAMING_AGREEMENT', decidedBy: 'hub' });
    expect(evsp.requests.length).toBe(asked);
  });
});
