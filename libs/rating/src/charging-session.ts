import { Decimal, DomainError } from '@roaming/shared-kernel';
import { isTimeZone } from './local-time';

/**
 * A charging session as the rating engine reads it: consecutive periods, each either charging (energy flows) or
 * parking (connected, not charging), with the energy charged in it. Within a period energy is taken to flow evenly,
 * so the engine can split it where a tariff restriction begins or ends. A period may have no length (end = start)
 * when no energy is charged in it: a zero-length session, or a charging period of 0 s before parking. Times are
 * ISO-8601 instants; times of day and days of week are read in `timeZone`, the EVSE's.
 */
export interface ChargingSessionJson {
  timeZone: string;
  periods: ChargingPeriodJson[];
}

export interface ChargingPeriodJson {
  startedAt: string;
  endedAt: string;
  state: 'CHARGING' | 'PARKING';
  /** Energy charged in the period, Wh, as a decimal string ('0' when parking). */
  energyWh: string;
  /** The period's charging power, kW; absent = its average (energy ÷ time). */
  powerKw?: string;
}

export interface ChargingPeriod {
  start: number;
  end: number;
  charging: boolean;
  energyWh: Decimal;
  powerKw: Decimal | null;
}

export interface ChargingSession {
  timeZone: string;
  start: number;
  end: number;
  periods: ChargingPeriod[];
}

const invalid = (field: string, rule: string, message: string) =>
  DomainError.validation('SESSION_INVALID', message, { field, rule });

/**
 * Checks a session: a known time zone, at least one period, periods back to back, energy only while charging and only
 * in a period of some length.
 */
export function parseChargingSession(input: ChargingSessionJson): ChargingSession {
  if (!isTimeZone(input?.timeZone))
    throw invalid('timeZone', 'iana-zone', 'timeZone must be an IANA zone like Europe/Berlin');
  if (!Array.isArray(input.periods) || input.periods.length === 0) {
    throw invalid('periods', 'required', 'a session has at least one period');
  }
  const periods = input.periods.map((p, index): ChargingPeriod => {
    const field = `periods.${index}`;
    const start = Date.parse(p.startedAt);
    const end = Date.parse(p.endedAt);
    if (Number.isNaN(start) || Number.isNaN(end)) throw invalid(field, 'iso-8601', `${field} needs ISO-8601 instants`);
    if (end < start) throw invalid(`${field}.endedAt`, 'not-before-start', 'a period cannot end before it starts');
    if (p.state !== 'CHARGING' && p.state !== 'PARKING')
      throw invalid(`${field}.state`, 'one-of', 'CHARGING or PARKING');
    const energyWh = Decimal.tryParse(p.energyWh);
    if (!energyWh || energyWh.isNegative()) {
      throw invalid(`${field}.energyWh`, 'non-negative-decimal', 'energyWh is a decimal string ≥ 0');
    }
    if (p.state === 'PARKING' && !energyWh.isZero()) {
      throw invalid(`${field}.energyWh`, 'none-while-parking', 'no energy is charged while parking');
    }
    // A period of no length is legal (a zero-length session: the CDR intake accepts end = start with 0 Wh), but
    // nothing can flow in it.
    if (end === start && !energyWh.isZero()) {
      throw invalid(`${field}.energyWh`, 'none-in-no-time', 'no energy is charged in a period of no length');
    }
    const powerKw = p.powerKw === undefined ? null : Decimal.tryParse(p.powerKw);
    if (powerKw === undefined || (powerKw !== null && powerKw.isNegative())) {
      throw invalid(`${field}.powerKw`, 'non-negative-decimal', 'powerKw is a decimal string ≥ 0');
    }
    return { start, end, charging: p.state === 'CHARGING', energyWh, powerKw };
  });
  periods.forEach((p, index) => {
    if (index > 0 && p.start !== periods[index - 1].end) {
      throw invalid(`periods.${index}.startedAt`, 'contiguous', 'each period starts where the one before ended');
    }
  });
  return { timeZone: input.timeZone, start: periods[0].start, end: periods[periods.length - 1].end, periods };
}

/**
 * The common case of a session known only by its totals (what a CDR carries): charging from start until
 * `chargingEndedAt` (default: the end) with all the energy, then parking until the end.
 */
export function sessionFromTotals(totals: {
  startedAt: string;
  endedAt: string;
  energyWh: string;
  timeZone: string;
  chargingEndedAt?: string;
}): ChargingSessionJson {
  const chargingEnd = totals.chargingEndedAt ?? totals.endedAt;
  const periods: ChargingPeriodJson[] = [
    { startedAt: totals.startedAt, endedAt: chargingEnd, state: 'CHARGING', energyWh: totals.energyWh },
  ];
  if (Date.parse(chargingEnd) < Date.parse(totals.endedAt)) {
    periods.push({ startedAt: chargingEnd, endedAt: totals.endedAt, state: 'PARKING', energyWh: '0' });
  }
  return { timeZone: totals.timeZone, periods };
}
