import { DomainError } from '@roaming/shared-kernel';

/**
 * ISO 8601 date-time with an explicit offset, as OCPI and OICP send them ('2026-03-01T10:15:00Z',
 * '2026-03-01T11:15:00.250+01:00'). A time without offset is refused: a CDR's times are compared across parties
 * and a local time is ambiguous (OICP's best practice asks for the station's real offset for the same reason).
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an ISO 8601 instant and returns it in UTC with millisecond precision ('2026-03-01T10:15:00.000Z'). */
export function parseInstant(input: unknown, field: string): string {
  const invalid = (rule: string, message: string) =>
    DomainError.validation('CDR_TIMESTAMP_INVALID', `${field} ${message}`, { field, rule });
  if (typeof input !== 'string' || input.trim() === '') throw invalid('required', 'is required');
  const match = ISO_INSTANT.exec(input.trim());
  if (!match) {
    throw invalid('format', 'must be an ISO 8601 date-time with offset, like 2026-03-01T10:15:00Z');
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  // Date.UTC rolls 30 February over into March; a calendar check refuses such dates instead.
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw invalid('calendar', 'is not a calendar date-time');
  }
  const millis = fraction === '' ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  const offsetMinutes = offset.toUpperCase() === 'Z' ? 0 : offsetToMinutes(offset);
  if (offsetMinutes === undefined) throw invalid('offset', 'has an offset beyond ±18:00');
  return new Date(local + millis - offsetMinutes * 60_000).toISOString();
}

function offsetToMinutes(offset: string): number | undefined {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  if (minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined;
  return sign * (hours * 60 + minutes);
}
