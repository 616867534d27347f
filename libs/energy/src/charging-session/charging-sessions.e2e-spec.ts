import { partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { EnergyApiFixture } from '../testing/energy-api.fixture';
import { CHARGING_SESSION_CATEGORY } from './domain';

const CPO_TOPIC = partnerOutboundTopic('DEABC');
const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const E1 = 'DE*ABC*E1';
const OCMF =
  'OCMF|{"FV":"1.0","GI":"SEAL AG","RD":[{"TM":"2026-03-01T10:15:00,000+0000 S","RV":2.75,"RU":"kWh"}]}|{"SA":"ECDSA-secp256r1-SHA256","SD":"304502210085"}';

describe('charge plans and dynamic charging information (IEC 63119-2 UC3-6, UC3-7, UC3-10; ISO 15118 F1) over REST and Kafka', () => {
  let fx: EnergyApiFixture;
  let cpo: ReturnType<EnergyApiFixture['as']>;
  let emsp: ReturnType<EnergyApiFixture['as']>;
  let otherCpo: ReturnType<EnergyApiFixture['as']>;

  beforeAll(async () => {
    fx = await EnergyApiFixture.start({ observe: [CPO_TOPIC, EVSP_TOPIC, TOPICS.energyEvents] });
    cpo = fx.as(await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']));
    emsp = fx.as(await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']));
    otherCpo = fx.as(await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']));
    await fx.site('DEABC', 'HH-1', 'DEN01:LV-0042', [{ evseId: E1, maxPowerW: 22000 }]);
    await fx.session('auth-1', E1, 'DEABC', 'DE8AA');
  });

  afterAll(async () => {
    await fx?.close();
  });

  const plan = [
    { startsAt: '2026-03-01T10:00:00Z', endsAt: '2026-03-01T12:00:00Z', powerW: 11000 },
    { startsAt: '2026-03-01T12:00:00Z', endsAt: '2026-03-01T14:00:00Z', powerW: 3700 },
  ];

  it('UC3-7: the EVSP sends the preferences, the CPO receives them on Kafka and answers with a plan the EVSP receives', async () => {
    const prefs = await emsp.put('/v1/charging-sessions/auth-1/preferences', {
      departureAt: '2026-03-01T17:00:00Z',
      energyNeededWh: 30000,
    });
    expect(prefs.status).toBe(200);
    expect(prefs.body.preferences).toMatchObject({
      departureAt: '2026-03-01T17:00:00.000Z',
      energyNeededWh: 30000,
      maxPowerW: null,
    });
    const toCpo = await fx.waitForPublished(CPO_TOPIC, (b) => b.type === 'ChargingPreferencesSubmitted');
    expect(JSON.parse(toCpo.rawValue).data).toMatchObject({ sessionId: 'auth-1', evseId: E1, energyNeededWh: 30000 });

    const res = await cpo.put('/v1/charging-sessions/auth-1/charge-plan', { periods: plan });
    expect(res.status).toBe(200);
    expect(res.body.currentPlan).toMatchObject({ version: 1, periods: [{ powerW: 11000 }, { powerW: 3700 }] });
    const toEvsp = await fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'ChargePlanPublished' && b.data.version === 1,
    );
    expect(toEvsp.key).toBe('chargingSession-auth-1');
    await fx.waitForPublished(TOPICS.energyEvents, (b) => b.type === 'ChargePlanPublished');
  });

  it('UC3-10: the CPO updates the plan; both sides see the current and the past plans', async () => {
    const updated = [{ ...plan[0], powerW: 7400 }, plan[1]];
    await cpo.put('/v1/charging-sessions/auth-1/charge-plan', { periods: updated }).expect(200);
    const seen = await emsp.get('/v1/charging-sessions/auth-1');
    expect(seen.body.currentPlan.version).toBe(2);
    expect(seen.body.plans.map((p: { version: number }) => p.version)).toEqual([1, 2]);
    expect((await cpo.get('/v1/charging-sessions/auth-1')).body.plans).toHaveLength(2);
    await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'ChargePlanPublished' && b.data.version === 2);
  });

  it.each([
    [
      'periods that are not contiguous',
      [plan[0], { ...plan[1], startsAt: '2026-03-01T12:30:00Z' }],
      'PLAN_PERIODS_NOT_CONTIGUOUS',
      'periods.1.startsAt',
    ],
    ["power above the EVSE's maximum", [{ ...plan[0], powerW: 50000 }], 'PLAN_ABOVE_EVSE_POWER', 'periods.0.powerW'],
    ['a negative power', [{ ...plan[0], powerW: -1 }], 'REQUEST_INVALID', 'periods.0.powerW'],
  ])('refuses a plan with %s, naming the rule, storing nothing', async (_c, periods, code, field) => {
    const before = await fx.eventCount(CHARGING_SESSION_CATEGORY);
    const res = await cpo.put('/v1/charging-sessions/auth-1/charge-plan', { periods });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(await fx.eventCount(CHARGING_SESSION_CATEGORY)).toBe(before);
  });

  it('keeps each side to its part: no plans from the EVSP or another CPO, no sessions the hub does not know', async () => {
    expect((await emsp.put('/v1/charging-sessions/auth-1/charge-plan', { periods: plan })).body.code).toBe(
      'ROLE_REQUIRED',
    );
    expect((await otherCpo.put('/v1/charging-sessions/auth-1/charge-plan', { periods: plan })).body.code).toBe(
      'SESSION_UNKNOWN',
    );
    expect(
      (
        await emsp.put('/v1/charging-sessions/nope/preferences', {
          departureAt: '2026-03-01T17:00:00Z',
          energyNeededWh: 1,
        })
      ).status,
    ).toBe(404);
  });

  it('UC3-6 / ISO 15118 F1: meter values with signed readouts kept verbatim; energy so far to the EVSP on Kafka', async () => {
    const readings = [
      {
        measuredAt: '2026-03-01T10:15:00Z',
        energyWh: 2750,
        powerW: 11000,
        signedMeterValue: { format: 'OCMF', signedData: OCMF },
      },
      { measuredAt: '2026-03-01T10:30:00Z', energyWh: 5500, powerW: 11000 },
    ];
    fx.clock.set('2026-03-01T10:30:00Z');
    const res = await cpo.post('/v1/charging-sessions/auth-1/meter-values', { readings });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      energyWh: 5500,
      powerW: 11000,
      measuredAt: '2026-03-01T10:30:00.000Z',
      readings: 2,
    });
    // A resend of the same readings adds nothing.
    await cpo.post('/v1/charging-sessions/auth-1/meter-values', { readings }).expect(200);
    const listed = await emsp.get('/v1/charging-sessions/auth-1/meter-values');
    expect(listed.body).toHaveLength(2);
    expect(listed.body[0].signedMeterValue).toEqual({ format: 'OCMF', signedData: OCMF, publicKey: null });
    const progress = await fx.waitForPublished(EVSP_TOPIC, (b) => b.type === 'ChargingProgressReported');
    expect(JSON.parse(progress.rawValue).data).toMatchObject({ sessionId: 'auth-1', energyWh: 5500 });
    expect(JSON.parse(progress.rawValue).data.readings[0].signedMeterValue.signedData).toBe(OCMF);
  });

  it('refuses a meter running backwards (METER_VALUE_DECREASING), storing nothing', async () => {
    const before = await fx.eventCount(CHARGING_SESSION_CATEGORY);
    const res = await cpo.post('/v1/charging-sessions/auth-1/meter-values', {
      readings: [{ measuredAt: '2026-03-01T10:31:00Z', energyWh: 100 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('METER_VALUE_DECREASING');
    expect(await fx.eventCount(CHARGING_SESSION_CATEGORY)).toBe(before);
  });
});
