import { AuditSigningKey } from '@roaming/event-store/audit';
import { ConfigValidationError } from '@roaming/platform';
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadCdrDeliverySettings } from './cdr-delivery.settings';

const SERVER = { mode: 'server' as const, dataDir: './.data' };

describe('CDR webhook delivery settings (validated at boot)', () => {
  it('has bounded defaults', () => {
    const settings = loadCdrDeliverySettings(SERVER, {});
    expect(settings.policy).toEqual({
      baseDelayMs: 1_000,
      maxDelayMs: 300_000,
      maxAttempts: 10,
      stallAfterMs: 3_600_000,
    });
    expect(settings).toMatchObject({
      requestTimeoutMs: 5_000,
      pollIntervalMs: 250,
      concurrency: 16,
      signingKeySource: 'ephemeral',
    });
  });

  it('reads the variables and the signing key (PEM, also with literal \\n)', () => {
    const key = AuditSigningKey.generate();
    const settings = loadCdrDeliverySettings(SERVER, {
      CDR_WEBHOOK_BASE_DELAY_MS: '50',
      CDR_WEBHOOK_MAX_DELAY_MS: '400',
      CDR_WEBHOOK_MAX_ATTEMPTS: '3',
      CDR_WEBHOOK_SIGNING_KEY: key.toPem().replace(/\n/g, '\\n'),
    });
    expect(settings.policy).toMatchObject({ baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 3 });
    expect(settings.signingKey.keyId).toBe(key.keyId);
    expect(settings.signingKeySource).toBe('config');
  });

  it('reports every violation at once, never echoing the key', () => {
    let error: unknown;
    try {
      loadCdrDeliverySettings(SERVER, {
        CDR_WEBHOOK_MAX_ATTEMPTS: '0',
        CDR_WEBHOOK_BASE_DELAY_MS: 'soon',
        CDR_WEBHOOK_SIGNING_KEY: 'not-a-key-secret',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const violations = (error as ConfigValidationError).violations.map((v) => v.variable);
    expect(violations).toEqual(
      expect.arrayContaining(['CDR_WEBHOOK_MAX_ATTEMPTS', 'CDR_WEBHOOK_BASE_DELAY_MS', 'CDR_WEBHOOK_SIGNING_KEY']),
    );
    expect((error as Error).message).not.toContain('not-a-key-secret');
  });

  it('refuses a max delay below the base delay', () => {
    expect(() =>
      loadCdrDeliverySettings(SERVER, { CDR_WEBHOOK_BASE_DELAY_MS: '5000', CDR_WEBHOOK_MAX_DELAY_MS: '1000' }),
    ).toThrow(/CDR_WEBHOOK_MAX_DELAY_MS/);
  });

  it('keeps a generated key under DATA_DIR in embedded mode (owner-only), the same on the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdr-key-'));
    try {
      const first = loadCdrDeliverySettings({ mode: 'embedded', dataDir: dir }, {});
      const second = loadCdrDeliverySettings({ mode: 'embedded', dataDir: dir }, {});
      expect(first.signingKeySource).toBe('data-dir');
      expect(second.signingKey.keyId).toBe(first.signingKey.keyId);
      expect(statSync(join(dir, 'cdr-webhook-signing-key')).mode & 0o777).toBe(0o600);
      expect(loadCdrDeliverySettings({ mode: 'embedded', dataDir: 'memory://' }, {}).signingKeySource).toBe(
        'ephemeral',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
