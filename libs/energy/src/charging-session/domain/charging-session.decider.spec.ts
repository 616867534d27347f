import type { Decider } from '@roaming/shared-kernel';
import { deciderSpec } from '@roaming/testing';
import type { PlanFacts, PlanPeriod } from './charge-plan';
import {
  type ChargingSessionCommand,
  chargingSessionDecider,
  type ChargingSessionEvent,
  type ChargingSessionState,
  type MeterReading,
} from './charging-session';

const decider: Decider<ChargingSessionState, ChargingSessionCommand, ChargingSessionEvent> = chargingSessionDecider;
const spec = deciderSpec(decider);
const AT = '2026-03-01T10:00:00.000Z';
const parties = { sessionId: 's-1', evseId: 'DE*ABC*E1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };
const opened: ChargingSessionEvent = {
  type: 'ChargingSessionOpened',
  data: { ...parties, emaid: 'DE8AACA2B3C4D5L', openedAt: AT },
};
const period = (startsAt: string, endsAt: string, powerW: number): PlanPeriod => ({ startsAt, endsAt, powerW });
const plan = [
  period('2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z', 11000),
  period('2026-03-01T11:00:00.000Z', '2026-03-01T12:00:00.000Z', 7400),
];
const facts = (overrides: Partial<PlanFacts> = {}): PlanFacts => ({
  evseMaxPowerW: 22000,
  envelopes: [],
  otherPlans: [],
  ...overrides,
});
const publish = (periods: PlanPeriod[], f = facts()) => ({
  type: 'PublishChargePlan' as const,
  data: { periods, facts: f, at: AT },
});
const reading = (measuredAt: string, energyWh: number, signed = false): MeterReading => ({
  measuredAt,
  energyWh,
  powerW: 11000,
  signedMeterValue: signed
    ? {
        format: 'OCMF',
        signedData: 'OCMF|{"RD":[{"RV":1.234}]}|{"SA":"ECDSA-secp256r1-SHA256","SD":"3045..."}',
        publicKey: null,
      }
    : null,
});

describe('charging session decider (IEC 63119-2 UC3-6, UC3-7, UC3-10; IEC 63110 E1-E4; ISO 15118 F1)', () => {
  it('opens a session once, from the authorization context', () => {
    const open = { type: 'OpenChargingSession' as const, data: { ...parties, emaid: 'DE8AACA2B3C4D5L', at: AT } };
    spec.when(open).then([opened]);
    spec.given([opened]).when(open).thenNothing();
  });

  it('UC3-7: records the driver preferences, and changes nothing when they are sent again', () => {
    const prefs = { departureAt: '2026-03-01T17:00:00.000Z', energyNeededWh: 30000, maxPowerW: null };
    const submit = { type: 'SubmitPreferences' as const, data: { preferences: prefs, at: AT } };
    spec
      .given([opened])
      .when(submit)
      .then([{ type: 'ChargingPreferencesSubmitted', data: { ...parties, ...prefs, submittedAt: AT } }]);
    spec
      .given([opened, { type: 'ChargingPreferencesSubmitted', data: { ...parties, ...prefs, submittedAt: AT } }])
      .when(submit)
      .thenNothing();
    spec
      .given([opened])
      .when({ ...submit, data: { ...submit.data, preferences: { ...prefs, departureAt: AT } } })
      .thenThrows('PREFERENCES_INVALID');
    spec.when(submit).thenThrows('SESSION_UNKNOWN', 'notFound');
  });

  it('UC3-7 / UC3-10: publishes a plan as version 1, an update as version 2, and the same plan again as nothing', () => {
    const v1: ChargingSessionEvent = {
      type: 'ChargePlanPublished',
      data: { ...parties, version: 1, periods: plan, publishedAt: AT },
    };
    spec.given([opened]).when(publish(plan)).then([v1]);
    const updated = [period(plan[0].startsAt, plan[0].endsAt, 3700), plan[1]];
    const state = spec
      .given([opened, v1])
      .when(publish(updated))
      .then([{ type: 'ChargePlanPublished', data: { ...parties, version: 2, periods: updated, publishedAt: AT } }]);
    expect(state).toMatchObject({ plans: [{ version: 1 }, { version: 2 }] });
    spec.given([opened, v1]).when(publish(plan)).thenNothing();
  });

  it('IEC 63110 E1: refuses periods that are not contiguous, and a period ending before it starts', () => {
    spec
      .given([opened])
      .when(publish([plan[0], period('2026-03-01T11:15:00.000Z', '2026-03-01T12:00:00.000Z', 1)]))
      .thenThrows('PLAN_PERIODS_NOT_CONTIGUOUS', 'validation');
    spec
      .given([opened])
      .when(publish([period(plan[0].endsAt, plan[0].startsAt, 1)]))
      .thenThrows('PLAN_PERIODS_INVALID');
    spec.given([opened]).when(publish([])).thenThrows('PLAN_PERIODS_INVALID');
  });

  it("refuses power above the EVSE's maximum, and a plan at an EVSE the hub knows no power of", () => {
    spec
      .given([opened])
      .when(publish(plan, facts({ evseMaxPowerW: 7400 })))
      .thenThrows('PLAN_ABOVE_EVSE_POWER', 'validation');
    spec
      .given([opened])
      .when(publish(plan, facts({ evseMaxPowerW: undefined })))
      .thenThrows('EVSE_UNKNOWN', 'notFound');
  });

  it('IEC 63110 E3/E4: refuses a plan that, with the other plans of the load area, exceeds the envelope of a grid request', () => {
    const envelopes = [
      { requestId: 'g-1', startsAt: '2026-03-01T10:30:00.000Z', endsAt: '2026-03-01T11:30:00.000Z', limitW: 20000 },
    ];
    const other = [period('2026-03-01T10:00:00.000Z', '2026-03-01T12:00:00.000Z', 10000)];
    const error = spec
      .given([opened])
      .when(publish(plan, facts({ envelopes, otherPlans: [other] })))
      .thenThrows('PLAN_OUTSIDE_ENVELOPE', 'validation');
    expect(error.details).toMatchObject({
      at: '2026-03-01T10:30:00.000Z',
      totalW: 21000,
      limitW: 20000,
      requestId: 'g-1',
    });
    // Within the envelope: 10 000 + 7 400 from 11:00, and the first hour lowered to 10 000.
    const fitting = [period(plan[0].startsAt, plan[0].endsAt, 10000), plan[1]];
    spec
      .given([opened])
      .when(publish(fitting, facts({ envelopes, otherPlans: [other] })))
      .then([{ type: 'ChargePlanPublished', data: { ...parties, version: 1, periods: fitting, publishedAt: AT } }]);
  });

  describe('UC3-6 meter values', () => {
    const report = (readings: MeterReading[], at = '2026-03-01T10:30:00.000Z') => ({
      type: 'ReportMeterValues' as const,
      data: { readings, at },
    });
    const first: ChargingSessionEvent = {
      type: 'MeterValuesReported',
      data: {
        ...parties,
        readings: [reading('2026-03-01T10:15:00.000Z', 2000, true)],
        reportedAt: '2026-03-01T10:30:00.000Z',
      },
    };

    it('ISO 15118 F1: records readings with their signed meter values verbatim', () => {
      spec
        .given([opened])
        .when(report([reading('2026-03-01T10:15:00.000Z', 2000, true)]))
        .then([first]);
    });

    it('drops a reading sent again, keeps new ones, and refuses a meter running backwards or a changed reading', () => {
      spec
        .given([opened, first])
        .when(report([reading('2026-03-01T10:15:00.000Z', 2000, true)]))
        .thenNothing();
      spec
        .given([opened, first])
        .when(report([reading('2026-03-01T10:15:00.000Z', 2000, true), reading('2026-03-01T10:20:00.000Z', 3000)]))
        .then([
          {
            type: 'MeterValuesReported',
            data: {
              ...parties,
              readings: [reading('2026-03-01T10:20:00.000Z', 3000)],
              reportedAt: '2026-03-01T10:30:00.000Z',
            },
          },
        ]);
      spec
        .given([opened, first])
        .when(report([reading('2026-03-01T10:20:00.000Z', 1999)]))
        .thenThrows('METER_VALUE_DECREASING', 'validation');
      spec
        .given([opened, first])
        .when(report([reading('2026-03-01T10:15:00.000Z', 2500)]))
        .thenThrows('METER_VALUE_CONFLICT', 'conflict');
      spec
        .given([opened])
        .when(report([reading('2026-03-01T10:20:00.000Z', 3000), reading('2026-03-01T10:15:00.000Z', 2000)]))
        .thenThrows('METER_VALUES_NOT_IN_ORDER', 'validation');
      spec
        .given([opened])
        .when(report([reading('2026-03-01T10:40:00.000Z', 1)], '2026-03-01T10:30:00.000Z'))
        .thenThrows('METER_VALUE_IN_FUTURE');
    });
  });
});
