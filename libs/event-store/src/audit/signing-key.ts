import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'crypto';
import { sha256Hex } from './rolling-hash';

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte raw key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The public half of the audit signing key, as auditors pin it: the raw 32-byte Ed25519 key in base64, and a short
 * id (the first 16 hex digits of its SHA-256) that every anchor and export names.
 */
export class AuditPublicKey {
  private constructor(
    readonly key: KeyObject,
    readonly raw: string,
    readonly keyId: string,
  ) {}

  static from(key: KeyObject): AuditPublicKey {
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the audit key must be an Ed25519 key');
    const der = key.export({ type: 'spki', format: 'der' });
    const raw = der.subarray(ED25519_SPKI_PREFIX.length);
    return new AuditPublicKey(key, raw.toString('base64'), sha256Hex(raw.toString('hex')).slice(0, 16));
  }

  /** Accepts what /v1/audit/anchor-key publishes (raw base64) or a PEM public key. */
  static parse(text: string): AuditPublicKey {
    const trimmed = text.trim();
    if (trimmed.startsWith('-----BEGIN')) return AuditPublicKey.from(createPublicKey(trimmed));
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes (base64) or a PEM document');
    return AuditPublicKey.from(
      createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' }),
    );
  }

  get pem(): string {
    return this.key.export({ type: 'spki', format: 'pem' }).toString();
  }

  verify(message: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(message, 'utf8'), this.key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** The private Ed25519 key that signs anchors and exports. Never logged, never stored in an event. */
export class AuditSigningKey {
  readonly publicKey: AuditPublicKey;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = AuditPublicKey.from(createPublicKey(privateKey));
  }

  static generate(): AuditSigningKey {
    return new AuditSigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** A PKCS#8 PEM document, or the same DER in base64 (handy in one environment variable). */
  static parse(text: string): AuditSigningKey {
    const trimmed = text.trim();
    const key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 key');
    return new AuditSigningKey(key);
  }

  get keyId(): string {
    return this.publicKey.keyId;
  }

  toPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString('base64');
  }
}
