import { AuditPublicKey, AuditSigningKey } from '@roaming/event-store/audit';
import { signWebhookBody, verifyWebhookSignature } from './hub-signature';

describe('webhook signature (GeM 984 delivery to the EVSP): Ed25519 over "<timestamp>.<body>"', () => {
  const key = AuditSigningKey.generate();
  const published = AuditPublicKey.parse(key.publicKey.raw);
  const body = JSON.stringify({ cdrId: 'CDR-1', totalCost: { amount: '9.6800', currency: 'EUR' } });

  it('verifies with the published raw public key', () => {
    const header = signWebhookBody(key, '1772366400', body);
    expect(header).toMatch(/^ed25519=/);
    expect(verifyWebhookSignature(published, '1772366400', body, header)).toBe(true);
  });

  it('fails for a changed body, another timestamp, another key or a malformed header', () => {
    const header = signWebhookBody(key, '1772366400', body);
    expect(verifyWebhookSignature(published, '1772366400', body.replace('9.68', '9.69'), header)).toBe(false);
    expect(verifyWebhookSignature(published, '1772366401', body, header)).toBe(false);
    expect(verifyWebhookSignature(AuditSigningKey.generate().publicKey, '1772366400', body, header)).toBe(false);
    expect(verifyWebhookSignature(published, '1772366400', body, 'sha256=abc')).toBe(false);
    expect(verifyWebhookSignature(published, '1772366400', body, undefined)).toBe(false);
  });
});
