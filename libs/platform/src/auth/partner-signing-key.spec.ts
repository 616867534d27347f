import { PARTNER_SIGNING_KEY_LABEL } from '@roaming/contracts';
import { createHash, sign, verify } from 'crypto';
import { generateApiKey, hashApiKey } from './api-key';
import {
  isPartnerSigningPublicKey,
  partnerSigningKeyPair,
  partnerSigningPublicKey,
  partnerSigningSeed,
  partnerVerifyingKey,
} from './partner-signing-key';

/** The same final base64url character with another value in its `unused` low bits: decodes to the same bytes. */
function otherSpellingOf(last: string, unused: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return alphabet[alphabet.indexOf(last) ^ ((1 << unused) - 1)];
}

describe('the Kafka signing key derived from an API key', () => {
  it('derives the seed as SHA-256 over the documented label and the API key', () => {
    expect(PARTNER_SIGNING_KEY_LABEL).toBe('roaming-hub/kafka-signing/v2\n');
    expect(Buffer.byteLength(PARTNER_SIGNING_KEY_LABEL, 'utf8')).toBe(29);
    expect(partnerSigningSeed('rch_x').toString('hex')).toBe(
      createHash('sha256').update('roaming-hub/kafka-signing/v2\nrch_x', 'utf8').digest('hex'),
    );
  });

  it('is deterministic per key and differs between keys', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(partnerSigningPublicKey(a.key)).toBe(partnerSigningPublicKey(a.key));
    expect(partnerSigningKeyPair(a.key).publicKey).toBe(partnerSigningPublicKey(a.key));
    expect(partnerSigningPublicKey(a.key)).not.toBe(partnerSigningPublicKey(b.key));
    expect(isPartnerSigningPublicKey(partnerSigningPublicKey(a.key))).toBe(true);
  });

  it('is the RFC 8032 key pair of the seed (a fixed vector, checked with another Ed25519 implementation)', () => {
    expect(partnerSigningSeed('rch_x').toString('hex')).toBe(
      '94a9366a0f133b9c7da1c5f35e9a04706b9cb2a9fa2498af5d14bbb01afc77c9',
    );
    expect(partnerSigningPublicKey('rch_x')).toBe('psXMuCJt27JyiFVtmpU5STEjLGvL2QChmwhf-M7z9vo');
  });

  it('issues the public key with every generated API key, and nothing in the published record leads to the seed', () => {
    const generated = generateApiKey();
    expect(generated.signingPublicKey).toBe(partnerSigningPublicKey(generated.key));
    // What the registry publishes: the key's SHA-256 and the public key. The seed is a hash over a label and the key
    // itself, neither of those; the private key derived from the published hash (a forger's best guess) is another.
    const seed = partnerSigningSeed(generated.key);
    expect(seed.toString('hex')).not.toBe(generated.keyHash);
    expect(partnerSigningPublicKey(generated.keyHash)).not.toBe(generated.signingPublicKey);
    expect(partnerSigningPublicKey(hashApiKey(generated.keyHash))).not.toBe(generated.signingPublicKey);
    expect(JSON.stringify({ keyHash: generated.keyHash, signingPublicKey: generated.signingPublicKey })).not.toContain(
      seed.toString('base64url'),
    );
  });

  it('verifies with the published public key what the derived private key signed', () => {
    const { key } = generateApiKey();
    const data = Buffer.from('b2b.cdrs.inbound.v1.m-1..DEABC.{}');
    const signature = sign(null, data, partnerSigningKeyPair(key).privateKey);
    const verifier = partnerVerifyingKey(partnerSigningPublicKey(key));
    expect(verifier && verify(null, data, verifier, signature)).toBe(true);
    expect(partnerVerifyingKey(partnerSigningPublicKey(key))).toBe(verifier);
  });

  it('builds no verifying key from something that is not a published public key', () => {
    expect(partnerVerifyingKey('')).toBeUndefined();
    expect(partnerVerifyingKey('a'.repeat(64))).toBeUndefined();
    expect(partnerVerifyingKey('not base64url!'.padEnd(43, '='))).toBeUndefined();
    // The last of 43 characters carries 2 bits that decode to nothing: only the canonical spelling is a public key.
    const published = partnerSigningPublicKey('rch_y');
    const respelled = published.slice(0, -1) + otherSpellingOf(published.slice(-1), 2);
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(published, 'base64url'));
    expect(isPartnerSigningPublicKey(published)).toBe(true);
    expect(isPartnerSigningPublicKey(respelled)).toBe(false);
    expect(partnerVerifyingKey(respelled)).toBeUndefined();
  });
});
