import { partnerOutboundTopic, STATION_TOPICS } from '@roaming/contracts';
import { SITE_CATEGORY } from '../site/domain';
import { SITES_PROJECTION_ID } from '../site/projections/sites/sites.projection';
import { aSite, StationApiFixture } from '../testing/station-api.fixture';
import { STATION_COMMAND_CATEGORY } from './domain/station-command';
import { STATION_COMMAND_DEADLINES_ID } from './projections/station-command-deadlines.projection';

const CPO_TOPIC = partnerOutboundTopic('DEABC');
const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const E1 = 'DE*ABC*E1';

describe('emergency cable unlock relayed with tracked outcome (IEC 63119-2 UC5-2, UC5-3) over REST and Kafka', () => {
  let fx: StationApiFixture;
  let cpo: ReturnType<StationApiFixture['as']>;
  let cpoKey: string;
  let emsp: ReturnType<StationApiFixture['as']>;
  let strangerEmsp: ReturnType<StationApiFixture['as']>;

  beforeAll(async () => {
    fx = await StationApiFixture.start({ observe: [CPO_TOPIC, EVSP_TOPIC], config: { commandTimeoutSeconds: 30 } });
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    cpo = fx.as(cpoKey);
    emsp = fx.as(await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']));
    strangerEmsp = fx.as(await fx.partnerWithKey('emsp-evb', ['emsp'], ['NLEVB']));
    await fx.agreement('agr-1', 'DEABC', 'DE8AA');
    await cpo.put('/v1/operators/DEABC/sites/HH-1', aSite([E1])).expect(200);
    await fx.settle(SITES_PROJECTION_ID, [SITE_CATEGORY]);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const unlock = (body: object = { connectorId: '1', context: 'FAILED_ACTIVATION' }, as = emsp) =>
    as.post(`/v1/evses/${encodeURIComponent(E1)}/unlock`, body);
  const toCpo = (id: string) =>
    fx.waitForPublished(CPO_TOPIC, (b) => b.type === 'UnlockConnectorRequested' && b.data.commandId === id);
  const toEvsp = (id: string) =>
    fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'StationCommandResult' && b.data.commandId === id);

  it('UC5-3: relays the unlock after a failed activation to the CPO and returns its outcome to the EVSP (REST)', async () => {
    const res = await unlock();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'UNLOCK_CONNECTOR',
      status: 'PENDING',
      evseId: E1,
      connectorId: '1',
      context: 'FAILED_ACTIVATION',
      respondBy: '2026-03-01T10:00:30.000Z',
    });
    const id = res.body.commandId;
    expect(JSON.parse((await toCpo(id)).rawValue).data).toMatchObject({
      evseId: E1,
      connectorId: '1',
      emspPartyId: 'DE8AA',
    });
    const done = await cpo.post(`/v1/station-commands/${id}/result`, { result: 'UNLOCKED' });
    expect(done.body).toMatchObject({ status: 'COMPLETED', result: 'UNLOCKED' });
    expect(JSON.parse((await toEvsp(id)).rawValue).data).toMatchObject({ status: 'UNLOCKED', evseId: E1 });
    expect((await emsp.get(`/v1/station-commands/${id}`)).body.result).toBe('UNLOCKED');
  });

  it('UC5-2: takes the outcome of an unlock during a session from Kafka, once', async () => {
    const res = await unlock({ connectorId: '1', context: 'SESSION', authorizationId: 'auth-42' });
    const id = res.body.commandId;
    await toCpo(id);
    const signed = fx.partnerMessage(cpoKey, {
      topic: STATION_TOPICS.stationCommandsInbound,
      key: 'DEABC',
      value: { type: 'CommandResult', commandId: id, result: 'UNLOCK_FAILED', reason: 'lock jammed' },
    });
    for (let i = 0; i < 2; i++) await fx.bus.publish([signed]);
    expect((await emsp.get(`/v1/station-commands/${id}`)).body).toMatchObject({
      status: 'COMPLETED',
      result: 'UNLOCK_FAILED',
      reason: 'lock jammed',
    });
    expect((await fx.store.readStream(`stationCommand-${id}`)).map((e) => e.type)).toEqual([
      'UnlockRequested',
      'StationCommandCompleted',
    ]);
  });

  it('times the command out when the CPO does not answer, and tells the EVSP', async () => {
    const id = (await unlock()).body.commandId;
    await fx.settle(STATION_COMMAND_DEADLINES_ID, [STATION_COMMAND_CATEGORY]);
    fx.clock.set('2026-03-01T10:00:30.000Z');
    try {
      await fx.fireDeadlines();
      expect((await emsp.get(`/v1/station-commands/${id}`)).body.status).toBe('TIMED_OUT');
      expect(JSON.parse((await toEvsp(id)).rawValue).data.status).toBe('TIMED_OUT');
      const late = await cpo.post(`/v1/station-commands/${id}/result`, { result: 'UNLOCKED' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('COMMAND_CLOSED');
    } finally {
      fx.clock.set('2026-03-01T10:00:00.000Z');
    }
  });

  it('refuses (recorded, not relayed) an EVSP without an agreement with the operator', async () => {
    const res = await unlock(undefined, strangerEmsp);
    expect(res.body).toMatchObject({ status: 'REFUSED', reason: 'NO_ROAMING_AGREEMENT' });
    expect((await strangerEmsp.get(`/v1/station-commands/${res.body.commandId}`)).status).toBe(200);
    expect((await emsp.get(`/v1/station-commands/${res.body.commandId}`)).status).toBe(404);
  });

  it.each([
    [
      'an unknown connector',
      `/v1/evses/${encodeURIComponent(E1)}/unlock`,
      { connectorId: '9', context: 'SESSION' },
      404,
      'CONNECTOR_UNKNOWN',
    ],
    [
      'an unknown EVSE',
      `/v1/evses/${encodeURIComponent('DE*ABC*E99')}/unlock`,
      { connectorId: '1', context: 'SESSION' },
      404,
      'EVSE_UNKNOWN',
    ],
    [
      'an unknown context',
      `/v1/evses/${encodeURIComponent(E1)}/unlock`,
      { connectorId: '1', context: 'PANIC' },
      400,
      'REQUEST_INVALID',
    ],
  ])('refuses %s with the rule, storing nothing', async (_c, path, body, status, code) => {
    const before = await fx.eventCount(STATION_COMMAND_CATEGORY);
    const res = await emsp.post(path, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await fx.eventCount(STATION_COMMAND_CATEGORY)).toBe(before);
  });
});
