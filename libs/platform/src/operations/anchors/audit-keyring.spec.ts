import { AuditSigningKey } from '@roaming/event-store/audit';
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigValidationError } from '../../config/config-validation.error';
import { loadConfig } from '../../config/load-config';
import { AuditKeyring } from './audit-keyring';

const quiet = { warn: () => undefined, log: () => undefined } as never;

describe('the audit signing key (AUDIT_SIGNING_KEY, ARCHITECTURE §5)', () => {
  it('takes AUDIT_SIGNING_KEY as PEM (also with literal \\n) or base64 DER', () => {
    const key = AuditSigningKey.generate();
    const pem = key.toPem();
    for (const value of [pem, pem.replace(/\n/g, '\\n'), pem.replace(/-----[^-]+-----|\s/g, '')]) {
      const config = loadConfig('authorization', { AUDIT_SIGNING_KEY: value });
      expect(AuditKeyring.fromConfig(config, quiet)).toMatchObject({
        source: 'config',
        signingKey: { keyId: key.keyId },
      });
    }
  });

  it('refuses a value that is not an Ed25519 private key, without echoing it', () => {
    try {
      loadConfig('authorization', { AUDIT_SIGNING_KEY: 'secret-but-not-a-key' });
      throw new Error('expected a configuration error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as Error).message).toContain('AUDIT_SIGNING_KEY');
      expect((error as Error).message).not.toContain('secret-but-not-a-key');
    }
  });

  it('keeps a generated key under DATA_DIR in embedded mode (owner only) and reuses it on the next start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'audit-key-'));
    try {
      const config = loadConfig('clearing-house', { DATA_DIR: dataDir });
      const first = AuditKeyring.fromConfig(config, quiet);
      expect(first.source).toBe('data-dir');
      expect(statSync(join(dataDir, 'audit-signing-key')).mode & 0o777).toBe(0o600);
      expect(AuditKeyring.fromConfig(config, quiet).signingKey?.keyId).toBe(first.signingKey?.keyId);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('invents no key in server mode: anchors need AUDIT_SIGNING_KEY there', () => {
    const config = loadConfig('authorization', { DATABASE_URL: 'postgres://db/x', KAFKA_BROKERS: 'k:9092' });
    expect(AuditKeyring.fromConfig(config, quiet)).toMatchObject({ source: 'none', signingKey: undefined });
  });
});
