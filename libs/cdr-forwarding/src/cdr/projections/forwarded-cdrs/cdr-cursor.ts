import { DomainError } from '@roaming/shared-kernel';

/**
 * The cursor of the EVSP's CDR list: an opaque token for a position in `forwarded_cdrs.arrival_seq`. Opaque so that
 * clients store and echo it without building on its content; versioned so the encoding can change later.
 */
const PREFIX = 'cdr1:';
const MAX_SEQ = 2n ** 63n - 1n;

export function encodeCdrCursor(arrivalSeq: string): string {
  return Buffer.from(`${PREFIX}${arrivalSeq}`, 'utf8').toString('base64url');
}

/** The arrival position after which to list, as a decimal string; a malformed cursor is a 400 naming the field. */
export function decodeCdrCursor(cursor: string): string {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^cdr1:(0|[1-9]\d{0,18})$/.exec(decoded);
  if (!match || BigInt(match[1]) > MAX_SEQ) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this API handed out', {
      field: 'cursor',
      rule: 'opaque-cursor',
    });
  }
  return match[1];
}
