import { DomainError } from '@roaming/shared-kernel';

/** ISO 8601 date-time with an explicit offset; a local time is ambiguous between parties in different zones. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an instant and returns it in UTC with milliseconds ('2026-03-01T10:15:00.000Z'); 400 naming the field. */
export function parseInstant(input: unknown, field: string, code = 'TIMESTAMP_INVALID'): string {
  const invalid = (rule: string, message: string) =>
    DomainError.validation(code, `${field} ${message}`, { field, rule });
  if (typeof input !== 'string' || input.trim() === '') throw invalid('required', 'is required');
  const match = ISO_INSTANT.exec(input.trim());
  if (!match) throw invalid('format', 'must be an ISO 8601 date-time with offset, like 2026-03-01T10:15:00Z');
  const millis = Date.parse(input.trim());
  const [, y, mo, d, h, mi, s = '0'] = match;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  // Date.parse rolls 30 February into March; the calendar check refuses it.
  if (Number.isNaN(millis) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) {
    throw invalid('calendar', 'is not a calendar date-time');
  }
  return new Date(millis).toISOString();
}

export function parseOptionalInstant(input: unknown, field: string, code = 'TIMESTAMP_INVALID'): string | null {
  return input === undefined || input === null ? null : parseInstant(input, field, code);
}

/** pg and PGlite return timestamptz as Date; a string is accepted too. */
export function isoOf(value: Date | string): string {
  return new Date(value).toISOString();
}

export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : isoOf(value);
}
