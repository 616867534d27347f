import { DomainError } from '@roaming/shared-kernel';

export const DEFAULT_PAGE_LIMIT = 100;
/** ARCHITECTURE.md §7: every list is capped at 2000 per page. */
export const MAX_PAGE_LIMIT = 2000;

/**
 * An opaque cursor over a list ordered by an increasing change sequence (assigned by the projector in commit order):
 * clients pass back what they got, so a delta since a cursor returns exactly what changed after it.
 */
export function encodeCursor(sequence: string): string {
  return Buffer.from(`sm1:${sequence}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string {
  if (cursor === undefined || cursor === '') return '0';
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^sm1:(0|[1-9]\d{0,18})$/.exec(decoded);
  if (!match) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not one this API returned', {
      field: 'since',
      rule: 'opaque-cursor',
    });
  }
  return match[1];
}
