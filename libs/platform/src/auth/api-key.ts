import { createHash, randomBytes, randomUUID } from 'crypto';
import type { IncomingHttpHeaders } from 'http';
import { partnerSigningPublicKey } from './partner-signing-key';
import type { PartnerCredentialIssuedV1, PartnerRole } from '@roaming/contracts';

/** Makes keys recognisable in configs and secret scanners; the entropy is in the 32 random bytes after it. */
export const API_KEY_PREFIX = 'rch_';
export const API_KEY_HEADER = 'X-API-Key';

export interface GeneratedApiKey {
  /** Hand this to the partner once; it is never stored. */
  key: string;
  /** Public identifier of the key, for listing and revocation. */
  keyId: string;
  /** What directories store and look up: sha256(key), hex. */
  keyHash: string;
  /** The public key that verifies the partner's signed Kafka messages (partner-signing-key.ts). */
  signingPublicKey: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): GeneratedApiKey {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, keyId: randomUUID(), keyHash: hashApiKey(key), signingPublicKey: partnerSigningPublicKey(key) };
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`; undefined when neither is usable. */
export function extractApiKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = headers[API_KEY_HEADER.toLowerCase()];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value : undefined;
}

/**
 * The data of the PartnerCredentialIssued message (contract-registry.events.v1) that announces a key: what the
 * registry publishes when it issues one, and how test fixtures and benchmarks give a context's view a partner's key.
 */
export function credentialIssued(
  key: GeneratedApiKey,
  partner: { partnerId: string; roles: readonly PartnerRole[]; partyIds: readonly string[] },
): PartnerCredentialIssuedV1['data'] {
  return {
    partnerId: partner.partnerId,
    keyId: key.keyId,
    keyHash: key.keyHash,
    signingPublicKey: key.signingPublicKey,
    roles: [...partner.roles],
    partyIds: [...partner.partyIds],
  };
}
