/**
 * Settlement periods (IEC 63119 6.4.3): DAILY, WEEKLY (ISO weeks, Monday to Monday) or MONTHLY, boundaries in UTC.
 * A statement is one agreement (partner pair) in one period; its id names both, so it is found without a lookup.
 */
export const PERIOD_TYPES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  type: PeriodType;
  /** Inclusive, ISO instant (UTC midnight). */
  start: string;
  /** Exclusive, ISO instant (UTC midnight). */
  end: string;
}

const DAY_MS = 86_400_000;

/** The period of `type` holding the instant `at`. */
export function periodOf(type: PeriodType, at: string): Period {
  const t = new Date(at);
  const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  let start: number;
  let end: number;
  switch (type) {
    case 'DAILY':
      start = day;
      end = day + DAY_MS;
      break;
    case 'WEEKLY': {
      const mondayOffset = (new Date(day).getUTCDay() + 6) % 7;
      start = day - mondayOffset * DAY_MS;
      end = start + 7 * DAY_MS;
      break;
    }
    case 'MONTHLY':
      start = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1);
      end = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1);
      break;
  }
  return { type, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The period right after `period`. */
export function nextPeriod(period: Period): Period {
  return periodOf(period.type, period.end);
}

/** `<agreementId>+<D|W|M><start date>`, e.g. `agr-1+M2026-03-01`. */
export function statementIdOf(agreementId: string, period: Period): string {
  return `${agreementId}+${period.type[0]}${period.start.slice(0, 10)}`;
}
