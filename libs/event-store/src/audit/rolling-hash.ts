import { createHash } from 'crypto';

/**
 * One step of the rolling hash over the global sequence: sha256(previous || event hash), hex. Each event hash already
 * covers its content and its stream's history, so the rolling value covers every event in global order: dropping,
 * inserting, reordering or re-hashing any one of them changes every value after it.
 */
export function rollHash(previous: string, eventHash: string): string {
  return createHash('sha256').update(previous).update(eventHash).digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
