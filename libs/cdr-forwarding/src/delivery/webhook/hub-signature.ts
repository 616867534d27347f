import type { AuditPublicKey, AuditSigningKey } from '@roaming/event-store/audit';

/** Headers of a webhook delivery (lower case, as Node and most frameworks present them). */
export const WEBHOOK_HEADERS = {
  /** Stable id of the record: `<cpoPartyId>:<cdrId>`, the same on every attempt; the EVSP de-duplicates by it. */
  recordId: 'hub-record-id',
  /** 1 for the first POST of the record, 2 for the first retry, … */
  attempt: 'hub-delivery-attempt',
  /** Unix seconds when this attempt was signed; part of the signed message. */
  timestamp: 'hub-timestamp',
  /** `ed25519=<base64 signature of "<timestamp>.<body>">`. */
  signature: 'hub-signature',
  /** Which of the keys at GET /v1/hub/signing-keys signed it. */
  keyId: 'hub-key-id',
} as const;

export function recordIdOf(cpoPartyId: string, cdrId: string): string {
  return `${cpoPartyId}:${cdrId}`;
}

/** The signature header value over `<timestamp>.<body>` (the body exactly as sent). */
export function signWebhookBody(key: AuditSigningKey, timestamp: string, body: string): string {
  return `ed25519=${key.sign(`${timestamp}.${body}`)}`;
}

/** What an EVSP does with the published key (and what the tests do). */
export function verifyWebhookSignature(
  key: AuditPublicKey,
  timestamp: string,
  body: string,
  header: string | undefined,
): boolean {
  const match = /^ed25519=([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  return match !== null && key.verify(`${timestamp}.${body}`, match[1]);
}
