import { partnerSigningPublicKey } from '@roaming/platform';
import { OPERATOR_KEY, RegistryApiFixture } from '../../../testing/registry-api.fixture';

describe('partner credentials: POST /v1/admin/partners/:id/credentials and DELETE …/credentials/:keyId', () => {
  let fx: RegistryApiFixture;
  let partnerId: string;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    const res = await fx
      .http()
      .post('/v1/admin/partners')
      .auth(OPERATOR_KEY, { type: 'bearer' })
      .send({ name: 'Keyed EVSP', roles: ['emsp'], partyIds: ['NLEVB'], partnerContractVersion: 'PC-1' });
    partnerId = res.body.partnerId;
  });
  afterAll(() => fx.close());

  const operator = () => ({ Authorization: `Bearer ${OPERATOR_KEY}` });
  /** A call only an authenticated EVSP of NLEVB gets past the guard with: 404 means "authenticated". */
  const probe = (apiKey: string) => fx.http().get('/v1/contracts/NLEVBC00000001I').set('X-API-Key', apiKey);

  it('issues a key shown once, stores only its hash, and the key authenticates at once', async () => {
    const res = await fx.http().post(`/v1/admin/partners/${partnerId}/credentials`).set(operator());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      keyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      apiKey: expect.stringMatching(/^rch_/),
      partnerId,
      roles: ['emsp'],
      partyIds: ['NLEVB'],
    });
    const events = await fx.streamEvents(`partner-${partnerId}`);
    const issued = events.find((e) => e.type === 'PartnerCredentialIssued');
    expect(JSON.stringify(issued)).not.toContain(res.body.apiKey);
    expect(issued?.data).toMatchObject({
      keyId: res.body.keyId,
      keyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      // The public half of the key's Kafka signing key pair, derived while the registry had the key at hand.
      signingPublicKey: partnerSigningPublicKey(res.body.apiKey),
    });

    const authenticated = await probe(res.body.apiKey);
    expect(authenticated.status).toBe(404);
    expect(authenticated.body.code).toBe('CONTRACT_NOT_FOUND');
  });

  it('revokes a key with 204; the key stops working and revoking again is still 204', async () => {
    const issued = await fx.http().post(`/v1/admin/partners/${partnerId}/credentials`).set(operator());
    const revoke = () =>
      fx.http().delete(`/v1/admin/partners/${partnerId}/credentials/${issued.body.keyId}`).set(operator());
    const first = await revoke();
    expect(first.status).toBe(204);
    const refused = await probe(issued.body.apiKey);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    const before = await fx.eventCount();
    expect((await revoke()).status).toBe(204);
    expect(await fx.eventCount()).toBe(before);
  });

  it('lists key ids and their status on the partner, never the key or its hash', async () => {
    const res = await fx.http().get(`/v1/admin/partners/${partnerId}`).set(operator());
    expect(res.status).toBe(200);
    expect(res.body.credentials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'active', revokedAt: null }),
        expect.objectContaining({ status: 'revoked', revokedAt: expect.any(String) }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/keyHash|rch_/);
  });

  it('answers 404 PARTNER_NOT_FOUND and CREDENTIAL_NOT_FOUND, appending nothing', async () => {
    const before = await fx.eventCount();
    const unknownPartner = await fx
      .http()
      .post('/v1/admin/partners/00000000-0000-4000-8000-00000000dead/credentials')
      .set(operator());
    expect(unknownPartner.status).toBe(404);
    expect(unknownPartner.body.code).toBe('PARTNER_NOT_FOUND');
    const unknownKey = await fx
      .http()
      .delete(`/v1/admin/partners/${partnerId}/credentials/00000000-0000-4000-8000-00000000beef`)
      .set(operator());
    expect(unknownKey.status).toBe(404);
    expect(unknownKey.body.code).toBe('CREDENTIAL_NOT_FOUND');
    expect(await fx.eventCount()).toBe(before);
  });

  it('answers 400 for ids that are not UUIDs', async () => {
    const res = await fx.http().post('/v1/admin/partners/not-a-uuid/credentials').set(operator());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'PARTNER_ID_INVALID',
      errors: [expect.objectContaining({ field: 'partnerId' })],
    });
  });

  it('lets only the operator issue keys (403 ROLE_REQUIRED for a partner)', async () => {
    const issued = await fx.http().post(`/v1/admin/partners/${partnerId}/credentials`).set(operator());
    const res = await fx
      .http()
      .post(`/v1/admin/partners/${partnerId}/credentials`)
      .set('Authorization', `Bearer ${issued.body.apiKey}`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });
});
