import { EventStore } from '@roaming/event-store';
import request from 'supertest';
import {
  EXPIRED_CONTRACT_CERTIFICATE,
  HOME_PROVIDER_CONTRACT_CERTIFICATE,
  NOT_A_CONTRACT_CERTIFICATE,
  VALID_CONTRACT_CERTIFICATE,
} from '../../../testing/contract-certificates';
import { AuthorizationApiFixture } from '../../../testing/authorization-api.fixture';
import { TestPartnerEndpoint } from '../../../testing/test-partner-endpoint';

const EMAID = 'DE8AACA2B3C4D5L';

/** IEC 63119-2 UC3-3: start charging roaming by Plug & Charge, the EMAID read from the EV's contract certificate. */
describe('POST /v1/authorizations/plug-and-charge (IEC 63119-2 UC3-3; ISO 15118 contract certificate)', () => {
  let api: AuthorizationApiFixture;
  let home: TestPartnerEndpoint;
  let cpoKey: string;

  beforeAll(async () => {
    home = await TestPartnerEndpoint.start();
    api = await AuthorizationApiFixture.start();
    cpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    await api.partnerWithKey('emsp-1', ['emsp'], ['DE8AA']);
    await api.partnerWithKey('emsp-home', ['emsp'], ['FRHOM']);
    await api.endpoints('emsp-home', { authorizationUrl: home.url, contractsStoredAtHub: false });
    await api.agreement('agreement-1', 'DEABC', 'DE8AA', 'active', { tariffId: 'tariff-pnc' });
    await api.agreement('agreement-home', 'DEABC', 'FRHOM');
    await api.token(EMAID, EMAID, 'DE8AA', 'active', undefined, { tokenType: 'PLUG_AND_CHARGE' });
  });

  afterAll(async () => {
    await api?.close();
    await home?.close();
  });

  const plugAndCharge = (contractCertificate: string, evseId = 'DE*ABC*E1') =>
    request(api.server)
      .post('/v1/authorizations/plug-and-charge')
      .set('Authorization', `Bearer ${cpoKey}`)
      .send({ evseId, contractCertificate });

  it('grants by the EMAID in a valid certificate, by the same rules, and records which certificate it was', async () => {
    const res = await plugAndCharge(VALID_CONTRACT_CERTIFICATE);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'ACCEPTED',
      emaid: EMAID,
      emspPartyId: 'DE8AA',
      agreementId: 'agreement-1',
      tariffId: 'tariff-pnc',
      decidedBy: 'hub',
    });
    const [event] = await api.app.get(EventStore).readStream(`authorization-${res.body.authorizationId}`);
    expect(event.data).toMatchObject({
      method: 'PLUG_AND_CHARGE',
      tokenType: 'PLUG_AND_CHARGE',
      tokenUid: EMAID,
      contractCertificate: { serialNumber: '1000', validUntil: '2028-01-01T00:00:00.000Z' },
    });
  });

  it('denies CERTIFICATE_INVALID, recorded, for a certificate outside its validity period', async () => {
    const res = await plugAndCharge(EXPIRED_CONTRACT_CERTIFICATE);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'CERTIFICATE_INVALID', emspPartyId: 'DE8AA' });
  });

  it('applies the same rules: TOKEN_BLOCKED once the provider blocks the contract’s Plug & Charge token', async () => {
    await api.token(EMAID, EMAID, 'DE8AA', 'blocked', undefined, { tokenType: 'PLUG_AND_CHARGE' });
    const res = await plugAndCharge(VALID_CONTRACT_CERTIFICATE);
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'TOKEN_BLOCKED' });
    await api.token(EMAID, EMAID, 'DE8AA', 'active', undefined, { tokenType: 'PLUG_AND_CHARGE' });
  });

  it('asks a provider that decides at home in real time (UC4-1), sending it the EMAID', async () => {
    home.behave({ kind: 'answer', body: { status: 'ACCEPTED' } });
    const res = await plugAndCharge(HOME_PROVIDER_CONTRACT_CERTIFICATE);
    expect(res.body).toMatchObject({ status: 'ACCEPTED', emaid: 'FRHOMC123456788', decidedBy: 'emsp' });
    expect(home.requests[home.requests.length - 1].body).toMatchObject({
      token: { type: 'PLUG_AND_CHARGE', uid: 'FRHOMC123456788' },
      emaid: 'FRHOMC123456788',
    });
  });

  it('400 for text that is not a certificate or a certificate that names no contract, recording nothing', async () => {
    const before = await api.eventCount();
    const malformed = await plugAndCharge('not a certificate');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('CONTRACT_CERTIFICATE_MALFORMED');
    const notAContract = await plugAndCharge(NOT_A_CONTRACT_CERTIFICATE);
    expect(notAContract.status).toBe(400);
    expect(notAContract.body.code).toBe('CONTRACT_CERTIFICATE_NOT_A_CONTRACT');
    expect(await api.eventCount()).toBe(before);
  });

  it('403 EVSE_NOT_OWNED, recorded, for an EVSE of another operator', async () => {
    const before = await api.eventCount();
    const res = await plugAndCharge(VALID_CONTRACT_CERTIFICATE, 'NL*EVB*E1');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('EVSE_NOT_OWNED');
    expect(await api.eventCount()).toBe(before + 1);
  });
});
