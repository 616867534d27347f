import { TOPICS } from '@roaming/contracts';
import { HEADER } from '@roaming/messaging';
import { randomUUID } from 'crypto';
import { EVSE_STATUS_FEED_CATEGORY } from '../evse-status/domain';
import { LATEST_STATUS_PROJECTION_ID } from '../evse-status/projections/latest-status/latest-status.projection';
import { OUTAGE_CATEGORY } from '../outage/domain';
import { OUTAGES_PROJECTION_ID } from '../outage/projections/outages/outages.projection';
import { SITE_CATEGORY } from '../site/domain';
import { SITES_PROJECTION_ID } from '../site/projections/sites/sites.projection';
import { aSite, StationApiFixture } from '../testing/station-api.fixture';

const [E1, E2] = ['DE*ABC*E1', 'DE*ABC*E2'];
const AREA = 'DEN01:LV-0042';

describe('EVSE history per EVSE and per load area (GeM 967/1599) from Kafka facts, over REST', () => {
  let fx: StationApiFixture;
  let cpo: ReturnType<StationApiFixture['as']>;
  let dso: ReturnType<StationApiFixture['as']>;
  let otherDso: ReturnType<StationApiFixture['as']>;

  beforeAll(async () => {
    fx = await StationApiFixture.start({ now: '2026-03-01T08:00:00.000Z' });
    cpo = fx.as(await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']));
    dso = fx.as(await fx.partnerWithKey('dso-n01', ['dso'], ['DEN01']));
    otherDso = fx.as(await fx.partnerWithKey('dso-n02', ['dso'], ['DEN02']));
    await cpo.put('/v1/operators/DEABC/sites/HH-1', aSite([E1, E2], { loadAreaId: AREA })).expect(200);
    await fx.settle(SITES_PROJECTION_ID, [SITE_CATEGORY]);

    // Status over the morning: E1 available 08:00-09:00, charging 09:00-10:00, available since 10:00.
    const report = async (statuses: { evseId: string; status: string; observedAt: string }[]) => {
      fx.clock.set(statuses[0].observedAt);
      await cpo.post('/v1/evse-statuses', { statuses }).expect(200);
      await fx.settle(LATEST_STATUS_PROJECTION_ID, [EVSE_STATUS_FEED_CATEGORY]);
    };
    await report([
      { evseId: E1, status: 'AVAILABLE', observedAt: '2026-03-01T08:00:00Z' },
      { evseId: E2, status: 'AVAILABLE', observedAt: '2026-03-01T08:00:00Z' },
    ]);
    await report([{ evseId: E1, status: 'CHARGING', observedAt: '2026-03-01T09:00:00Z' }]);
    await report([{ evseId: E1, status: 'CHARGING', observedAt: '2026-03-01T09:30:00Z' }]);
    await report([{ evseId: E1, status: 'AVAILABLE', observedAt: '2026-03-01T10:00:00Z' }]);

    // E2 under a planned maintenance 10:00-10:30.
    await cpo
      .put('/v1/operators/DEABC/outages/M-1', {
        kind: 'PLANNED',
        evseIds: [E2],
        startsAt: '2026-03-01T10:00:00Z',
        endsAt: '2026-03-01T10:30:00Z',
      })
      .expect(200);
    await fx.settle(OUTAGES_PROJECTION_ID, [OUTAGE_CATEGORY]);

    // What the authorization and CDR contexts publish, delivered twice (at-least-once).
    const facts = [
      fact(TOPICS.authorizationEvents, 'AuthorizationGranted', '2026-03-01T09:00:00.000Z', {
        authorizationId: 'a-1',
        evseId: E1,
        emspPartyId: 'DE8AA',
        emaid: 'X',
        cpoPartyId: 'DEABC',
      }),
      fact(TOPICS.authorizationEvents, 'AuthorizationDenied', '2026-03-01T08:30:00.000Z', {
        authorizationId: 'a-2',
        evseId: E1,
        emspPartyId: null,
        reason: 'UNKNOWN_TOKEN',
        cpoPartyId: 'DEABC',
      }),
      fact(TOPICS.authorizationEvents, 'AuthorizationDenied', '2026-03-01T08:40:00.000Z', {
        authorizationId: 'a-3',
        evseId: E2,
        emspPartyId: 'NLEVB',
        reason: 'TOKEN_BLOCKED',
        cpoPartyId: 'DEABC',
      }),
      fact(TOPICS.cdrForwardingEvents, 'CdrForwarded', '2026-03-01T10:01:00.000Z', {
        cdrId: 'C-1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        evseId: E1,
        startedAt: '2026-03-01T09:00:00Z',
        endedAt: '2026-03-01T10:00:00Z',
        energyWh: 11000,
      }),
    ];
    await fx.bus.publish(facts);
    await fx.bus.publish(facts.map((f) => ({ ...f, headers: { ...f.headers, [HEADER.messageId]: randomUUID() } })));
    fx.clock.set('2026-03-01T11:00:00.000Z');
  });

  afterAll(async () => {
    await fx?.close();
  });

  const window = '?from=2026-03-01T08:00:00Z&to=2026-03-01T11:00:00Z';

  it('GeM 1599: one EVSE: sessions, energy, status time, EVSPs and failed authorizations, each fact counted once', async () => {
    const res = await cpo.get(`/v1/evses/${encodeURIComponent(E1)}/history${window}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      evseId: E1,
      loadAreaId: AREA,
      from: '2026-03-01T08:00:00.000Z',
      to: '2026-03-01T11:00:00.000Z',
      sessions: { authorized: 1, charged: 1 },
      energyWh: 11000,
      failedAuthorizationAttempts: { total: 1, byReason: { UNKNOWN_TOKEN: 1 } },
      statusSeconds: { AVAILABLE: 7200, CHARGING: 3600 },
      outageSeconds: { PLANNED: 0, UNPLANNED: 0 },
      evspPartyIds: ['DE8AA'],
    });
  });

  it('GeM 1599 per load area: the grid operator of the area sees the sum and each EVSE, with quality of service', async () => {
    const res = await dso.get(`/v1/load-areas/${encodeURIComponent(AREA)}/history${window}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      loadAreaId: AREA,
      evseCount: 2,
      total: {
        energyWh: 11000,
        failedAuthorizationAttempts: { total: 2, byReason: { UNKNOWN_TOKEN: 1, TOKEN_BLOCKED: 1 } },
        statusSeconds: { AVAILABLE: 7200 + 10800, CHARGING: 3600 },
        outageSeconds: { PLANNED: 1800, UNPLANNED: 0 },
      },
    });
    expect(res.body.evses.map((e: { evseId: string }) => e.evseId)).toEqual([E1, E2]);
  });

  it('shows another grid operator nothing of the area, and refuses an inverted window', async () => {
    expect((await otherDso.get(`/v1/load-areas/${encodeURIComponent(AREA)}/history${window}`)).body.evseCount).toBe(0);
    expect((await otherDso.get(`/v1/evses/${encodeURIComponent(E1)}/history`)).body.code).toBe('EVSE_UNKNOWN');
    const bad = await cpo.get(
      `/v1/evses/${encodeURIComponent(E1)}/history?from=2026-03-01T11:00:00Z&to=2026-03-01T08:00:00Z`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('HISTORY_WINDOW_INVALID');
  });
});

function fact(topic: string, type: string, occurredAt: string, data: Record<string, unknown>) {
  return {
    topic,
    key: `${type}-${String(data.authorizationId ?? data.cdrId)}`,
    value: { type, schemaVersion: 1, occurredAt, data },
    headers: { [HEADER.messageId]: randomUUID(), [HEADER.type]: type },
  };
}
