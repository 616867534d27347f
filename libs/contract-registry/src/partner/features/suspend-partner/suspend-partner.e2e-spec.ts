import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

describe('POST /v1/admin/partners/:id/suspend and /reactivate (GeM 1369, UC 1379)', () => {
  let fx: RegistryApiFixture;
  let evsp: TestPartner;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    evsp = await fx.partner('Suspendable EVSP', ['emsp'], ['NLEVB']);
  });
  afterAll(() => fx.close());

  const operator = () => ({ Authorization: `Bearer ${OPERATOR_KEY}` });
  const probe = () => fx.http().get('/v1/contracts/NLEVBC00000001I').set('X-API-Key', evsp.apiKey);

  it("suspends a partner: 200 { status: 'suspended' } and its keys are refused with 403 PARTNER_SUSPENDED", async () => {
    const res = await fx
      .http()
      .post(`/v1/admin/partners/${evsp.partnerId}/suspend`)
      .set(operator())
      .send({ reason: 'unpaid clearing fees' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'suspended' });
    const refused = await probe();
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PARTNER_SUSPENDED');
    const events = await fx.streamEvents(`partner-${evsp.partnerId}`);
    expect(events[events.length - 1]).toMatchObject({
      type: 'PartnerSuspended',
      data: { reason: 'unpaid clearing fees' },
    });
  });

  it('suspending again is a 200 that appends nothing', async () => {
    const before = await fx.eventCount();
    const res = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/suspend`).set(operator());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'suspended' });
    expect(await fx.eventCount()).toBe(before);
  });

  it('refuses a new key for a suspended partner with 409 PARTNER_NOT_ACTIVE', async () => {
    const res = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/credentials`).set(operator());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PARTNER_NOT_ACTIVE');
  });

  it("reactivates: 200 { status: 'active' } and the partner's keys work again", async () => {
    const res = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/reactivate`).set(operator());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'active' });
    expect((await probe()).status).toBe(404);
    const again = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/reactivate`).set(operator());
    expect(again.body).toEqual({ status: 'active' });
  });

  it('answers 404 PARTNER_NOT_FOUND for an unknown partner and 400 for an unknown body field', async () => {
    const unknown = await fx
      .http()
      .post('/v1/admin/partners/00000000-0000-4000-8000-00000000dead/suspend')
      .set(operator());
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PARTNER_NOT_FOUND');
    const before = await fx.eventCount();
    const bad = await fx
      .http()
      .post(`/v1/admin/partners/${evsp.partnerId}/suspend`)
      .set(operator())
      .send({ reason: 'x', until: '2027-01-01' });
    expect(bad.status).toBe(400);
    expect(await fx.eventCount()).toBe(before);
  });

  it('lets only the operator suspend (403 ROLE_REQUIRED)', async () => {
    const res = await fx.http().post(`/v1/admin/partners/${evsp.partnerId}/suspend`).set('X-API-Key', evsp.apiKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });
});
