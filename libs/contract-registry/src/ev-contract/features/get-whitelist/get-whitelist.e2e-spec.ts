import { Emaid } from '@roaming/shared-kernel';
import { RegistryApiFixture, type TestPartner } from '../../../testing/registry-api.fixture';

const emaid = (party: string, n: number) => Emaid.parse(`${party}C${String(n).padStart(8, '0')}`).value;
const rfid = (n: number) => (0x0a000000 + n).toString(16).toUpperCase().padStart(8, '0');

interface Entry {
  emspPartyId: string;
  uid: string;
  status: string;
  roaming: boolean;
  valid: boolean;
}
interface Page {
  items: Entry[];
  nextCursor: string;
  hasMore: boolean;
}

/**
 * Pre-distribution of identification data for offline use (IEC 63119 UC4-2; GeM 983 white list): a CPO fetches the
 * tokens valid at its EVSEs — those of the EVSPs it has an active agreement with — in full, then only the changes
 * since a position it kept, blocks and ended agreements included.
 */
describe('GET /v1/whitelist (IEC 63119 UC4-2 offline identification)', () => {
  let fx: RegistryApiFixture;
  let cpo: TestPartner;
  let lonelyCpo: TestPartner;
  let evspA: TestPartner;
  let evspB: TestPartner;
  let agreementA: string;
  beforeAll(async () => {
    fx = await RegistryApiFixture.start();
    cpo = await fx.partner('Charge Point Operator', ['cpo'], ['DEABC']);
    lonelyCpo = await fx.partner('CPO without agreements', ['cpo'], ['FRLON']);
    evspA = await fx.partner('EVSP A', ['emsp'], ['NLEVA']);
    evspB = await fx.partner('EVSP B', ['emsp'], ['BEEVB']);
    const contracts = (party: string, count: number, from = 1) =>
      Array.from({ length: count }, (_, i) => ({
        emaid: emaid(party, from + i),
        tokens: [{ uid: rfid(from + i + (party === 'BEEVB' ? 5000 : 0)), type: 'RFID' }],
      }));
    await upload(evspA, [
      ...contracts('NLEVA', 5),
      { emaid: emaid('NLEVA', 6), allowOffline: false, tokens: [{ uid: rfid(6), type: 'RFID' }] },
    ]);
    await upload(evspB, contracts('BEEVB', 3));
    agreementA = await agreement('NLEVA', evspA);
  });
  afterAll(() => fx.close());

  async function upload(evsp: TestPartner, contracts: object[]) {
    await fx.http().post('/v1/contracts/batch').set('X-API-Key', evsp.apiKey).send({ contracts }).expect(200);
  }
  async function agreement(emspPartyId: string, evsp: TestPartner): Promise<string> {
    const offered = await fx
      .http()
      .post('/v1/agreements')
      .set('X-API-Key', cpo.apiKey)
      .send({ cpoPartyId: 'DEABC', emspPartyId, validFrom: '2026-01-01T00:00:00Z' })
      .expect(201);
    await fx.http().post(`/v1/agreements/${offered.body.agreementId}/accept`).set('X-API-Key', evsp.apiKey).expect(200);
    return offered.body.agreementId as string;
  }
  const whitelist = (query: Record<string, string | number>, apiKey = cpo.apiKey) =>
    fx.http().get('/v1/whitelist').query(query).set('X-API-Key', apiKey);
  /** Reads pages until hasMore is false; waits until `ready` says the projection has caught up. */
  async function readAll(query: Record<string, string | number>, ready: (items: Entry[]) => boolean) {
    return fx.waitFor('the whitelist to show the change', async () => {
      const items: Entry[] = [];
      let page: Page;
      let position: Record<string, string | number> = query;
      do {
        const res = await whitelist({ limit: 2, ...position });
        expect(res.status).toBe(200);
        page = res.body as Page;
        items.push(...page.items);
        position = 'since' in query ? { since: page.nextCursor } : { cursor: page.nextCursor };
      } while (page.hasMore);
      return ready(items) ? { items, cursor: page.nextCursor } : undefined;
    });
  }

  let position = '';

  it('lists, page by page, the tokens valid at the CPO: its agreed EVSPs only, offline-allowed ones only', async () => {
    const { items, cursor } = await readAll({}, (items) => items.length === 5);
    expect(items.map((e) => e.emspPartyId)).toEqual(Array(5).fill('NLEVA'));
    expect(items.every((e) => e.valid && e.roaming && e.status === 'active')).toBe(true);
    expect(items.map((e) => e.uid)).not.toContain(rfid(6));
    position = cursor;
    const nothing = await whitelist({}, lonelyCpo.apiKey);
    expect(nothing.body).toMatchObject({ items: [], hasMore: false });
  });

  it('answers only what changed since a position: a block shows up as a change, not as a missing token', async () => {
    await fx
      .http()
      .post(`/v1/contracts/${emaid('NLEVA', 2)}/tokens/${rfid(2)}/block`)
      .set('X-API-Key', evspA.apiKey);
    const { items, cursor } = await readAll({ since: position }, (items) => items.length === 1);
    expect(items).toEqual([expect.objectContaining({ uid: rfid(2), status: 'blocked', valid: false, roaming: true })]);
    position = cursor;
    const quiet = await whitelist({ since: position });
    expect(quiet.body).toEqual({ items: [], nextCursor: position, hasMore: false });
  });

  it('adds every token of an EVSP once its agreement with the CPO is active', async () => {
    await agreement('BEEVB', evspB);
    const { items, cursor } = await readAll({ since: position }, (items) => items.length === 3);
    expect(items.map((e) => e.emspPartyId)).toEqual(['BEEVB', 'BEEVB', 'BEEVB']);
    expect(items.every((e) => e.valid)).toBe(true);
    position = cursor;
  });

  it('takes an EVSP off when its agreement is suspended (GeM 1469): its tokens come as roaming: false', async () => {
    await fx.http().post(`/v1/agreements/${agreementA}/suspend`).set('X-API-Key', cpo.apiKey).expect(200);
    const { items, cursor } = await readAll({ since: position }, (items) => items.length === 6);
    expect(items.every((e) => e.emspPartyId === 'NLEVA' && !e.roaming && !e.valid)).toBe(true);
    position = cursor;
    const full = await readAll({}, (items) => items.length === 3);
    expect(full.items.map((e) => e.emspPartyId)).toEqual(['BEEVB', 'BEEVB', 'BEEVB']);
  });

  it('refuses a foreign position, both cursor and since, and an EVSP caller', async () => {
    expect((await whitelist({ since: 'bm9wZQ' })).body.code).toBe('CURSOR_INVALID');
    expect((await whitelist({ since: position, cursor: position })).body.code).toBe('WHITELIST_QUERY_INVALID');
    expect((await whitelist({ cpoPartyId: 'FRLON' })).status).toBe(403);
    expect((await whitelist({}, evspA.apiKey)).status).toBe(403);
  });
});
