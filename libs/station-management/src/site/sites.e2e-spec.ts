import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { HEADER } from '@roaming/messaging';
import { SITES_PROJECTION_ID } from './projections/sites/sites.projection';
import { aSite, anEvse, StationApiFixture } from '../testing/station-api.fixture';
import { SITE_CATEGORY } from './domain';

const EVSP = 'DE8AA';
const EVSP_TOPIC = partnerOutboundTopic(EVSP);
const OTHER_EVSP_TOPIC = partnerOutboundTopic('NLEVB');
const E1 = 'DE*ABC*E1001*1';
const E2 = 'DE*ABC*E1001*2';

describe('sites, EVSEs and connectors (IEC 63119-2 UC1-2, eMI3 UCE MD) over REST and Kafka', () => {
  let fx: StationApiFixture;
  let cpo: ReturnType<StationApiFixture['as']>;
  let emsp: ReturnType<StationApiFixture['as']>;
  let strangerEmsp: ReturnType<StationApiFixture['as']>;

  beforeAll(async () => {
    fx = await StationApiFixture.start({
      observe: [TOPICS.stationManagementEvents, EVSP_TOPIC, OTHER_EVSP_TOPIC],
    });
    cpo = fx.as(await fx.partnerWithKey('cpo-abc', ['cpo'], ['DE*ABC', 'DE*ABD']));
    emsp = fx.as(await fx.partnerWithKey('emsp-8aa', ['emsp'], [EVSP]));
    strangerEmsp = fx.as(await fx.partnerWithKey('emsp-evb', ['emsp'], ['NLEVB']));
    await fx.agreement('agr-1', 'DEABC', EVSP);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const settle = () => fx.settle(SITES_PROJECTION_ID, [SITE_CATEGORY]);

  it('UC1-2: a CPO publishes a site in full; the EVSP with an agreement pulls it and receives it on Kafka', async () => {
    const res = await cpo.put('/v1/operators/DEABC/sites/HH-1', aSite([E1, 'de*abc*e1001*2']));
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    expect(res.body.site).toMatchObject({
      cpoPartyId: 'DEABC',
      siteId: 'HH-1',
      status: 'PUBLISHED',
      loadAreaId: 'DEN01:LV-0042',
      evses: [
        { evseId: E1, status: 'PUBLISHED', maxPowerW: 22000 },
        { evseId: E2, status: 'PUBLISHED' },
      ],
    });

    const pushed = await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'SitePublished');
    expect(pushed.key).toBe('site-DEABC+HH-1');
    expect(pushed.headers[HEADER.type]).toBe('SitePublished');
    expect(JSON.parse(pushed.rawValue).data).toMatchObject({ site: { siteId: 'HH-1' }, changedEvseIds: [E1, E2] });
    await fx.waitForPublished(TOPICS.stationManagementEvents, (b) => b.type === 'SitePublished');
    // An EVSP without an agreement with the operator receives nothing.
    expect(fx.published.filter((m) => m.topic === OTHER_EVSP_TOPIC)).toEqual([]);

    await settle();
    const page = await emsp.get('/v1/sites');
    expect(page.status).toBe(200);
    expect(page.body.items.map((s: { siteId: string }) => s.siteId)).toEqual(['HH-1']);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const one = await emsp.get('/v1/operators/DE*ABC/sites/HH-1');
    expect(one.status).toBe(200);
    expect(one.body.evses).toHaveLength(2);
  });

  it('changes nothing when the same full load arrives again', async () => {
    const before = await fx.eventCount(SITE_CATEGORY);
    const res = await cpo.put('/v1/operators/DEABC/sites/HH-1', aSite([E1, E2]));
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(false);
    expect(await fx.eventCount(SITE_CATEGORY)).toBe(before);
  });

  it('eMI3 UCE MD delta: pulls only what changed since a cursor, withdrawals included, with paging', async () => {
    await settle();
    const start = (await emsp.get('/v1/sites')).body.nextCursor;
    await cpo.put('/v1/operators/DEABC/sites/HH-2', aSite(['DE*ABC*E2001*1'])).expect(200);
    await cpo.put('/v1/operators/DEABC/sites/HH-3', aSite(['DE*ABC*E3001*1'])).expect(200);
    await cpo
      .put(`/v1/operators/DEABC/sites/HH-1/evses/${encodeURIComponent(E2)}`, {
        ...anEvse(E2, { maxPowerW: 50000 }),
        evseId: undefined,
      })
      .expect(200);
    await cpo.delete('/v1/operators/DEABC/sites/HH-3').expect(200);
    await settle();

    const firstPage = await emsp.get(`/v1/sites?since=${start}&limit=2`);
    expect(firstPage.body.items.map((s: { siteId: string }) => s.siteId)).toEqual(['HH-2', 'HH-1']);
    const secondPage = await emsp.get(`/v1/sites?since=${firstPage.body.nextCursor}&limit=2`);
    expect(secondPage.body.items).toEqual([expect.objectContaining({ siteId: 'HH-3', status: 'WITHDRAWN' })]);
    const nothingNew = await emsp.get(`/v1/sites?since=${secondPage.body.nextCursor}`);
    expect(nothingNew.body).toEqual({ items: [], nextCursor: secondPage.body.nextCursor });

    const full = await emsp.get('/v1/sites?limit=2000');
    expect(full.body.items.map((s: { siteId: string }) => s.siteId).sort()).toEqual(['HH-1', 'HH-2']);
    const hh1 = full.body.items.find((s: { siteId: string }) => s.siteId === 'HH-1');
    expect(hh1.evses.find((e: { evseId: string }) => e.evseId === E2).maxPowerW).toBe(50000);
  });

  it('withdraws an EVSE (no hard delete) and tells the EVSP on Kafka', async () => {
    const res = await cpo.delete(`/v1/operators/DEABC/sites/HH-1/evses/${encodeURIComponent(E1)}`);
    expect(res.status).toBe(200);
    expect(res.body.site.evses.find((e: { evseId: string }) => e.evseId === E1).status).toBe('WITHDRAWN');
    const pushed = await fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'SitePublished' && (b.data.withdrawnEvseIds as string[]).includes(E1),
    );
    expect(JSON.parse(pushed.rawValue).data.site.evses).toContainEqual(
      expect.objectContaining({ evseId: E1, status: 'WITHDRAWN' }),
    );
    // Withdrawing it again changes nothing.
    expect((await cpo.delete(`/v1/operators/DEABC/sites/HH-1/evses/${encodeURIComponent(E1)}`)).body.changed).toBe(
      false,
    );
  });

  it('moves an EVSE to another site only after its first site withdrew it', async () => {
    const taken = await cpo.put('/v1/operators/DEABC/sites/HH-9', aSite([E2]));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('EVSE_ON_OTHER_SITE');
  });

  it('accepts EVSEs under any of the CPO party ids', async () => {
    const res = await cpo.put('/v1/operators/DEABC/sites/HH-5', aSite(['DE*ABD*E1']));
    expect(res.status).toBe(200);
  });

  it('refuses an EVSE of another operator with 403 EVSE_NOT_OWNED, storing nothing', async () => {
    const before = await fx.eventCount(SITE_CATEGORY);
    const res = await cpo.put('/v1/operators/DEABC/sites/HH-6', aSite(['DE*XYZ*E1']));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'EVSE_NOT_OWNED', operatorId: 'DEXYZ' });
    expect(await fx.eventCount(SITE_CATEGORY)).toBe(before);
  });

  it('refuses a site of a party the caller does not act for (PARTY_SCOPE) and EVSPs writing sites (ROLE_REQUIRED)', async () => {
    expect((await cpo.put('/v1/operators/DEXYZ/sites/HH-7', aSite([]))).body.code).toBe('PARTY_SCOPE');
    expect((await emsp.put('/v1/operators/DEABC/sites/HH-7', aSite([]))).body.code).toBe('ROLE_REQUIRED');
  });

  it.each([
    ['a malformed EVSE id', aSite(['DE-ABC-1']), 'EVSE_ID_INVALID', 'evses.0.evseId'],
    [
      'an unknown connector standard',
      aSite([], {
        evses: [
          anEvse(E1, {
            connectors: [{ connectorId: '1', standard: 'TYPE9', format: 'SOCKET', powerType: 'DC', maxPowerW: 1 }],
          }),
        ],
      }),
      'REQUEST_INVALID',
      'evses.0.connectors.0.standard',
    ],
    ['a load area without grid operator', aSite([], { loadAreaId: 'LV-0042' }), 'LOAD_AREA_INVALID', 'loadAreaId'],
    [
      'an inverted validity period',
      aSite([], { validFrom: '2026-05-01T00:00:00Z', validUntil: '2026-04-01T00:00:00Z' }),
      'VALIDITY_PERIOD_INVALID',
      'validUntil',
    ],
  ])('400 for %s, naming the rule, storing nothing', async (_case, body, code, field) => {
    const before = await fx.eventCount(SITE_CATEGORY);
    const res = await cpo.put('/v1/operators/DEABC/sites/HH-8', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(await fx.eventCount(SITE_CATEGORY)).toBe(before);
  });

  it('shows an EVSP without an agreement nothing of the operator', async () => {
    await settle();
    expect((await strangerEmsp.get('/v1/sites')).body.items).toEqual([]);
    const one = await strangerEmsp.get('/v1/operators/DEABC/sites/HH-1');
    expect(one.status).toBe(404);
    expect(one.body.code).toBe('SITE_NOT_FOUND');
  });

  it('eMI3 UCE MD bulk push: a full load of every site withdraws the sites it no longer lists', async () => {
    const cpoB = fx.as(await fx.partnerWithKey('cpo-full', ['cpo'], ['DEFUL']));
    const load = (ids: string[]) => ({ sites: ids.map((siteId) => ({ ...aSite([`DE*FUL*E${siteId}`]), siteId })) });
    const first = await cpoB.put('/v1/operators/DEFUL/sites', load(['1', '2', '3']));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ published: ['1', '2', '3'], unchanged: [], withdrawn: [] });
    await settle();
    const second = await cpoB.put('/v1/operators/DEFUL/sites', load(['1', '3']));
    expect(second.body).toEqual({ published: [], unchanged: ['1', '3'], withdrawn: ['2'] });
    await settle();
    const again = await cpoB.put('/v1/operators/DEFUL/sites', load(['1', '3']));
    expect(again.body).toEqual({ published: [], unchanged: ['1', '3'], withdrawn: [] });
  });

  it('checks a whole full load before writing: one foreign EVSE stores nothing', async () => {
    const before = await fx.eventCount(SITE_CATEGORY);
    const res = await cpo.put('/v1/operators/DEABC/sites', {
      sites: [
        { ...aSite(['DE*ABC*E7001*1']), siteId: 'L-1' },
        { ...aSite(['DE*XYZ*E1']), siteId: 'L-2' },
      ],
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('EVSE_NOT_OWNED');
    expect(await fx.eventCount(SITE_CATEGORY)).toBe(before);
  });

  it('refuses a cursor it did not hand out', async () => {
    const res = await emsp.get('/v1/sites?since=bm9wZQ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CURSOR_INVALID');
  });
});
