import { partnerSigningPublicKey } from '@roaming/platform';
import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../testing/registry-api.fixture';

/**
 * The partner record beyond onboarding, over HTTP: endpoints (IEC 63119 UC4-1/UC4-2), roaming partners (GeM 1291),
 * key rotation, and deactivation that waits until no agreement binds the partner (GeM 1369, UC 1380, UC 1379).
 */
describe('partner record: endpoints, roaming partners, rotation, deactivation (GeM 1291, 1369, UC 1380)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let evsp: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
  });
  afterAll(() => fx.close());

  const operator = { Authorization: `Bearer ${OPERATOR_KEY}` };

  describe('endpoints', () => {
    it('lets an EVSP keep its contracts at home with a real-time authorization endpoint, and publishes it', async () => {
      const res = await fx.http().put('/v1/partner/endpoints').set('X-API-Key', evsp.apiKey).send({
        webhookUrl: 'https://evsp.example.com/hooks',
        authorizationUrl: 'https://evsp.example.com/authorize',
        storesContractsAtHub: false,
        authorizationTimeoutMs: 3000,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        webhookUrl: 'https://evsp.example.com/hooks',
        authorizationUrl: 'https://evsp.example.com/authorize',
        commandUrl: null,
        storesContractsAtHub: false,
        authorizationTimeoutMs: 3000,
      });
      const message = await fx.waitForPublished('the endpoints', (m) => m.body.type === 'PartnerEndpointsChanged');
      expect(message.key).toBe(`partner-${evsp.partnerId}`);
      expect(message.body.data).toEqual({
        partnerId: evsp.partnerId,
        partyIds: ['NLEVB'],
        roles: ['emsp'],
        webhookUrl: 'https://evsp.example.com/hooks',
        authorizationUrl: 'https://evsp.example.com/authorize',
        commandUrl: null,
        storesContractsAtHub: false,
        authorizationTimeoutMs: 3000,
      });
      const own = await fx.http().get('/v1/partner').set('X-API-Key', evsp.apiKey);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ partnerId: evsp.partnerId, endpoints: { storesContractsAtHub: false } });
      // Back to the default for the tests below that register contracts.
      await fx.http().put('/v1/partner/endpoints').set('X-API-Key', evsp.apiKey).send({ storesContractsAtHub: true });
    });

    it('refuses a plain-http URL and opting out without an authorization endpoint (400, nothing stored)', async () => {
      const before = await fx.eventCount();
      const http = await fx
        .http()
        .put(`/v1/admin/partners/${cpo.partnerId}/endpoints`)
        .set(operator)
        .send({ commandUrl: 'http://cpo.example.com/commands' });
      expect(http.status).toBe(400);
      expect(http.body).toMatchObject({
        code: 'PARTNER_ENDPOINTS_INVALID',
        errors: [expect.objectContaining({ field: 'commandUrl', rule: 'https' })],
      });
      const noUrl = await fx
        .http()
        .put(`/v1/admin/partners/${evsp.partnerId}/endpoints`)
        .set(operator)
        .send({ storesContractsAtHub: false, authorizationUrl: null });
      expect(noUrl.status).toBe(400);
      expect(noUrl.body.errors[0]).toMatchObject({
        field: 'authorizationUrl',
        rule: 'required-when-contracts-at-home',
      });
      const badType = await fx
        .http()
        .put('/v1/partner/endpoints')
        .set('X-API-Key', cpo.apiKey)
        .send({ webhookUrl: 42 });
      expect(badType.status).toBe(400);
      expect(await fx.eventCount()).toBe(before);
    });
  });

  describe('roaming partners (GeM 1291)', () => {
    it('records the CPOs an EVSP roams with; refuses unregistered ones naming the entry', async () => {
      const res = await fx
        .http()
        .put('/v1/partner/roaming-partners')
        .set('X-API-Key', evsp.apiKey)
        .send({ roamingPartners: ['DE*ABC'] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ roamingPartners: ['DEABC'] });
      const before = await fx.eventCount();
      const unknown = await fx
        .http()
        .put('/v1/partner/roaming-partners')
        .set('X-API-Key', evsp.apiKey)
        .send({ roamingPartners: ['DEABC', 'ATZZZ'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        code: 'ROAMING_PARTNERS_INVALID',
        errors: [expect.objectContaining({ field: 'roamingPartners.1', rule: 'registered-cpo' })],
      });
      const notCpo = await fx
        .http()
        .put(`/v1/admin/partners/${cpo.partnerId}/roaming-partners`)
        .set(operator)
        .send({ roamingPartners: [] });
      expect(notCpo.status).toBe(409);
      expect(notCpo.body.code).toBe('PARTNER_NOT_EMSP');
      expect(await fx.eventCount()).toBe(before);
      const byCpo = await fx
        .http()
        .put('/v1/partner/roaming-partners')
        .set('X-API-Key', cpo.apiKey)
        .send({ roamingPartners: [] });
      expect(byCpo.status).toBe(403);
    });

    it('takes endpoints and roaming partners at registration too', async () => {
      const res = await fx
        .http()
        .post('/v1/admin/partners')
        .set(operator)
        .send({
          name: 'Full Record EVSP',
          roles: ['emsp'],
          partyIds: ['BEFUL'],
          partnerContractVersion: 'PC-1',
          endpoints: { webhookUrl: 'https://full.example/hooks' },
          roamingPartners: ['DEABC'],
        });
      expect(res.status).toBe(201);
      const detail = await fx.http().get(`/v1/admin/partners/${res.body.partnerId}`).set(operator);
      expect(detail.body).toMatchObject({
        endpoints: { webhookUrl: 'https://full.example/hooks', storesContractsAtHub: true },
        roamingPartners: ['DEABC'],
      });
    });
  });

  describe('credential rotation', () => {
    it('issues a new key and revokes the old one in one call; the old key is refused at once', async () => {
      const partner = await fx.partner('Rotating CPO', ['cpo'], ['ATROT']);
      const rotated = await fx.http().post('/v1/partner/credentials/rotate').set('X-API-Key', partner.apiKey);
      expect(rotated.status).toBe(201);
      expect(rotated.body).toMatchObject({
        apiKey: expect.any(String),
        partnerId: partner.partnerId,
        revokedKeyId: expect.any(String),
      });
      expect((await fx.http().get('/v1/partner').set('X-API-Key', partner.apiKey)).status).toBe(401);
      const own = await fx.http().get('/v1/partner').set('X-API-Key', rotated.body.apiKey);
      expect(own.status).toBe(200);
      expect(own.body.credentials).toEqual([
        expect.objectContaining({ keyId: rotated.body.revokedKeyId, status: 'revoked' }),
        expect.objectContaining({ keyId: rotated.body.keyId, status: 'active' }),
      ]);
      // The new key signs Kafka messages at once: the registry's directory holds its public signing key.
      const { rows } = await fx.db.query<{ signing_public_key: string }>(
        `SELECT signing_public_key FROM registry.partner_credentials WHERE key_id = $1`,
        [rotated.body.keyId],
      );
      expect(rows[0].signing_public_key).toBe(partnerSigningPublicKey(rotated.body.apiKey));

      const byOperator = await fx
        .http()
        .post(`/v1/admin/partners/${partner.partnerId}/credentials/${rotated.body.keyId}/rotate`)
        .set(operator);
      expect(byOperator.status).toBe(201);
      const again = await fx
        .http()
        .post(`/v1/admin/partners/${partner.partnerId}/credentials/${rotated.body.keyId}/rotate`)
        .set(operator);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CREDENTIAL_NOT_ACTIVE');
    });
  });

  describe('deactivation (GeM 1369, UC 1380) and reactivation (UC 1379)', () => {
    it('is refused while an agreement binds the partner, and done once it ended; its keys then fail', async () => {
      const offered = await fx.http().post('/v1/agreements').set('X-API-Key', cpo.apiKey).send({
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2026-04-01T00:00:00Z',
      });
      const agreementId = offered.body.agreementId as string;
      await fx.http().post(`/v1/agreements/${agreementId}/accept`).set('X-API-Key', evsp.apiKey).expect(200);

      const before = await fx.eventCount();
      const refused = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/deactivate`).set(operator);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'PARTNER_HAS_OPEN_AGREEMENTS', agreementIds: [agreementId] });
      expect(await fx.eventCount()).toBe(before);

      const asked = await fx
        .http()
        .post(`/v1/agreements/${agreementId}/termination-requests`)
        .set('X-API-Key', evsp.apiKey)
        .send({});
      await fx
        .http()
        .post(`/v1/agreements/${agreementId}/requests/${asked.body.pendingRequest.requestId}/accept`)
        .set('X-API-Key', cpo.apiKey)
        .expect(200);

      const done = await fx
        .http()
        .post(`/v1/admin/partners/${evsp.partnerId}/deactivate`)
        .set(operator)
        .send({ reason: 'left the marketplace' });
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ status: 'deactivated' });
      const refusedKey = await fx.http().get('/v1/partner').set('X-API-Key', evsp.apiKey);
      expect(refusedKey.status).toBe(403);
      await fx.waitForPublished(
        'the deactivation',
        (m) => m.body.type === 'PartnerStatusChanged' && m.body.data.status === 'deactivated',
      );
      const listed = await fx.http().get('/v1/admin/partners').query({ status: 'deactivated' }).set(operator);
      expect(listed.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual([evsp.partnerId]);

      const offerToDeactivated = await fx.http().post('/v1/agreements').set('X-API-Key', cpo.apiKey).send({
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2030-01-01T00:00:00Z',
      });
      expect(offerToDeactivated.status).toBe(409);

      const reactivated = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/reactivate`).set(operator);
      expect(reactivated.body).toEqual({ status: 'active' });
      expect((await fx.http().get('/v1/partner').set('X-API-Key', evsp.apiKey)).status).toBe(200);
      const offerAgain = await fx.http().post('/v1/agreements').set('X-API-Key', cpo.apiKey).send({
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2030-01-01T00:00:00Z',
      });
      expect(offerAgain.status).toBe(201);
    });

    it('is for the operator only', async () => {
      const res = await fx.http().post(`/v1/admin/partners/${cpo.partnerId}/deactivate`).set('X-API-Key', cpo.apiKey);
      expect(res.status).toBe(403);
    });
  });
});
