import { DomainError } from '@roaming/shared-kernel';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 2000;

/**
 * An opaque cursor over a list ordered by (text key, id): clients pass back what they got. Versioned by its prefix
 * so that the encoding can change; anything else is refused with CURSOR_INVALID naming the field.
 */
export function encodeKeysetCursor(prefix: string, key: string, id: string): string {
  return Buffer.from(`${prefix}:${JSON.stringify([key, id])}`, 'utf8').toString('base64url');
}

export function decodeKeysetCursor(prefix: string, cursor: string): { key: string; id: string } {
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (text.startsWith(`${prefix}:`)) {
    try {
      const value = JSON.parse(text.slice(prefix.length + 1)) as unknown;
      if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
        return { key: value[0] as string, id: value[1] as string };
      }
    } catch {
      // refused below
    }
  }
  throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this API handed out', {
    field: 'cursor',
    rule: 'opaque-cursor',
  });
}
