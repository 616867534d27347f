import type { Command, DomainEvent } from '@roaming/shared-kernel';
import { DomainError } from '@roaming/shared-kernel';
import { sameData } from './same-data';
import { checkChargePlan, type PlanFacts, type PlanPeriod } from './charge-plan';

/**
 * The energy side of one charging session (IEC 63119-2 UC3-6, UC3-7, UC3-10): the driver's preferences from the
 * EVSP, the CPO's charge plans, and the meter values. Its id is the session's authorization id, learned from
 * `authorization.events.v1`.
 */
export const CHARGING_SESSION_CATEGORY = 'chargingSession';

export function chargingSessionStream(sessionId: string): string {
  if (!sessionId) throw new Error('a charging session stream needs an id');
  return `${CHARGING_SESSION_CATEGORY}-${sessionId}`;
}

export interface SessionParties {
  sessionId: string;
  evseId: string;
  cpoPartyId: string;
  emspPartyId: string;
}

export interface Preferences {
  departureAt: string;
  energyNeededWh: number;
  /** What the vehicle can take, when the EVSP knows. */
  maxPowerW: number | null;
}

export interface SignedMeterValue {
  format: string;
  signedData: string;
  publicKey: string | null;
}

export interface MeterReading {
  measuredAt: string;
  /** The meter's energy since the session started, Wh. */
  energyWh: number;
  powerW: number | null;
  /** ISO 15118 F1 signed meter readout, kept byte for byte for the record. */
  signedMeterValue: SignedMeterValue | null;
}

export type ChargingSessionOpened = DomainEvent<
  'ChargingSessionOpened',
  SessionParties & { emaid: string; openedAt: string }
>;
export type ChargingPreferencesSubmitted = DomainEvent<
  'ChargingPreferencesSubmitted',
  SessionParties & Preferences & { submittedAt: string }
>;
export type ChargePlanPublished = DomainEvent<
  'ChargePlanPublished',
  SessionParties & { version: number; periods: PlanPeriod[]; publishedAt: string }
>;
export type MeterValuesReported = DomainEvent<
  'MeterValuesReported',
  SessionParties & { readings: MeterReading[]; reportedAt: string }
>;

export type ChargingSessionEvent =
  ChargingSessionOpened | ChargingPreferencesSubmitted | ChargePlanPublished | MeterValuesReported;

export type OpenChargingSession = Command<'OpenChargingSession', SessionParties & { emaid: string; at: string }>;
export type SubmitPreferences = Command<'SubmitPreferences', { preferences: Preferences; at: string }>;
export type PublishChargePlan = Command<'PublishChargePlan', { periods: PlanPeriod[]; facts: PlanFacts; at: string }>;
export type ReportMeterValues = Command<'ReportMeterValues', { readings: MeterReading[]; at: string }>;
export type ChargingSessionCommand = OpenChargingSession | SubmitPreferences | PublishChargePlan | ReportMeterValues;

export type ChargingSessionState =
  | { status: 'NONE' }
  | (SessionParties & {
      status: 'OPEN';
      emaid: string;
      preferences: (Preferences & { submittedAt: string }) | null;
      plans: { version: number; periods: PlanPeriod[]; publishedAt: string }[];
      lastReading: MeterReading | null;
      readings: number;
    });

