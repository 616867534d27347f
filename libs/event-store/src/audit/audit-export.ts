import { canonicalJson } from '../hash-chain';
import type { ChainedEvent } from './audit-reader';
import { rollHash, sha256Hex } from './rolling-hash';
import type { AuditSigningKey } from './signing-key';

export const AUDIT_EXPORT_FORMAT = 'roaming-clearing-house/audit-export';
export const AUDIT_EXPORT_VERSION = 1;

/** First line of an export: what it holds and which key sealed it. */
export interface ExportHeader {
  kind: 'header';
  format: typeof AUDIT_EXPORT_FORMAT;
  version: typeof AUDIT_EXPORT_VERSION;
  app: string;
  /** What was exported, e.g. `{ stream }` or `{ categories, fromTime, toTime }`. */
  scope: Record<string, unknown>;
  exportedAt: string;
  keyId: string | null;
  /** The raw Ed25519 public key (base64); auditors compare it with the one they pinned from /v1/audit/anchor-key. */
  publicKey: string | null;
}

/** One event as stored, with the hash its stream chained it from: each line can be re-hashed on its own. */
export interface ExportEventLine {
  kind: 'event';
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
  previousHash: string | null;
  hash: string;
}

/** Last line: how many events, their rolling hash (seeded with the header's hash), signed. */
export interface ExportSeal {
  kind: 'seal';
  events: number;
  rollingHash: string;
  headerHash: string;
  keyId: string | null;
  signature: string | null;
}

export function headerHashOf(header: ExportHeader): string {
  return sha256Hex(canonicalJson(header));
}

export function sealBodyOf(seal: ExportSeal): Omit<ExportSeal, 'signature'> {
  const { kind, events, rollingHash, headerHash, keyId } = seal;
  return { kind, events, rollingHash, headerHash, keyId };
}

export function eventLineOf(event: ChainedEvent): ExportEventLine {
  return {
    kind: 'event',
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
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

/**
 * Writes an export as JSON lines: header, one line per event, seal. The seal is signed with the audit key when one
 * is configured; verification needs nothing but the file (and, to trust the signer, the pinned public key).
 */
export async function* auditExportLines(
  header: Omit<ExportHeader, 'kind' | 'format' | 'version' | 'keyId' | 'publicKey'>,
  batches: AsyncIterable<readonly ChainedEvent[]>,
  key: AuditSigningKey | undefined,
): AsyncGenerator<string> {
  const fullHeader: ExportHeader = {
    kind: 'header',
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    ...header,
    keyId: key?.keyId ?? null,
    publicKey: key?.publicKey.raw ?? null,
  };
  const headerHash = headerHashOf(fullHeader);
  yield `${JSON.stringify(fullHeader)}\n`;
  let rollingHash = headerHash;
  let events = 0;
  for await (const batch of batches) {
    let chunk = '';
    for (const event of batch) {
      rollingHash = rollHash(rollingHash, event.hash);
      events++;
      chunk += `${JSON.stringify(eventLineOf(event))}\n`;
    }
    if (chunk) yield chunk;
  }
  const body = sealBodyOf({
    kind: 'seal',
    events,
    rollingHash,
    headerHash,
    keyId: key?.keyId ?? null,
    signature: null,
  });
  const seal: ExportSeal = { ...body, signature: key ? key.sign(canonicalJson(body)) : null };
  yield `${JSON.stringify(seal)}\n`;
}
