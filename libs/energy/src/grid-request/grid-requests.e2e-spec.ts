import { ENERGY_TOPICS, partnerOutboundTopic, partnerPriorityTopic, TOPICS } from '@roaming/contracts';
import { deadLetterTopic, HEADER } from '@roaming/messaging';
import { randomUUID } from 'crypto';
import { EnergyApiFixture } from '../testing/energy-api.fixture';
import { GRID_REQUEST_CATEGORY } from './domain/grid-request';
import { GRID_REQUESTS_PROJECTION_ID } from './projections/grid-requests.projection';

const AREA = 'DEN01:LV-0042';
const DSO_TOPIC = partnerOutboundTopic('DEN01');
const ABC_PRIORITY = partnerPriorityTopic('DEABC');
const XYZ_PRIORITY = partnerPriorityTopic('DEXYZ');
const ABC_OUTBOUND = partnerOutboundTopic('DEABC');
const FAR_TOPICS = [partnerOutboundTopic('DEFAR'), partnerPriorityTopic('DEFAR')];

describe('grid requests per load area (GeM 972/1602, 961/1596, 1313/1572; IEC 63110 E5) and energy events, over REST and Kafka', () => {
  let fx: EnergyApiFixture;
  let dso: ReturnType<EnergyApiFixture['as']>;
  let otherDso: ReturnType<EnergyApiFixture['as']>;
  let abc: ReturnType<EnergyApiFixture['as']>;
  let requestId: string;
  let dsoKey: string;
  let abcKey: string;
  let xyzKey: string;

  beforeAll(async () => {
    fx = await EnergyApiFixture.start({
      observe: [DSO_TOPIC, ABC_PRIORITY, XYZ_PRIORITY, ABC_OUTBOUND, ...FAR_TOPICS, TOPICS.energyEvents],
      config: { acknowledgeSeconds: { EMERGENCY: 60, HIGH: 300, NORMAL: 900 } },
    });
    dsoKey = await fx.partnerWithKey('dso-n01', ['dso'], ['DEN01']);
    dso = fx.as(dsoKey);
    otherDso = fx.as(await fx.partnerWithKey('dso-n02', ['dso'], ['DEN02']));
    abcKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    abc = fx.as(abcKey);
    xyzKey = await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']);
    await fx.site('DEABC', 'HH-1', AREA, [
      { evseId: 'DE*ABC*E1', maxPowerW: 22000 },
      { evseId: 'DE*ABC*E2', maxPowerW: 22000 },
    ]);
    await fx.site('DEXYZ', 'X-1', AREA, [{ evseId: 'DE*XYZ*E1', maxPowerW: 50000 }]);
    await fx.site('DEFAR', 'F-1', 'DEN01:LV-0099', [{ evseId: 'DE*FAR*E1', maxPowerW: 11000 }]);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const deadLetter = (messageId: string) =>
    fx.bus
      .deadLetters(deadLetterTopic(ENERGY_TOPICS.gridResponsesInbound))
      .find((m) => m.headers[HEADER.messageId] === messageId);

  const curtailment = {
    loadAreaId: AREA,
    kind: 'CURTAILMENT',
    priority: 'EMERGENCY',
    startsAt: '2026-03-01T10:00:00Z',
    endsAt: '2026-03-01T12:00:00Z',
    limitW: 20000,
  };

  it('UC 1572: an emergency curtailment reaches every CPO with EVSEs in the area on its priority topic, and no one else', async () => {
    const res = await dso.post('/v1/grid-requests', curtailment);
    expect(res.status).toBe(201);
    requestId = res.body.requestId;
    expect(res.body).toMatchObject({
      dsoPartyId: 'DEN01',
      status: 'OPEN',
      respondBy: '2026-03-01T10:01:00.000Z',
      targets: [
        { cpoPartyId: 'DEABC', evseIds: ['DE*ABC*E1', 'DE*ABC*E2'], answer: 'PENDING' },
        { cpoPartyId: 'DEXYZ', evseIds: ['DE*XYZ*E1'], answer: 'PENDING' },
      ],
    });
    const toAbc = await fx.waitForPublished(
      ABC_PRIORITY,
      (b) => b.type === 'GridRequestIssued' && b.data.requestId === requestId,
    );
    expect(JSON.parse(toAbc.rawValue).data).toMatchObject({
      priority: 'EMERGENCY',
      limitW: 20000,
      evseIds: ['DE*ABC*E1', 'DE*ABC*E2'],
    });
    await fx.waitForPublished(XYZ_PRIORITY, (b) => b.type === 'GridRequestIssued' && b.data.requestId === requestId);
    expect(fx.published.filter((m) => FAR_TOPICS.includes(m.topic))).toEqual([]);
    await fx.waitForPublished(
      TOPICS.energyEvents,
      (b) => b.type === 'GridRequestIssued' && b.data.requestId === requestId,
    );
  });

  it('records acknowledgements from REST and Kafka; the DSO hears of each, and records see the activation', async () => {
    const acked = await abc.post(`/v1/grid-requests/${requestId}/acknowledgement`, { accepted: true });
    expect(acked.status).toBe(200);
    expect(acked.body.targets[0]).toMatchObject({ cpoPartyId: 'DEABC', answer: 'ACKNOWLEDGED' });
    const toDso = await fx.waitForPublished(
      DSO_TOPIC,
      (b) => b.type === 'GridResponseRecorded' && b.data.cpoPartyId === 'DEABC',
    );
    expect(JSON.parse(toDso.rawValue).data).toMatchObject({ kind: 'ACKNOWLEDGED', requestId });
    const activation = await fx.waitForPublished(
      TOPICS.energyEvents,
      (b) => b.type === 'CurtailmentActivated' && b.data.cpoPartyId === 'DEABC',
    );
    expect(JSON.parse(activation.rawValue).data).toMatchObject({
      requestId,
      dsoPartyId: 'DEN01',
      loadAreaId: AREA,
      limitW: 20000,
      evseIds: ['DE*ABC*E1', 'DE*ABC*E2'],
      startsAt: '2026-03-01T10:00:00.000Z',
      endsAt: '2026-03-01T12:00:00.000Z',
    });

    const fulfilment = await abc.post(`/v1/grid-requests/${requestId}/fulfilment`, { achievedPowerW: 18000 });
    expect(fulfilment.body.targets[0]).toMatchObject({ answer: 'ACKNOWLEDGED' });
    await fx.waitForPublished(DSO_TOPIC, (b) => b.type === 'GridResponseRecorded' && b.data.kind === 'FULFILMENT');
  });

  it('GeM 1572: flags the CPOs that did not react by the deadline (a timer from events), and tells the DSO', async () => {
    await fx.settle(GRID_REQUESTS_PROJECTION_ID, [GRID_REQUEST_CATEGORY]);
    fx.clock.set('2026-03-01T10:01:00.000Z');
    try {
      expect(await fx.fireDeadlines()).toBe(1);
      const flagged = await fx.waitForPublished(DSO_TOPIC, (b) => b.type === 'GridReactionMissing');
      expect(JSON.parse(flagged.rawValue).data).toMatchObject({ requestId, cpoPartyIds: ['DEXYZ'] });
      await fx.waitForPublished(TOPICS.energyEvents, (b) => b.type === 'GridReactionMissing');
      await fx.settle(GRID_REQUESTS_PROJECTION_ID, [GRID_REQUEST_CATEGORY]);
      const seen = await dso.get(`/v1/grid-requests/${requestId}`);
      expect(seen.body.targets.map((t: { answer: string }) => t.answer)).toEqual(['ACKNOWLEDGED', 'MISSING']);
    } finally {
      fx.clock.set('2026-03-01T10:00:00.000Z');
    }
  });

  it('takes a late acknowledgement on Kafka b2b.grid-responses.inbound.v1, once; dead-letters one from a CPO not addressed', async () => {
    const ack = { type: 'GridRequestAcknowledgement', requestId, accepted: true };
    const signed = fx.partnerMessage(xyzKey, { topic: ENERGY_TOPICS.gridResponsesInbound, key: 'DEXYZ', value: ack });
    for (let i = 0; i < 2; i++) await fx.bus.publish([signed]);
    expect((await dso.get(`/v1/grid-requests/${requestId}`)).body.targets[1]).toMatchObject({ answer: 'ACKNOWLEDGED' });
    const farKey = await fx.partnerWithKey('cpo-far', ['cpo'], ['DEFAR']);
    const stranger = fx.partnerMessage(farKey, { topic: ENERGY_TOPICS.gridResponsesInbound, key: 'DEFAR', value: ack });
    await fx.bus.publish([stranger]);
    expect(deadLetter(stranger.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/GRID_REQUEST_NOT_FOUND/);
  });

  it('dead-letters an answer whose producer is not proven, changing nothing: unsigned, forged, or for another CPO', async () => {
    const { body: before } = await dso.get(`/v1/grid-requests/${requestId}`);
    const fulfilment = { type: 'GridFulfilment', requestId, achievedPowerW: 1 };
    const draft = { topic: ENERGY_TOPICS.gridResponsesInbound, key: 'DEXYZ', value: fulfilment };
    const unsigned = randomUUID();
    await fx.bus.publish([{ ...draft, headers: { [HEADER.messageId]: unsigned } }]);
    // Signed by DEABC's key but keyed as DEXYZ: the signature holds, the party is not DEABC's.
    const impersonation = fx.partnerMessage(abcKey, draft);
    // DEXYZ's signature, with the body changed after signing.
    const signed = fx.partnerMessage(xyzKey, draft);
    const tamperedValue = { ...fulfilment, achievedPowerW: 2 };
    // The body changed after signing (its text too: the bus sends rawValue when a message carries one).
    const tampered = { ...signed, value: tamperedValue, rawValue: JSON.stringify(tamperedValue) };
    const fromDso = fx.partnerMessage(dsoKey, { ...draft, key: 'DEN01' });
    await fx.bus.publish([impersonation, tampered, fromDso]);
    expect(deadLetter(unsigned)?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
    expect(deadLetter(impersonation.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/^PARTY_NOT_OWNED: /);
    expect(deadLetter(tampered.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
    expect(deadLetter(fromDso.headers[HEADER.messageId])?.headers[HEADER.error]).toMatch(/^ROLE_REQUIRED: /);
    expect((await dso.get(`/v1/grid-requests/${requestId}`)).body).toEqual(before);
  });

  it('IEC 63110 E3: the curtailment is the envelope charge plans in the area must stay within, all CPOs together', async () => {
    await fx.settle(GRID_REQUESTS_PROJECTION_ID, [GRID_REQUEST_CATEGORY]);
    await fx.session('s-abc', 'DE*ABC*E1', 'DEABC', 'DE8AA');
    await fx.session('s-xyz', 'DE*XYZ*E1', 'DEXYZ', 'DE8AA');
    const xyz = fx.as(await fx.partnerWithKey('cpo-xyz-2', ['cpo'], ['DEXYZ']));
    const period = (powerW: number) => ({
      periods: [{ startsAt: '2026-03-01T10:00:00Z', endsAt: '2026-03-01T11:00:00Z', powerW }],
    });
    await abc.put('/v1/charging-sessions/s-abc/charge-plan', period(11000)).expect(200);
    const over = await xyz.put('/v1/charging-sessions/s-xyz/charge-plan', period(11000));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'PLAN_OUTSIDE_ENVELOPE', totalW: 22000, limitW: 20000, requestId });
    await xyz.put('/v1/charging-sessions/s-xyz/charge-plan', period(9000)).expect(200);
  });

  it('lets the DSO cancel; the CPOs are told', async () => {
    const res = await dso.post('/v1/grid-requests', {
      ...curtailment,
      priority: 'NORMAL',
      kind: 'FLEXIBILITY',
      limitW: undefined,
      reductionW: 5000,
    });
    const cancelled = await dso.post(`/v1/grid-requests/${res.body.requestId}/cancel`);
    expect(cancelled.body.status).toBe('CANCELLED');
    await fx.waitForPublished(
      ABC_OUTBOUND,
      (b) => b.type === 'GridRequestCancelled' && b.data.requestId === res.body.requestId,
    );
  });

  it.each([
    ['a load area of another grid operator', () => otherDso, curtailment, 403, 'LOAD_AREA_NOT_OPERATED'],
    ['a curtailment without its limit', () => dso, { ...curtailment, limitW: undefined }, 400, 'GRID_REQUEST_INVALID'],
    ['a malformed load area', () => dso, { ...curtailment, loadAreaId: 'LV-0042' }, 400, 'LOAD_AREA_INVALID'],
    ['an unknown priority', () => dso, { ...curtailment, priority: 'URGENT' }, 400, 'REQUEST_INVALID'],
    ['a CPO issuing one', () => abc, curtailment, 403, 'ROLE_REQUIRED'],
  ])('refuses %s with the rule, storing nothing', async (_c, who, body, status, code) => {
    const before = await fx.eventCount(GRID_REQUEST_CATEGORY);
    const res = await who().post('/v1/grid-requests', body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await fx.eventCount(GRID_REQUEST_CATEGORY)).toBe(before);
  });
});
