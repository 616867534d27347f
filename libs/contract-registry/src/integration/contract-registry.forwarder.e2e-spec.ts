import { HEADER } from '@roaming/messaging';
import { RegistryApiFixture } from '../testing/registry-api.fixture';

describe('forwarder:contract-registry publishes on contract-registry.events.v1', () => {
  let fx: RegistryApiFixture;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
  });
  afterAll(() => fx.close());

  it('publishes every fact of the roaming set-up, in order per stream, and nothing for claim streams', async () => {
    const cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    const evsp = await fx.partner('Mobility Provider', ['emsp'], ['NLEVB']);
    const offer = await fx
      .http()
      .post('/v1/agreements')
      .set('X-API-Key', cpo.apiKey)
      .set('X-Correlation-ID', 'corr-offer-1')
      .send({ cpoPartyId: 'DEABC', emspPartyId: 'NLEVB', validFrom: '2026-04-01T00:00:00Z' });
    const agreementId = offer.body.agreementId;
    await fx.http().post(`/v1/agreements/${agreementId}/accept`).set('X-API-Key', evsp.apiKey);
    await fx
      .http()
      .post('/v1/contracts')
      .set('X-API-Key', evsp.apiKey)
      .send({
        emaid: 'NLEVBC00000001I',
        tokens: [
          { uid: '04A2B3C4', type: 'RFID' },
          { uid: 'app-1', type: 'APP' },
        ],
      });
    await fx.http().post('/v1/contracts/NLEVBC00000001I/tokens/04A2B3C4/block').set('X-API-Key', evsp.apiKey);

    const blocked = await fx.waitForPublished('the block of 04A2B3C4', (m) => m.body.data.status === 'blocked');
    expect(blocked.key).toBe('evContract-NLEVBC00000001I');

    const bodies = fx.published.map((m) => JSON.parse(m.rawValue) as { type: string; data: Record<string, unknown> });
    const summary = bodies.map((b) => `${b.type}:${String(b.data.status ?? b.data.partnerId ?? '')}`);
    expect(summary).toEqual([
      `PartnerRegistered:${cpo.partnerId}`,
      `PartnerCredentialIssued:${cpo.partnerId}`,
      `PartnerRegistered:${evsp.partnerId}`,
      `PartnerCredentialIssued:${evsp.partnerId}`,
      'RoamingAgreementStatusChanged:offered',
      'RoamingAgreementStatusChanged:active',
      'TokenStatusChanged:active',
      'TokenStatusChanged:active',
      'TokenStatusChanged:blocked',
    ]);
    expect(fx.published.every((m) => !/^(partyClaim|agreementPair|tokenClaim)-/.test(m.key ?? ''))).toBe(true);

    const offered = fx.published[4];
    expect(offered.key).toBe(`agreement-${agreementId}`);
    expect(offered.headers).toMatchObject({
      [HEADER.type]: 'RoamingAgreementStatusChanged',
      [HEADER.schemaVersion]: '1',
      [HEADER.correlationId]: 'corr-offer-1',
    });
    expect(bodies[4]).toMatchObject({
      schemaVersion: 1,
      occurredAt: '2026-03-01T10:00:00.000Z',
      data: {
        agreementId,
        cpoPartyId: 'DEABC',
        emspPartyId: 'NLEVB',
        validFrom: '2026-04-01T00:00:00.000Z',
        validUntil: null,
      },
    });
    const issued = bodies[1].data;
    expect(issued).toEqual({
      partnerId: cpo.partnerId,
      keyId: expect.any(String),
      keyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      signingPublicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      roles: ['cpo'],
      partyIds: ['DEABC'],
    });
    expect(new Set(fx.published.map((m) => m.headers[HEADER.messageId])).size).toBe(fx.published.length);
  });

  it('publishes suspension, reactivation and revocation', async () => {
    const evsp = await fx.partner('Short-lived EVSP', ['emsp'], ['ATSHO']);
    const operator = { Authorization: 'Bearer operator-bootstrap-key-for-registry-tests' };
    await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/suspend`).set(operator);
    await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/reactivate`).set(operator);
    const detail = await fx.http().get(`/v1/admin/partners/${evsp.partnerId}`).set(operator);
    const keyId = detail.body.credentials[0].keyId;
    await fx.http().delete(`/v1/admin/partners/${evsp.partnerId}/credentials/${keyId}`).set(operator);

    await fx.waitForPublished('the revocation', (m) => m.body.type === 'PartnerCredentialRevoked');
    const mine = fx.published
      .filter((m) => m.key === `partner-${evsp.partnerId}`)
      .map((m) => JSON.parse(m.rawValue) as { type: string; data: Record<string, unknown> });
    expect(mine.map((b) => [b.type, b.data.status ?? null])).toEqual([
      ['PartnerRegistered', null],
      ['PartnerCredentialIssued', null],
      ['PartnerStatusChanged', 'suspended'],
      ['PartnerStatusChanged', 'active'],
      ['PartnerCredentialRevoked', null],
    ]);
    expect(mine[4].data).toEqual({ partnerId: evsp.partnerId, keyId });
  });
});
