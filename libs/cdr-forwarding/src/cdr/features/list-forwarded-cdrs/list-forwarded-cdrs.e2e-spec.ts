import { CdrForwardingApiFixture } from '../../../testing/cdr-forwarding-api.fixture';

/**
 * GET /v1/cdrs — the EVSP's pull delivery of the CDRs routed to it (eMI3 UC 200 step 16.1, GeM 984; OICP's
 * GetChargeDetailRecords for "offline" EMPs), with cursor pagination and true deltas (ARCHITECTURE.md §7).
 */
describe('GET /v1/cdrs (eMI3 UC 200 16.1, GeM 984: the EVSP fetches its CDRs)', () => {
  let fx: CdrForwardingApiFixture;
  let cpoKey: string;
  let emspKey: string;
  let otherEmspKey: string;

  beforeAll(async () => {
    fx = await CdrForwardingApiFixture.start();
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    emspKey = await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']);
    otherEmspKey = await fx.partnerWithKey('emsp-tnm', ['emsp'], ['NLTNM']);
    await fx.agreement('agr-abc-8aa', 'DEABC', 'DE8AA');
    await fx.agreement('agr-abc-tnm', 'DEABC', 'NLTNM');
  });

  afterAll(async () => {
    await fx?.close();
  });

  async function forward(count: number, emaid = 'DE-8AA-001234567-0'): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const cdr = fx.cdr({ emaid });
      const res = await fx.postCdr(cpoKey, cdr);
      expect(res.status).toBe(201);
      ids.push(cdr.cdrId);
    }
    await fx.waitForForwarded('DEABC', ids[ids.length - 1]);
    return ids;
  }

  it('pages through the CDRs in arrival order, and the last cursor then returns only newer ones (true delta)', async () => {
    const first = await forward(5);

    const page1 = await fx.listCdrs(emspKey, { limit: 2 });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((c: { cdrId: string }) => c.cdrId)).toEqual(first.slice(0, 2));
    const page2 = await fx.listCdrs(emspKey, { limit: 2, cursor: page1.body.nextCursor });
    expect(page2.body.items.map((c: { cdrId: string }) => c.cdrId)).toEqual(first.slice(2, 4));
    const page3 = await fx.listCdrs(emspKey, { limit: 2, cursor: page2.body.nextCursor });
    expect(page3.body.items.map((c: { cdrId: string }) => c.cdrId)).toEqual(first.slice(4));

    const caughtUp = await fx.listCdrs(emspKey, { cursor: page3.body.nextCursor });
    expect(caughtUp.body).toEqual({ items: [], nextCursor: page3.body.nextCursor });

    const later = await forward(2);
    const delta = await fx.listCdrs(emspKey, { cursor: page3.body.nextCursor });
    expect(delta.body.items.map((c: { cdrId: string }) => c.cdrId)).toEqual(later);
    expect(delta.body.nextCursor).not.toBe(page3.body.nextCursor);
  });

  it('shows an EVSP only the CDRs forwarded to its own parties', async () => {
    const mine = await forward(1, 'NL-TNM-C00122045-K');
    const theirs = await forward(1);
    const other = await fx.listCdrs(otherEmspKey, { limit: 2000 });
    const ids = other.body.items.map((c: { cdrId: string }) => c.cdrId);
    expect(ids).toEqual(mine);
    expect(ids).not.toContain(theirs[0]);
    expect(other.body.items.every((c: { emspPartyId: string }) => c.emspPartyId === 'NLTNM')).toBe(true);
  });

  it('shows an EVSP with no forwarded CDRs nothing, and a rejected CDR is never listed', async () => {
    const lonelyKey = await fx.partnerWithKey('emsp-lon', ['emsp'], ['GBLON']);
    const rejected = await fx.postCdr(cpoKey, fx.cdr({ emaid: 'GB-LON-000000001' }));
    expect(rejected.body.code).toBe('CDR_NO_AGREEMENT');
    const res = await fx.listCdrs(lonelyKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it.each([
    [{ limit: 0 }, 'REQUEST_INVALID'],
    [{ limit: 2001 }, 'REQUEST_INVALID'],
    [{ limit: 'ten' }, 'REQUEST_INVALID'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, 'CURSOR_INVALID'],
    [{ cursor: '!!' }, 'CURSOR_INVALID'],
  ])('answers 400 for %j (%s)', async (query, code) => {
    const res = await fx.listCdrs(emspKey, query as Record<string, string | number>);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('is for EVSPs only: a CPO gets 403 ROLE_REQUIRED', async () => {
    const res = await fx.listCdrs(cpoKey);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });
});
