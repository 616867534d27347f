import { waitFor } from '@roaming/testing';
import request from 'supertest';
import { AuthorizationApiFixture } from '../../../testing/authorization-api.fixture';
import { AuthorizationsProjection } from '../../projections/authorizations/authorizations.projection';

describe('GET /v1/authorizations/:authorizationId (IEC 63119-2 UC3-1 decision read back; eMI3 UCE AA)', () => {
  let api: AuthorizationApiFixture;
  let cpoKey: string;
  let otherCpoKey: string;
  let emspKey: string;
  let otherEmspKey: string;
  let granted: string;
  let denied: string;

  beforeAll(async () => {
    api = await AuthorizationApiFixture.start();
    cpoKey = await api.partnerWithKey('cpo-1', ['cpo'], ['DEABC']);
    otherCpoKey = await api.partnerWithKey('cpo-2', ['cpo'], ['NLEVB']);
    emspKey = await api.partnerWithKey('emsp-1', ['emsp'], ['DE8AA']);
    otherEmspKey = await api.partnerWithKey('emsp-2', ['emsp'], ['FRXYZ']);
    await api.agreement('agreement-1', 'DEABC', 'DE8AA');
    await api.token('04A2B3C4D5E6F7', 'DE8AACA2B3C4D5L', 'DE8AA');
    await api.token('04CAFE01', 'FRXYZC12345678R', 'FRXYZ');

    const post = (uid: string) =>
      request(api.server)
        .post('/v1/authorizations')
        .set('Authorization', `Bearer ${cpoKey}`)
        .send({ evseId: 'DE*ABC*E123456*1', token: { uid, type: 'RFID' } });
    granted = (await post('04A2B3C4D5E6F7')).body.authorizationId;
    denied = (await post('04CAFE01')).body.authorizationId;
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = (key: string, id: string) =>
    request(api.server).get(`/v1/authorizations/${id}`).set('Authorization', `Bearer ${key}`);

  /** The read model is fed by a projection: poll until the decision shows. */
  const eventually = (key: string, id: string) =>
    waitFor(
      async () => {
        const res = await get(key, id);
        return res.status === 200 ? res : undefined;
      },
      { description: `authorization ${id} in the read model` },
    );

  it('shows a decision the read model has not reached yet, from its stream: the caller always finds its answer', async () => {
    const projection = api.app.get(AuthorizationsProjection).processor;
    await projection.stop();
    try {
      const res = await request(api.server)
        .post('/v1/authorizations')
        .set('Authorization', `Bearer ${cpoKey}`)
        .send({ evseId: 'DE*ABC*E123456*1', token: { uid: '04A2B3C4D5E6F7', type: 'RFID' } });
      const read = await get(cpoKey, res.body.authorizationId);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        authorizationId: res.body.authorizationId,
        status: 'ACCEPTED',
        method: 'LOCAL',
      });
      expect((await get(otherCpoKey, res.body.authorizationId)).status).toBe(404);
    } finally {
      projection.start();
    }
  });

  it('shows the CPO that asked its granted authorization', async () => {
    const res = await eventually(cpoKey, granted);
    expect(res.body).toEqual({
      authorizationId: granted,
      status: 'ACCEPTED',
      evseId: 'DE*ABC*E123456*1',
      cpoPartyId: 'DEABC',
      tokenUid: '04A2B3C4D5E6F7',
      tokenType: 'RFID',
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      agreementId: 'agreement-1',
      allowedServices: null,
      tariffId: null,
      decidedBy: 'hub',
      method: 'LOCAL',
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('shows the EVSP it was granted for the same authorization', async () => {
    const res = await eventually(emspKey, granted);
    expect(res.body).toMatchObject({ authorizationId: granted, status: 'ACCEPTED', emspPartyId: 'DE8AA' });
  });

  it('shows the CPO a denied authorization with its reason', async () => {
    const res = await eventually(cpoKey, denied);
    expect(res.body).toMatchObject({ status: 'DENIED', reason: 'NO_ROAMING_AGREEMENT', emspPartyId: 'FRXYZ' });
    expect(res.body.emaid).toBeUndefined();
  });

  it('404 AUTHORIZATION_NOT_FOUND for another CPO, another EVSP, and the EVSP of a denied one', async () => {
    await eventually(cpoKey, denied);
    for (const [key, id] of [
      [otherCpoKey, granted],
      [otherEmspKey, granted],
      [otherEmspKey, denied],
    ]) {
      const res = await get(key, id);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('AUTHORIZATION_NOT_FOUND');
    }
  });

  it('404 for an id that does not exist, 400 for one that is not a UUID', async () => {
    const missing = await get(cpoKey, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const malformed = await get(cpoKey, 'not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'AUTHORIZATION_ID_INVALID', errors: [{ field: 'authorizationId' }] });
  });

  it('401 without an API key', async () => {
    const res = await request(api.server).get(`/v1/authorizations/${granted}`);
    expect(res.status).toBe(401);
  });
});
