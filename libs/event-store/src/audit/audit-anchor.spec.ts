import { START } from '../event-store.port';
import { type AuditAnchorBody, checkAnchorSeal, FIRST_ANCHOR_LINK, signAnchor } from './audit-anchor';
import { AuditPublicKey, AuditSigningKey } from './signing-key';

const body: AuditAnchorBody = {
  app: 'clearing-house',
  sequence: 1,
  from: START,
  to: { transactionId: '812', globalPosition: '40' },
  count: 40,
  rollingHash: 'a'.repeat(64),
  previousAnchorHash: FIRST_ANCHOR_LINK,
  anchoredAt: '2026-03-01T10:00:00.000Z',
  keyId: '',
};

describe('signed audit anchors (ARCHITECTURE §5)', () => {
  const key = AuditSigningKey.generate();
  const anchor = signAnchor({ ...body, keyId: key.keyId }, key);

  it('verifies with the published public key, in raw base64 or PEM', () => {
    expect(checkAnchorSeal(anchor, AuditPublicKey.parse(key.publicKey.raw))).toEqual([]);
    expect(checkAnchorSeal(anchor, AuditPublicKey.parse(key.publicKey.pem))).toEqual([]);
  });

  it('finds an edited anchor and a signature by an unknown key', () => {
    expect(checkAnchorSeal({ ...anchor, count: 39 }, key.publicKey)).toEqual([
      'the anchor hash does not match the anchor',
      'the signature does not verify',
    ]);
    const other = AuditSigningKey.generate();
    expect(checkAnchorSeal(anchor, other.publicKey)).toEqual([
      `signed with key ${key.keyId}, not the published key ${other.keyId}`,
    ]);
    expect(checkAnchorSeal({ ...anchor, to: { transactionId: 'x' } }, key.publicKey)).toEqual([
      'the anchor is malformed',
    ]);
  });

  it('round-trips the private key through PEM and base64 DER, and refuses a key that is not Ed25519', () => {
    const pem = key.toPem();
    expect(AuditSigningKey.parse(pem).keyId).toBe(key.keyId);
    const der = pem.replace(/-----[^-]+-----|\s/g, '');
    expect(AuditSigningKey.parse(der).keyId).toBe(key.keyId);
    expect(() => AuditSigningKey.parse('bm90IGEga2V5')).toThrow();
  });
});
