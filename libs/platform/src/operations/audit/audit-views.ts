import type { Checkpoint, RecordedEvent } from '@roaming/event-store';
import type { AnchorChainVerification, ChainVerification } from '@roaming/event-store/audit';

/** An event exactly as stored (what its hash covers), with where the store put it. */
export interface AuditedEventView {
  globalPosition: string;
  transactionId: string;
  streamName: string;
  streamPosition: number;
  messageId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  hash: string;
}

export interface StreamHistoryView {
  streamName: string;
  category: string;
  version: number;
  events: AuditedEventView[];
  verification: ChainVerification;
}

export interface HistoryPageView {
  items: AuditedEventView[];
  /** Pass back as `cursor` for the events after this page; null when the page was not full. */
  nextCursor: string | null;
}

export interface StateAsOfView {
  streamName: string;
  category: string;
  /** null = now. */
  asOf: string | null;
  /** How many events were folded (the stream's version at that time). */
  version: number;
  lastEventAt: string | null;
  state: unknown;
}

export interface VerificationView {
  valid: boolean;
  scope: { streamName: string } | { category: string } | { everything: true };
  verifiedAt: string;
  chains: ChainVerification;
  /** Only when everything is verified: the signed anchors over the global sequence. */
  anchors?: AnchorChainVerification;
}

export interface AnchorKeyView {
  algorithm: 'Ed25519';
  keyId: string;
  /** The raw 32-byte public key, base64: what `audit verify-export --public-key` takes. */
  publicKey: string;
  pem: string;
}

export function auditedEvent(event: RecordedEvent): AuditedEventView {
  return {
    globalPosition: event.globalPosition,
    transactionId: event.transactionId,
    streamName: event.streamName,
    streamPosition: event.streamPosition,
    messageId: event.messageId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    hash: event.hash,
  };
}

const CURSOR_PREFIX = 'ev1:';

export function encodeHistoryCursor(checkpoint: Checkpoint): string {
  return Buffer.from(`${CURSOR_PREFIX}${checkpoint.transactionId}:${checkpoint.globalPosition}`).toString('base64url');
}

export function decodeHistoryCursor(cursor: string): Checkpoint | undefined {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^ev1:(0|[1-9]\d{0,19}):(0|[1-9]\d{0,18})$/.exec(text);
  return match ? { transactionId: match[1], globalPosition: match[2] } : undefined;
}

/** Aggregate states are plain data by convention; Maps, Sets and bigints are rendered JSON-safe all the same. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v)]));
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}
