import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { SITE_CATEGORY } from '../site/domain';
import { SITES_PROJECTION_ID } from '../site/projections/sites/sites.projection';
import { aSite, StationApiFixture } from '../testing/station-api.fixture';
import { EVSE_STATUS_FEED_CATEGORY } from '../evse-status/domain';
import { LATEST_STATUS_PROJECTION_ID } from '../evse-status/projections/latest-status/latest-status.projection';
import { OUTAGE_CATEGORY } from './domain';
import { OUTAGES_PROJECTION_ID } from './projections/outages/outages.projection';

const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const [E1, E2, E3] = ['DE*ABC*E1', 'DE*ABC*E2', 'DE*ABC*E3'];

describe('maintenance and outage notices (IEC 63119-2 UC5-1) over REST and Kafka, reflected in status', () => {
  let fx: StationApiFixture;
  let cpo: ReturnType<StationApiFixture['as']>;
  let emsp: ReturnType<StationApiFixture['as']>;

  beforeAll(async () => {
    fx = await StationApiFixture.start({ observe: [EVSP_TOPIC, TOPICS.stationManagementEvents] });
    cpo = fx.as(await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']));
    emsp = fx.as(await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']));
    const xyz = fx.as(await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']));
    await xyz.put('/v1/operators/DEXYZ/sites/X-1', aSite(['DE*XYZ*E1'])).expect(200);
    await fx.agreement('agr-1', 'DEABC', 'DE8AA');
    await cpo.put('/v1/operators/DEABC/sites/HH-1', aSite([E1, E2])).expect(200);
    await cpo.put('/v1/operators/DEABC/sites/HH-2', aSite([E3])).expect(200);
    await fx.settle(SITES_PROJECTION_ID, [SITE_CATEGORY]);
    await cpo
      .post('/v1/evse-statuses', { statuses: [E1, E2, E3].map((evseId) => ({ evseId, status: 'AVAILABLE' })) })
      .expect(200);
    await fx.settle(LATEST_STATUS_PROJECTION_ID, [EVSE_STATUS_FEED_CATEGORY]);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const settle = () => fx.settle(OUTAGES_PROJECTION_ID, [OUTAGE_CATEGORY]);
  const statuses = async () =>
    (await emsp.post('/v1/evse-statuses/lookup', { evseIds: [E1, E2, E3] })).body.statuses as {
      evseId: string;
      status: string;
      reportedStatus: string;
      outage: { noticeId: string } | null;
    }[];

  it('UC5-1: a planned maintenance of a site is shown to the EVSP, pushed on Kafka, and becomes MAINTENANCE when it starts', async () => {
    const res = await cpo.put('/v1/operators/DEABC/outages/M-1', {
      kind: 'PLANNED',
      siteId: 'HH-1',
      startsAt: '2026-03-01T12:00:00Z',
      endsAt: '2026-03-01T14:00:00Z',
      description: 'transformer maintenance',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ noticeId: 'M-1', status: 'OPEN', changed: true });
    const pushed = await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'OutageNoticeIssued');
    expect(JSON.parse(pushed.rawValue).data).toEqual({
      cpoPartyId: 'DEABC',
      noticeId: 'M-1',
      kind: 'PLANNED',
      siteId: 'HH-1',
      evseIds: [],
      startsAt: '2026-03-01T12:00:00.000Z',
      endsAt: '2026-03-01T14:00:00.000Z',
      description: 'transformer maintenance',
    });
    await fx.waitForPublished(TOPICS.stationManagementEvents, (b) => b.type === 'OutageNoticeIssued');
    await settle();

    const listed = await emsp.get('/v1/outages');
    expect(listed.body.items).toEqual([expect.objectContaining({ noticeId: 'M-1', status: 'OPEN', siteId: 'HH-1' })]);
    // Before it starts, statuses are as reported.
    expect((await statuses()).map((s) => s.status)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    expect((await emsp.get('/v1/outages?active=true')).body.items).toEqual([]);

    fx.clock.set('2026-03-01T12:30:00Z');
    const during = await statuses();
    expect(during.map((s) => [s.evseId, s.status, s.reportedStatus])).toEqual([
      [E1, 'MAINTENANCE', 'AVAILABLE'],
      [E2, 'MAINTENANCE', 'AVAILABLE'],
      [E3, 'AVAILABLE', 'AVAILABLE'],
    ]);
    expect(during[0].outage).toMatchObject({ noticeId: 'M-1', kind: 'PLANNED' });
    expect((await emsp.get(`/v1/outages?active=true&evseId=${encodeURIComponent(E2)}`)).body.items).toHaveLength(1);
  });

  it('an unplanned outage of one EVSE shows OUT_OF_ORDER until the operator ends it', async () => {
    await cpo
      .put('/v1/operators/DEABC/outages/F-7', { kind: 'UNPLANNED', evseIds: [E3], startsAt: '2026-03-01T12:20:00Z' })
      .expect(200);
    await settle();
    expect((await statuses()).find((s) => s.evseId === E3)).toMatchObject({
      status: 'OUT_OF_ORDER',
      outage: { noticeId: 'F-7' },
    });

    fx.clock.set('2026-03-01T13:00:00Z');
    const ended = await cpo.post('/v1/operators/DEABC/outages/F-7/end');
    expect(ended.body).toEqual({ noticeId: 'F-7', status: 'ENDED', changed: true });
    await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'OutageEnded' && b.data.noticeId === 'F-7');
    await settle();
    expect((await statuses()).find((s) => s.evseId === E3)).toMatchObject({ status: 'AVAILABLE', outage: null });
  });

  it('revises a maintenance that runs longer, and shows the new end', async () => {
    const longer = {
      kind: 'PLANNED',
      siteId: 'HH-1',
      startsAt: '2026-03-01T12:00:00Z',
      endsAt: '2026-03-01T16:00:00Z',
    };
    expect((await cpo.put('/v1/operators/DEABC/outages/M-1', longer)).body.changed).toBe(true);
    expect((await cpo.put('/v1/operators/DEABC/outages/M-1', longer)).body.changed).toBe(false);
    await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'OutageNoticeRevised');
    await settle();
    fx.clock.set('2026-03-01T15:00:00Z');
    expect((await statuses())[0]).toMatchObject({
      status: 'MAINTENANCE',
      outage: { endsAt: '2026-03-01T16:00:00.000Z' },
    });
  });

  it('cancels a planned notice; it stays listed, marked CANCELLED', async () => {
    await cpo
      .put('/v1/operators/DEABC/outages/M-2', { kind: 'PLANNED', evseIds: [E3], startsAt: '2026-03-05T08:00:00Z' })
      .expect(200);
    const res = await cpo.post('/v1/operators/DEABC/outages/M-2/cancel');
    expect(res.body.status).toBe('CANCELLED');
    await settle();
    expect((await emsp.get('/v1/outages?limit=2000')).body.items).toContainEqual(
      expect.objectContaining({ noticeId: 'M-2', status: 'CANCELLED' }),
    );
  });

  it.each([
    [
      'an EVSE of another operator',
      { kind: 'UNPLANNED', evseIds: ['DE*XYZ*E1'], startsAt: '2026-03-01T12:00:00Z' },
      403,
      'EVSE_NOT_OWNED',
    ],
    [
      'an EVSE no site lists',
      { kind: 'UNPLANNED', evseIds: ['DE*ABC*E99'], startsAt: '2026-03-01T12:00:00Z' },
      404,
      'EVSE_UNKNOWN',
    ],
    ['an unknown site', { kind: 'PLANNED', siteId: 'NOPE', startsAt: '2026-03-01T12:00:00Z' }, 404, 'SITE_NOT_FOUND'],
    [
      'both a site and EVSEs',
      { kind: 'PLANNED', siteId: 'HH-1', evseIds: [E1], startsAt: '2026-03-01T12:00:00Z' },
      400,
      'OUTAGE_SCOPE_INVALID',
    ],
    [
      'an end before the start',
      { kind: 'PLANNED', siteId: 'HH-1', startsAt: '2026-03-01T12:00:00Z', endsAt: '2026-03-01T11:00:00Z' },
      400,
      'OUTAGE_PERIOD_INVALID',
    ],
    [
      'an unknown kind',
      { kind: 'SOMETIMES', siteId: 'HH-1', startsAt: '2026-03-01T12:00:00Z' },
      400,
      'REQUEST_INVALID',
    ],
  ])('refuses %s with the rule, storing nothing', async (_c, body, status, code) => {
    const before = await fx.eventCount(OUTAGE_CATEGORY);
    const res = await cpo.put('/v1/operators/DEABC/outages/BAD-1', body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await fx.eventCount(OUTAGE_CATEGORY)).toBe(before);
  });

  it('refuses to end a notice that does not exist, and a notice of another party', async () => {
    expect((await cpo.post('/v1/operators/DEABC/outages/NONE/end')).body.code).toBe('OUTAGE_NOT_FOUND');
    expect((await cpo.post('/v1/operators/DEXYZ/outages/M-1/end')).body.code).toBe('PARTY_SCOPE');
  });
});
