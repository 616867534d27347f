import { DomainError } from '@roaming/shared-kernel';

/** ISO-8601 date-time with a zone (Z or ±hh:mm); a bare date or a local time is ambiguous for a contract period. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an instant and returns it in the canonical form (UTC, milliseconds: '2026-07-01T00:00:00.000Z'). */
export function parseInstant(value: string, field: string, code: string): string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value.trim())) {
    throw DomainError.validation(code, `${field} must be an ISO-8601 date-time with a time zone`, {
      field,
      rule: 'iso-8601',
    });
  }
  const millis = Date.parse(value.trim());
  if (Number.isNaN(millis)) {
    throw DomainError.validation(code, `${field} is not a valid date-time`, { field, rule: 'iso-8601' });
  }
  return new Date(millis).toISOString();
}