/** A reading may be stamped a little ahead of the hub's clock (skew), never minutes ahead. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const chargingSessionDecider = {
  initialState: (): ChargingSessionState => ({ status: 'NONE' }),

  decide(command: ChargingSessionCommand, state: ChargingSessionState): ChargingSessionEvent[] {
    if (command.type === 'OpenChargingSession') {
      if (state.status !== 'NONE') return [];
      const { at, ...data } = command.data;
      return [{ type: 'ChargingSessionOpened', data: { ...data, openedAt: at } }];
    }
    if (state.status === 'NONE') {
      throw DomainError.notFound('SESSION_UNKNOWN', 'the hub knows no charging session of that id', {
        rule: 'authorized-session',
      });
    }
    const parties = {
      sessionId: state.sessionId,
      evseId: state.evseId,
      cpoPartyId: state.cpoPartyId,
      emspPartyId: state.emspPartyId,
    };
    switch (command.type) {
      case 'SubmitPreferences': {
        const { preferences, at } = command.data;
        if (preferences.departureAt <= at) {
          throw DomainError.validation('PREFERENCES_INVALID', 'departureAt must be in the future', {
            field: 'departureAt',
            rule: 'future',
          });
        }
        if (state.preferences && sameData({ ...state.preferences, submittedAt: undefined }, preferences)) return [];
        return [{ type: 'ChargingPreferencesSubmitted', data: { ...parties, ...preferences, submittedAt: at } }];
      }
      case 'PublishChargePlan': {
        const { periods, facts, at } = command.data;
        checkChargePlan(periods, facts);
        const current = state.plans[state.plans.length - 1];
        if (current && sameData(current.periods, periods)) return [];
        return [
          {
            type: 'ChargePlanPublished',
            data: { ...parties, version: state.plans.length + 1, periods, publishedAt: at },
          },
        ];
      }
      case 'ReportMeterValues':
        return reportMeterValues(command, state, parties);
    }
  },

  evolve(state: ChargingSessionState, event: ChargingSessionEvent): ChargingSessionState {
    if (event.type === 'ChargingSessionOpened') {
      const { openedAt: _openedAt, ...data } = event.data;
      return { ...data, status: 'OPEN', preferences: null, plans: [], lastReading: null, readings: 0 };
    }
    if (state.status === 'NONE') return state;
    switch (event.type) {
      case 'ChargingPreferencesSubmitted': {
        const { departureAt, energyNeededWh, maxPowerW, submittedAt } = event.data;
        return { ...state, preferences: { departureAt, energyNeededWh, maxPowerW, submittedAt } };
      }
      case 'ChargePlanPublished': {
        const { version, periods, publishedAt } = event.data;
        return { ...state, plans: [...state.plans, { version, periods, publishedAt }] };
      }
      case 'MeterValuesReported':
        return {
          ...state,
          lastReading: event.data.readings[event.data.readings.length - 1],
          readings: state.readings + event.data.readings.length,
        };
    }
  },
};

/**
 * IEC 63119-2 UC3-6 / ISO 15118 F1: readings in time order, the meter never running backwards; a reading sent again
 * identically (a retry) is dropped, a different one for an instant already reported is refused.
 */
function reportMeterValues(
  command: ReportMeterValues,
  state: Extract<ChargingSessionState, { status: 'OPEN' }>,
  parties: SessionParties,
): ChargingSessionEvent[] {
  const { readings, at } = command.data;
  let last = state.lastReading;
  const fresh: MeterReading[] = [];
  readings.forEach((reading, i) => {
    if (Date.parse(reading.measuredAt) - Date.parse(at) > MAX_CLOCK_SKEW_MS) {
      throw DomainError.validation('METER_VALUE_IN_FUTURE', `reading ${i} is ahead of the hub's clock`, {
        field: `readings.${i}.measuredAt`,
        rule: 'not-in-future',
      });
    }
    if (last && reading.measuredAt === last.measuredAt) {
      if (sameData(reading, last)) return;
      throw DomainError.conflict(
        'METER_VALUE_CONFLICT',
        `reading ${i} at ${reading.measuredAt} differs from the one recorded`,
        {
          field: `readings.${i}`,
          rule: 'one-reading-per-instant',
        },
      );
    }
    if (last && reading.measuredAt < last.measuredAt) {
      if (fresh.length > 0) {
        throw DomainError.validation('METER_VALUES_NOT_IN_ORDER', `reading ${i} is older than the one before it`, {
          field: `readings.${i}.measuredAt`,
          rule: 'time-order',
        });
      }
      // Older than everything recorded: a resend of readings already kept.
      return;
    }
    if (last && reading.energyWh < last.energyWh) {
      throw DomainError.validation('METER_VALUE_DECREASING', `reading ${i} has less energy than the one before`, {
        field: `readings.${i}.energyWh`,
        rule: 'non-decreasing',
      });
    }
    fresh.push(reading);
    last = reading;
  });
  if (fresh.length === 0) return [];
  return [{ type: 'MeterValuesReported', data: { ...parties, readings: fresh, reportedAt: at } }];
}
