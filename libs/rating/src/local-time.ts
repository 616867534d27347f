/**
 * Wall-clock time at the EVSE, for time-of-day and day-of-week restrictions. Uses the IANA time-zone data built into
 * Node (Intl), so daylight saving time is handled as the zone defines it.
 */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Minutes after local midnight. */
  minute: number;
  /** JavaScript day number (Sunday = 0). */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone ('Europe/Berlin', 'UTC'). */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localTime(epochMs: number, timeZone: string): LocalTime & { second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** The instant at which the zone's clock shows `minute` on the given local date. */
export function instantOf(year: number, month: number, day: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minute / 60), minute % 60);
  const offset = (at: number) => {
    const t = localTime(at, timeZone);
    return (
      Date.UTC(t.year, t.month - 1, t.day, Math.floor(t.minute / 60), t.minute % 60, t.second) -
      Math.floor(at / 1000) * 1000
    );
  };
  const first = wall - offset(wall);
  const second = wall - offset(first);
  return second;
}

/** Local dates (year, month, day) from the one containing `from` to the one containing `to`. */
export function localDates(from: number, to: number, timeZone: string): { year: number; month: number; day: number }[] {
  const start = localTime(from, timeZone);
  const end = localTime(to, timeZone);
  const dates: { year: number; month: number; day: number }[] = [];
  let cursor = Date.UTC(start.year, start.month - 1, start.day);
  const last = Date.UTC(end.year, end.month - 1, end.day);
  while (cursor <= last) {
    const d = new Date(cursor);
    dates.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
    cursor += 86_400_000;
  }
  return dates;
}
