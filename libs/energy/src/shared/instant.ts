import { DomainError } from '@roaming/shared-kernel';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 instant with an offset, returned in UTC with milliseconds; 400 naming the field otherwise. */
export function parseInstant(input: unknown, field: string): string {
  const invalid = (rule: string, message: string) =>
    DomainError.validation('TIMESTAMP_INVALID', `${field} ${message}`, { field, rule });
  if (typeof input !== 'string' || input.trim() === '') throw invalid('required', 'is required');
  const match = ISO_INSTANT.exec(input.trim());
  if (!match) throw invalid('format', 'must be an ISO 8601 date-time with offset, like 2026-03-01T10:15:00Z');
  const millis = Date.parse(input.trim());
  const [, y, mo, d] = match;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (Number.isNaN(millis) || check.getUTCDate() !== Number(d))
    throw invalid('calendar', 'is not a calendar date-time');
  return new Date(millis).toISOString();
}

export function isoOf(value: Date | string): string {
  return new Date(value).toISOString();
}
