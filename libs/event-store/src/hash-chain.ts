import { createHash } from 'crypto';
import type { RecordedEvent } from './event-store.port';

/** The hash a stream's first event chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so that the same event always serializes to the same bytes no matter
 * how a database (jsonb reorders keys) or a client built the object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in an event');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What the hash covers: everything that identifies and carries the event, not where the store put it globally. */
export interface ChainedFields {
  streamName: string;
  streamPosition: number;
  messageId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

export function chainHash(previousHash: string, event: ChainedFields): string {
  const canonical = canonicalJson({
    streamName: event.streamName,
    streamPosition: event.streamPosition,
    messageId: event.messageId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  return createHash('sha256').update(previousHash).update(canonical).digest('hex');
}

export type StreamVerification =
  | { valid: true; streamName: string; events: number; lastHash: string }
  | { valid: false; streamName: string; events: number; brokenAt: number; reason: string };

/**
 * Re-computes a stream's chain from its stored (not upcast) events. Any edited, removed, inserted or reordered event
 * breaks the chain at its position.
 */
export function verifyChain(streamName: string, storedEvents: readonly RecordedEvent[]): StreamVerification {
  let previous = GENESIS_HASH;
  let expectedPosition = 1;
  for (const event of storedEvents) {
    if (event.streamPosition !== expectedPosition) {
      return {
        valid: false,
        streamName,
        events: storedEvents.length,
        brokenAt: expectedPosition,
        reason: `position ${expectedPosition} is missing (found ${event.streamPosition})`,
      };
    }
    const expected = chainHash(previous, event);
    if (expected !== event.hash) {
      return {
        valid: false,
        streamName,
        events: storedEvents.length,
        brokenAt: event.streamPosition,
        reason: `hash mismatch at position ${event.streamPosition}: the event or one before it was altered`,
      };
    }
    previous = event.hash;
    expectedPosition++;
  }
  return { valid: true, streamName, events: storedEvents.length, lastHash: previous };
}
