import { TOPICS } from '@roaming/contracts';
import { waitFor } from '@roaming/testing';
import request from 'supertest';
import { MarketplaceAdminFixture } from './testing/marketplace-admin.fixture';

/**
 * The operator's cross-partner views, learned only from the other contexts' topics: partner search (GeM 1373) and the
 * transaction overview per partner by date, role and value with CSV export (GeM 927, UC 1242, UC 1491).
 */
describe('marketplace operator views (GeM 1373, 927/1242)', () => {
  let fx: MarketplaceAdminFixture;
  let cpoKey: string;
  const operator = () => ({ Authorization: `Bearer ${fx.operatorKey}` });
  const http = () => request(fx.server);

  const cdr = (cdrId: string, amount: string, endedAt: string) => ({
    cdrId,
    cpoPartyId: 'DEAAA',
    emspPartyId: 'DEBBB',
    evseId: 'DE*AAA*E1*1',
    emaid: 'DEBBBC123456780',
    tokenUid: '04A2B3C4',
    authorizationId: null,
    startedAt: '2026-03-01T09:00:00.000Z',
    endedAt,
    energyWh: 12_000,
    totalCost: { amount, currency: 'EUR' },
  });

  beforeAll(async () => {
    fx = await MarketplaceAdminFixture.start();
    cpoKey = await fx.partner('p-cpo', 'Alpha Charging', ['cpo'], ['DEAAA']);
    await fx.partner('p-emsp', 'Beta Mobility', ['emsp'], ['DEBBB']);
    await fx.partner('p-both', 'Gamma Energy', ['cpo', 'emsp'], ['NLGGG']);
    await fx.publish(TOPICS.contractRegistryEvents, 'PartnerStatusChanged', {
      partnerId: 'p-both',
      status: 'suspended',
    });
    const auth = (authorizationId: string, type: string, extra: object, at: string) =>
      fx.publish(
        TOPICS.authorizationEvents,
        type,
        { authorizationId, evseId: 'DE*AAA*E1*1', cpoPartyId: 'DEAAA', tokenUid: '04A2B3C4', ...extra },
        at,
      );
    await auth(
      'a-1',
      'AuthorizationGranted',
      { emspPartyId: 'DEBBB', emaid: 'DEBBBC123456780', agreementId: 'ag' },
      '2026-03-01T09:00:00.000Z',
    );
    await auth(
      'a-2',
      'AuthorizationDenied',
      { emspPartyId: null, reason: 'UNKNOWN_TOKEN' },
      '2026-03-02T09:00:00.000Z',
    );
    await fx.publish(
      TOPICS.cdrForwardingEvents,
      'CdrForwarded',
      cdr('C-1', '9.1300', '2026-03-01T10:00:00.000Z'),
      '2026-03-01T10:00:05.000Z',
    );
    await fx.publish(
      TOPICS.cdrForwardingEvents,
      'CdrForwarded',
      cdr('=C-2', '42.5000', '2026-03-03T10:00:00.000Z'),
      '2026-03-03T10:00:05.000Z',
    );
    const rejected = await fx.publish(
      TOPICS.cdrForwardingEvents,
      'CdrRejected',
      { cdrId: 'C-3', cpoPartyId: 'DEAAA', code: 'CDR_NO_AGREEMENT', reason: 'no agreement' },
      '2026-03-04T10:00:00.000Z',
    );
    // Redelivered: recorded once.
    await fx.publish(
      TOPICS.cdrForwardingEvents,
      'CdrRejected',
      { cdrId: 'C-3', cpoPartyId: 'DEAAA', code: 'CDR_NO_AGREEMENT', reason: 'no agreement' },
      '2026-03-04T10:00:00.000Z',
      rejected,
    );
  });

  afterAll(() => fx?.close());

  const search = (query: Record<string, string | number | boolean>) =>
    http().get('/v1/admin/marketplace/partners').query(query).set(operator());

  it('searches partners by role and active flag, by name or party id, in name order with a cursor (GeM 1373)', async () => {
    const cpos = await search({ role: 'cpo' }).expect(200);
    expect(cpos.body.items.map((p: { name: string }) => p.name)).toEqual(['Alpha Charging', 'Gamma Energy']);
    const inactive = await search({ active: false }).expect(200);
    expect(inactive.body.items).toEqual([
      expect.objectContaining({ partnerId: 'p-both', status: 'suspended', active: false, activeCredentials: 1 }),
    ]);
    expect(
      (await search({ active: true, role: 'cpo' }).expect(200)).body.items.map(
        (p: { partnerId: string }) => p.partnerId,
      ),
    ).toEqual(['p-cpo']);
    expect((await search({ q: 'beta' }).expect(200)).body.items.map((p: { partnerId: string }) => p.partnerId)).toEqual(
      ['p-emsp'],
    );
    expect(
      (await search({ q: 'DE*BBB' }).expect(200)).body.items.map((p: { partnerId: string }) => p.partnerId),
    ).toEqual(['p-emsp']);
    const first = await search({ limit: 2 }).expect(200);
    const second = await search({ limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect([...first.body.items, ...second.body.items].map((p: { name: string }) => p.name)).toEqual([
      'Alpha Charging',
      'Beta Mobility',
      'Gamma Energy',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses bad search input and anyone but the operator', async () => {
    expect((await search({ role: 'dso' })).status).toBe(400);
    expect((await search({ active: 'maybe' })).status).toBe(400);
    const cursor = await search({ cursor: 'bm9wZQ' });
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe('CURSOR_INVALID');
    expect((await http().get('/v1/admin/marketplace/partners')).status).toBe(401);
    const partner = await http().get('/v1/admin/marketplace/partners').set('X-API-Key', cpoKey);
    expect(partner.status).toBe(403);
    expect(partner.body.code).toBe('ROLE_REQUIRED');
  });

  it('shows a partner with the totals of its transactions per role, kind and status (GeM 927)', async () => {
    const res = await http().get('/v1/admin/marketplace/partners/p-cpo').set(operator()).expect(200);
    expect(res.body).toMatchObject({ partnerId: 'p-cpo', name: 'Alpha Charging', roles: ['cpo'], active: true });
    expect(res.body.transactions).toEqual([
      {
        role: 'cpo',
        kind: 'authorization',
        status: 'ACCEPTED',
        count: 1,
        currency: null,
        amount: null,
        energyWh: null,
      },
      { role: 'cpo', kind: 'authorization', status: 'DENIED', count: 1, currency: null, amount: null, energyWh: null },
      { role: 'cpo', kind: 'cdr', status: 'FORWARDED', count: 2, currency: 'EUR', amount: '51.6300', energyWh: 24000 },
      { role: 'cpo', kind: 'cdr', status: 'REJECTED', count: 1, currency: null, amount: null, energyWh: null },
    ]);
    const missing = await http().get('/v1/admin/marketplace/partners/p-nobody').set(operator());
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('PARTNER_NOT_FOUND');
  });

  const transactions = (partnerId: string, query: Record<string, string | number> = {}) =>
    http().get(`/v1/admin/marketplace/partners/${partnerId}/transactions`).query(query).set(operator());

  it('lists a partner’s transactions filtered by date range, role and value (GeM 927)', async () => {
    const all = await transactions('p-cpo').expect(200);
    expect(all.body.items.map((t: { reference: string; status: string }) => [t.reference, t.status])).toEqual([
      ['a-1', 'ACCEPTED'],
      ['C-1', 'FORWARDED'],
      ['a-2', 'DENIED'],
      ['=C-2', 'FORWARDED'],
      ['C-3', 'REJECTED'],
    ]);
    expect(all.body.items[1]).toEqual({
      transactionId: 'cdr:DEAAA:C-1',
      kind: 'cdr',
      reference: 'C-1',
      status: 'FORWARDED',
      role: 'cpo',
      cpoPartyId: 'DEAAA',
      emspPartyId: 'DEBBB',
      evseId: 'DE*AAA*E1*1',
      occurredAt: '2026-03-01T10:00:05.000Z',
      amount: '9.1300',
      currency: 'EUR',
      energyWh: 12000,
      detail: null,
    });
    const inMarch2 = await transactions('p-cpo', { from: '2026-03-02T00:00:00Z', to: '2026-03-04T00:00:00Z' }).expect(
      200,
    );
    expect(inMarch2.body.items.map((t: { reference: string }) => t.reference)).toEqual(['a-2', '=C-2']);
    const big = await transactions('p-cpo', { minValue: '10', currency: 'EUR' }).expect(200);
    expect(big.body.items.map((t: { reference: string }) => t.reference)).toEqual(['=C-2']);
    const small = await transactions('p-cpo', { maxValue: '10.00' }).expect(200);
    expect(small.body.items.map((t: { reference: string }) => t.reference)).toEqual(['C-1']);
    const asEmsp = await transactions('p-emsp', { role: 'emsp', kind: 'cdr' }).expect(200);
    expect(asEmsp.body.items.map((t: { reference: string; role: string }) => [t.reference, t.role])).toEqual([
      ['C-1', 'emsp'],
      ['=C-2', 'emsp'],
    ]);
    expect((await transactions('p-emsp', { role: 'cpo' }).expect(200)).body.items).toEqual([]);
    const page1 = await transactions('p-cpo', { limit: 3 }).expect(200);
    const page2 = await transactions('p-cpo', { limit: 3, cursor: page1.body.nextCursor }).expect(200);
    expect([...page1.body.items, ...page2.body.items]).toEqual(all.body.items);
  });

  it('exports the filtered overview as CSV, formula-safe (GeM UC 1242: the result can be exported)', async () => {
    const res = await transactions('p-cpo', { kind: 'cdr', format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('transactions-p-cpo.csv');
    expect(res.text.split('\r\n')).toEqual([
      'occurredAt,kind,reference,status,role,cpoPartyId,emspPartyId,evseId,energyWh,amount,currency,detail',
      '2026-03-01T10:00:05.000Z,cdr,C-1,FORWARDED,cpo,DEAAA,DEBBB,DE*AAA*E1*1,12000,9.1300,EUR,',
      "2026-03-03T10:00:05.000Z,cdr,'=C-2,FORWARDED,cpo,DEAAA,DEBBB,DE*AAA*E1*1,12000,42.5000,EUR,",
      '2026-03-04T10:00:00.000Z,cdr,C-3,REJECTED,cpo,DEAAA,,,,,,CDR_NO_AGREEMENT',
      '',
    ]);
  });

  it('refuses inconsistent filters with problem+json naming the rule, and unknown partners with 404', async () => {
    const range = await transactions('p-cpo', { minValue: '50', maxValue: '10' });
    expect(range.status).toBe(400);
    expect(range.body).toMatchObject({ code: 'VALUE_RANGE_INVALID', errors: [{ field: 'minValue', rule: 'range' }] });
    const dates = await transactions('p-cpo', { from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    expect(dates.body.code).toBe('DATE_RANGE_INVALID');
    const malformed = await transactions('p-cpo', { minValue: '1e3', from: 'last week' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'minValue']);
    expect((await transactions('p-nobody')).status).toBe(404);
  });

  it('follows partner changes from the registry topic: reactivation shows the partner as active again', async () => {
    await fx.publish(
      TOPICS.contractRegistryEvents,
      'PartnerStatusChanged',
      { partnerId: 'p-both', status: 'active' },
      '2026-03-05T00:00:00.000Z',
    );
    await waitFor(async () => (await search({ active: false })).body.items.length === 0, {
      description: 'the reactivation in the overview',
    });
  });
});
