import request from 'supertest';
import { AuthorizationApiFixture } from '../../../testing/authorization-api.fixture';

const EMAID = 'DE8AACA2B3C4D5L';

/**
 * Local start in full (IEC 63119-2 UC3-1 via the clearing house, GeM 982's two stages): what a grant carries and how
 * tokens presented in other forms than an RFID card are found.
 */
describe('POST /v1/authorizations: local start in two stages (IEC 63119-2 UC3-1; GeM 981/982)', () => {
  let api: AuthorizationApiFixture;
  let cpoKey: string;
  let events: () => Promise<number>;

  beforeAll(async () => {
    api = await AuthorizationApiFixture.start();
    events = () => api.eventCount();
    cpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    await api.partnerWithKey('emsp-1', ['emsp'], ['DE8AA']);
    await api.agreement('agreement-1', 'DEABC', 'DE8AA', 'active', { tariffId: 'tariff-negotiated-1' });
    await api.token('04A2B3C4D5E6F7', EMAID, 'DE8AA', 'active', undefined, {
      allowedServices: ['CHARGING', 'RESERVATION'],
    });
    await api.token('Qr.Code-77', EMAID, 'DE8AA', 'active', undefined, { tokenType: 'APP' });
  });

  afterAll(async () => {
    await api?.close();
  });

  const authorize = (body: object) =>
    request(api.server).post('/v1/authorizations').set('Authorization', `Bearer ${cpoKey}`).send(body);

  it('GeM 981: a grant names the services the contract allows and the negotiated tariff that will apply', async () => {
    const res = await authorize({ evseId: 'DE*ABC*E1', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'ACCEPTED',
      emaid: EMAID,
      agreementId: 'agreement-1',
      allowedServices: ['CHARGING', 'RESERVATION'],
      tariffId: 'tariff-negotiated-1',
      decidedBy: 'hub',
    });
  });

  it('UC3-1 by QR code or app: finds the app token the provider registered', async () => {
    const res = await authorize({ evseId: 'DE*ABC*E1', token: { uid: 'Qr.Code-77', type: 'APP' } });
    expect(res.body).toMatchObject({ status: 'ACCEPTED', emaid: EMAID, allowedServices: null });
    const unknown = await authorize({ evseId: 'DE*ABC*E1', token: { uid: 'qr.code-77', type: 'APP' } });
    expect(unknown.body).toMatchObject({ status: 'DENIED', reason: 'UNKNOWN_TOKEN' });
  });

  it('UC3-1 by contract id (typed, or an EMAID QR code): finds the contract by its eMA id, with or without dashes', async () => {
    const res = await authorize({ evseId: 'DE*ABC*E1', token: { uid: 'de-8aa-ca2b3c4d5-l', type: 'EMAID' } });
    expect(res.body).toMatchObject({ status: 'ACCEPTED', emaid: EMAID, emspPartyId: 'DE8AA' });
  });

  it('stage 2 / SERVICE_NOT_ALLOWED: the contract does not allow the service asked for', async () => {
    const allowed = await authorize({
      evseId: 'DE*ABC*E1',
      token: { uid: '04A2B3C4D5E6F7', type: 'RFID' },
      service: 'reservation',
    });
    expect(allowed.body).toMatchObject({ status: 'ACCEPTED' });
    const res = await authorize({
      evseId: 'DE*ABC*E1',
      token: { uid: '04A2B3C4D5E6F7', type: 'RFID' },
      service: 'DC_CHARGING',
    });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'SERVICE_NOT_ALLOWED', emspPartyId: 'DE8AA' });
  });

  it('stage 1 / NO_ROAMING_AGREEMENT for a contract id of a provider the CPO has no agreement with', async () => {
    const res = await authorize({ evseId: 'DE*ABC*E1', token: { uid: 'FRXYZC12345678R', type: 'EMAID' } });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'NO_ROAMING_AGREEMENT', emspPartyId: 'FRXYZ' });
  });

  it('stage 1 / AGREEMENT_SUSPENDED while the agreement is suspended (GeM 1469), granted again once resumed', async () => {
    await api.agreement('agreement-1', 'DEABC', 'DE8AA', 'suspended', { tariffId: 'tariff-negotiated-1' });
    const res = await authorize({ evseId: 'DE*ABC*E1', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' } });
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'AGREEMENT_SUSPENDED' });
    await api.agreement('agreement-1', 'DEABC', 'DE8AA', 'active', { tariffId: 'tariff-negotiated-1' });
    const again = await authorize({ evseId: 'DE*ABC*E1', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' } });
    expect(again.body).toMatchObject({ status: 'ACCEPTED' });
  });

  it.each([
    [{ uid: 'DE8AACA2B3C4D5X', type: 'EMAID' }, undefined, 'EMAID_CHECK_DIGIT', 'token.uid'],
    [{ uid: 'not an emaid', type: 'PLUG_AND_CHARGE' }, undefined, 'EMAID_INVALID', 'token.uid'],
    [{ uid: 'has spaces in it', type: 'APP' }, undefined, 'TOKEN_UID_INVALID', 'token.uid'],
    [{ uid: '04A2B3C4', type: 'RFID' }, 'DC CHARGING', 'SERVICE_INVALID', 'service'],
  ])('400 for a malformed token or service %j, recording nothing', async (token, service, code, field) => {
    const before = await events();
    const res = await authorize({ evseId: 'DE*ABC*E1', token, ...(service ? { service } : {}) });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code, errors: [expect.objectContaining({ field })] });
    expect(await events()).toBe(before);
  });
});
