import { IntegrationMessageError, PARTNER_SIGNING_KEY_LABEL } from '@roaming/contracts';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'crypto';

/**
 * The Ed25519 key pair a partner signs its Kafka messages with, derived from its API key (libs/contracts,
 * partner-messages.ts, says how, for partners in any language). The partner registers nothing new, and the hub keeps
 * only the public key: the seed is SHA-256 over a label and the API key itself, so the key's SHA-256 (keyHash), which
 * the registry publishes and every context stores, does not lead to it.
 */
export interface PartnerSigningKeyPair {
  readonly privateKey: KeyObject;
  /** The 32 raw bytes of the public key, base64url without padding (43 characters), as the registry publishes it. */
  readonly publicKey: string;
}

/** A published public key: 32 bytes in base64url without padding. */
const PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

/** PKCS#8 wrapping of an Ed25519 seed (RFC 8410): this prefix, then the 32 seed bytes. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Enough for every key of every partner; beyond it the oldest entries go first. */
const MAX_CACHED = 10_000;
const keyPairs = new Map<string, PartnerSigningKeyPair>();
const verifyingKeys = new Map<string, KeyObject>();

/** seed = SHA-256(UTF-8 label || UTF-8 API key). */
export function partnerSigningSeed(apiKey: string): Buffer {
  return createHash('sha256').update(PARTNER_SIGNING_KEY_LABEL, 'utf8').update(apiKey, 'utf8').digest();
}

function deriveKeyPair(apiKey: string): PartnerSigningKeyPair {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, partnerSigningSeed(apiKey)]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return Object.freeze({ privateKey, publicKey: String(jwk.x) });
}

/**
 * The key pair of an API key, for a producer: derived once per key and process (signing is on the producers' hot
 * path), so the process keeps the keys it signed with in memory.
 */
export function partnerSigningKeyPair(apiKey: string): PartnerSigningKeyPair {
  let pair = keyPairs.get(apiKey);
  if (!pair) remember(keyPairs, apiKey, (pair = deriveKeyPair(apiKey)));
  return pair;
}

/**
 * What the registry records when it issues a key: the public half only. Not cached: the hub keeps no API key nor
 * private key in memory after it answered.
 */
export function partnerSigningPublicKey(apiKey: string): string {
  return deriveKeyPair(apiKey).publicKey;
}

export function isPartnerSigningPublicKey(value: unknown): value is string {
  return typeof value === 'string' && PUBLIC_KEY.test(value) && isCanonicalBase64url(value);
}

/**
 * True when the text is the one spelling of its bytes: 43 or 86 base64url characters carry 2 or 4 bits that decode
 * to nothing, so other spellings of the same key or signature would pass a pattern (security review, finding 6).
 */
export function isCanonicalBase64url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}

/**
 * The KeyObject that verifies signatures under a published public key, built once per key and process (the doors
 * verify thousands of messages a second); undefined when `publicKey` is not one.
 */
export function partnerVerifyingKey(publicKey: string): KeyObject | undefined {
  let key = verifyingKeys.get(publicKey);
  if (!key) {
    if (!isPartnerSigningPublicKey(publicKey)) return undefined;
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    } catch {
      return undefined;
    }
    remember(verifyingKeys, publicKey, key);
  }
  return key;
}

/**
 * The `signingPublicKey` of a PartnerCredentialIssued message, for every context's copy of the credential directory:
 * null when absent (a key the registry issued before it recorded signing keys: that key cannot sign Kafka messages),
 * an IntegrationMessageError (the message is parked) when it is not a public key.
 */
export function signingPublicKeyOf(data: Readonly<Record<string, unknown>>): string | null {
  const value = data.signingPublicKey;
  if (value === undefined || value === null) return null;
  if (!isPartnerSigningPublicKey(value)) {
    throw new IntegrationMessageError('PartnerCredentialIssued: data.signingPublicKey must be 32 bytes in base64url');
  }
  return value;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
