import { DomainError } from '@roaming/shared-kernel';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 2000;

/**
 * An opaque cursor over a list ordered by an increasing sequence number (the global position of the event that
 * created each row): clients pass back what they got, and new rows never shift a page already read.
 */
export function encodeCursor(sequence: string): string {
  return Buffer.from(`v1:${sequence}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string {
  if (cursor === undefined || cursor === '') return '0';
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1:(\d{1,19})$/.exec(decoded);
  if (!match) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not one this API returned', {
      field: 'cursor',
      rule: 'opaque-cursor',
    });
  }
  return match[1];
}

/** An opaque cursor over a list ordered by a text key (an EMAID, a tariff id): the last key the page held. */
export function encodeKeyCursor(key: string): string {
  return Buffer.from(`k1:${key}`, 'utf8').toString('base64url');
}

export function decodeKeyCursor(cursor: string | undefined): string {
  if (cursor === undefined || cursor === '') return '';
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^k1:([\x21-\x7E]{1,200})$/.exec(decoded);
  if (!match) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not one this API returned', {
      field: 'cursor',
      rule: 'opaque-cursor',
    });
  }
  return match[1];
}
