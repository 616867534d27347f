import { OPERATOR_KEY, RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

interface Listed {
  agreementId: string;
  status: string;
  cpoPartyId: string;
}

describe('GET /v1/agreements (GeM UC 1245: a partner finds its agreements; the operator sees all)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let evsp: TestPartner;
  let otherCpo: TestPartner;
  const ids: string[] = [];
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('CPO', ['cpo'], ['DEABC']);
    otherCpo = await fx.partner('Other CPO', ['cpo'], ['FRXYZ']);
    evsp = await fx.partner('EVSP', ['emsp'], ['NLEVB']);
    for (const [key, cpoPartyId, validFrom] of [
      [cpo.apiKey, 'DEABC', '2026-04-01T00:00:00Z'],
      [otherCpo.apiKey, 'FRXYZ', '2026-04-01T00:00:00Z'],
      [cpo.apiKey, 'DEABC', '2030-01-01T00:00:00Z'],
    ] as const) {
      const res = await fx
        .http()
        .post('/v1/agreements')
        .set('X-API-Key', key)
        .send({
          cpoPartyId,
          emspPartyId: 'NLEVB',
          validFrom,
          validUntil: validFrom.replace(/^(\d{4})/, (y) => String(Number(y) + 1)),
        })
        .expect(201);
      ids.push(res.body.agreementId);
    }
    await fx.http().post(`/v1/agreements/${ids[0]}/accept`).set('X-API-Key', evsp.apiKey).expect(200);
  });
  afterAll(() => fx.close());

  const list = (apiKey: string, query: Record<string, string | number> = {}) =>
    fx.waitFor('the agreement list to catch up', async () => {
      const res = await fx.http().get('/v1/agreements').query(query).set('X-API-Key', apiKey);
      const items = res.body.items as Listed[] | undefined;
      return items && items.some((i) => i.agreementId === ids[0] && i.status === 'active') ? res.body : undefined;
    });

  it("lists a party's own agreements only, oldest offer first, with their status", async () => {
    const mine = await list(evsp.apiKey);
    expect(mine.items.map((a: Listed) => a.agreementId)).toEqual(ids);
    const cpoView = await list(cpo.apiKey);
    expect(cpoView.items.map((a: Listed) => [a.agreementId, a.status])).toEqual([
      [ids[0], 'active'],
      [ids[2], 'offered'],
    ]);
    const other = await fx.http().get('/v1/agreements').set('X-API-Key', otherCpo.apiKey);
    expect(other.body.items.map((a: Listed) => a.agreementId)).toEqual([ids[1]]);
  });

  it('filters by status and by party, pages by cursor, and shows the operator every agreement', async () => {
    const offered = await fx.http().get('/v1/agreements').query({ status: 'offered' }).set('X-API-Key', evsp.apiKey);
    expect(offered.body.items.map((a: Listed) => a.agreementId)).toEqual([ids[1], ids[2]]);
    const withFr = await fx.http().get('/v1/agreements').query({ partyId: 'FR*XYZ' }).set('X-API-Key', evsp.apiKey);
    expect(withFr.body.items.map((a: Listed) => a.agreementId)).toEqual([ids[1]]);
    const first = await fx.http().get('/v1/agreements').query({ limit: 2 }).auth(OPERATOR_KEY, { type: 'bearer' });
    expect(first.body.items).toHaveLength(2);
    const second = await fx
      .http()
      .get('/v1/agreements')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .auth(OPERATOR_KEY, { type: 'bearer' });
    expect(second.body).toMatchObject({ items: [{ agreementId: ids[2] }], nextCursor: null });
    const bad = await fx.http().get('/v1/agreements').query({ status: 'lost' }).set('X-API-Key', evsp.apiKey);
    expect(bad.status).toBe(400);
  });
});
