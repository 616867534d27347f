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

/** The wall-clock time at the EVSE: from the zone's UTC offset at that instant (cached, see offsetAt). */
export function localTime(epochMs: number, timeZone: string): LocalTime & { second: number } {
  const local = epochMs + offsetAt(epochMs, timeZone);
  const days = Math.floor(local / DAY_MS);
  const ms = local - days * DAY_MS;
  const date = civilFromDays(days);
  return {
    year: date.year,
    month: date.month,
    day: date.day,
    minute: Math.floor(ms / 60_000),
    second: Math.floor(ms / 1000) % 60,
    weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
  };
}

/** localTime straight from Intl, one formatToParts per call: the reference the cached path is tested against. */
export function intlLocalTime(epochMs: number, timeZone: string): LocalTime & { second: number } {
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

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MAX_CACHED = 100_000;
/** Per zone, per UTC day and per UTC hour: the zone's offset (ms) if it is the same throughout, else NaN. */
const offsets = new Map<string, { days: Map<number, number>; hours: Map<number, number> }>();

/**
 * The zone's UTC offset at an instant, in ms (local = UTC + offset). Intl formatting is slow (a few µs), and rating
 * asks for local times many times per session, so offsets are remembered per zone, per UTC day and, on a day with a
 * transition, per UTC hour: when the offset at the start of a day (an hour) equals the one at its end, no transition
 * lies inside (zones change offset at most a few times a year, never twice within a day) and that offset serves every
 * instant in it; an hour with a transition inside is asked of Intl instant by instant. The result is exactly Intl's
 * (tested against intlLocalTime around transitions and in zones with 30- and 45-minute offsets), seconds included.
 */
function offsetAt(epochMs: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = { days: new Map(), hours: new Map() };
    offsets.set(timeZone, zone);
  }
  const offset = constantOffset(zone.days, Math.floor(epochMs / DAY_MS), DAY_MS, timeZone);
  if (!Number.isNaN(offset)) return offset;
  const hourly = constantOffset(zone.hours, Math.floor(epochMs / HOUR_MS), HOUR_MS, timeZone);
  return Number.isNaN(hourly) ? intlOffset(epochMs, timeZone) : hourly;
}

/** The offset throughout bucket `index` of `size` ms, or NaN when it changes inside; remembered. */
function constantOffset(cache: Map<number, number>, index: number, size: number, timeZone: string): number {
  let offset = cache.get(index);
  if (offset === undefined) {
    const start = intlOffset(index * size, timeZone);
    offset = start === intlOffset((index + 1) * size, timeZone) ? start : Number.NaN;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(index, offset);
  }
  return offset;
}

function intlOffset(epochMs: number, timeZone: string): number {
  const t = intlLocalTime(epochMs, timeZone);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(t.year, t.month - 1, t.day, Math.floor(t.minute / 60), t.minute % 60, t.second) - wholeSecond;
}

/**
 * The instants in (from, to] at which the zone's offset changes (daylight saving time starts or ends): local clocks
 * jump there, so a time-of-day window can begin at such an instant without its start time ever being shown (a window
 * from 02:30 on the night clocks go from 02:00 to 03:00 begins at 03:00). Found per UTC day and hour from the offset
 * cache, then to the second by bisection (offsets change on whole seconds).
 */
export function offsetTransitions(from: number, to: number, timeZone: string): number[] {
  offsetAt(from, timeZone); // creates the zone's cache
  const zone = offsets.get(timeZone) as { days: Map<number, number>; hours: Map<number, number> };
  const found: number[] = [];
  for (let day = Math.floor(from / DAY_MS); day * DAY_MS < to; day++) {
    if (!Number.isNaN(constantOffset(zone.days, day, DAY_MS, timeZone))) continue;
    for (let hour = day * 24; hour < (day + 1) * 24; hour++) {
      if (!Number.isNaN(constantOffset(zone.hours, hour, HOUR_MS, timeZone))) continue;
      // the offset differs between the hour's start and its end: bisect to the first second with the new one
      let low = (hour * HOUR_MS) / 1000;
      let high = ((hour + 1) * HOUR_MS) / 1000;
      const before = intlOffset(low * 1000, timeZone);
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (intlOffset(middle * 1000, timeZone) === before) low = middle;
        else high = middle;
      }
      const at = high * 1000;
      if (at > from && at <= to) found.push(at);
    }
  }
  return found;
}

/** The proleptic Gregorian date of a count of days since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The instant at which the zone's clock shows `minute` on the given local date. */
export function instantOf(year: number, month: number, day: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minute / 60), minute % 60);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
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
