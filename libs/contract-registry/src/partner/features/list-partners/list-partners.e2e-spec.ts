import { waitFor } from '@roaming/testing';
import { OPERATOR_KEY, RegistryApiFixture } from '../../../testing/registry-api.fixture';

describe('GET /v1/admin/partners and /v1/admin/partners/:id (GeM UC 1373, UC 1377)', () => {
  let fx: RegistryApiFixture;
  const partnerIds: string[] = [];
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    for (const [name, roles, partyId] of [
      ['CPO One', ['cpo'], 'DEAAA'],
      ['EVSP Two', ['emsp'], 'DEBBB'],
      ['Both Three', ['cpo', 'emsp'], 'DECCC'],
    ] as const) {
      const res = await fx
        .http()
        .post('/v1/admin/partners')
        .auth(OPERATOR_KEY, { type: 'bearer' })
        .send({ name, roles, partyIds: [partyId], partnerContractVersion: 'PC-1' });
      partnerIds.push(res.body.partnerId);
    }
  });
  afterAll(() => fx.close());

  const list = (query: Record<string, string | number>) =>
    fx.http().get('/v1/admin/partners').query(query).auth(OPERATOR_KEY, { type: 'bearer' });

  it('pages through partners in registration order with an opaque cursor', async () => {
    const first = await list({ limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual(partnerIds.slice(0, 2));
    expect(first.body.items[0]).toEqual({
      partnerId: partnerIds[0],
      name: 'CPO One',
      roles: ['cpo'],
      partyIds: ['DEAAA'],
      status: 'active',
      partnerContractVersion: 'PC-1',
      registeredAt: '2026-03-01T10:00:00.000Z',
    });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list({ limit: 2, cursor: first.body.nextCursor });
    expect(second.body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual([partnerIds[2]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('filters by role and by status', async () => {
    const emsps = await list({ role: 'emsp' });
    expect(emsps.body.items.map((p: { name: string }) => p.name)).toEqual(['EVSP Two', 'Both Three']);
    await fx.http().post(`/v1/admin/partners/${partnerIds[0]}/suspend`).auth(OPERATOR_KEY, { type: 'bearer' });
    const suspended = await waitFor(
      async () => {
        const res = await list({ status: 'suspended' });
        return res.body.items.length === 1 ? res.body.items : undefined;
      },
      { description: 'the suspension in the partner list' },
    );
    expect(suspended[0]).toMatchObject({ name: 'CPO One', status: 'suspended' });
  });

  it('answers 400 for a limit out of 1..2000, a foreign cursor and an unknown query parameter', async () => {
    for (const query of [{ limit: 0 }, { limit: 2001 }, { cursor: 'bm9wZQ' }, { sort: 'name' }] as Record<
      string,
      string | number
    >[]) {
      const res = await list(query);
      expect(res.status).toBe(400);
    }
    expect((await list({ cursor: 'bm9wZQ' })).body.code).toBe('CURSOR_INVALID');
  });

  it('shows one partner with its partner contract version, and 404 PARTNER_NOT_FOUND for an unknown id', async () => {
    const res = await fx.http().get(`/v1/admin/partners/${partnerIds[1]}`).auth(OPERATOR_KEY, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      partnerId: partnerIds[1],
      name: 'EVSP Two',
      roles: ['emsp'],
      partyIds: ['DEBBB'],
      status: 'active',
      partnerContractVersion: 'PC-1',
      registeredAt: '2026-03-01T10:00:00.000Z',
      credentials: [],
      endpoints: {
        webhookUrl: null,
        authorizationUrl: null,
        commandUrl: null,
        storesContractsAtHub: true,
        authorizationTimeoutMs: null,
      },
      roamingPartners: [],
    });
    const missing = await fx
      .http()
      .get('/v1/admin/partners/00000000-0000-4000-8000-00000000dead')
      .auth(OPERATOR_KEY, { type: 'bearer' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PARTNER_NOT_FOUND');
  });

  it('is for the operator only: 401 without a key, 403 for a partner', async () => {
    expect((await fx.http().get('/v1/admin/partners')).status).toBe(401);
    const cpo = await fx.partner('Nosy CPO', ['cpo'], ['ATNSY']);
    const res = await fx.http().get('/v1/admin/partners').set('X-API-Key', cpo.apiKey);
    expect(res.status).toBe(403);
  });
});
