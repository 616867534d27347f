import { AuditSigningKey } from '@roaming/event-store/audit';
import { type AppConfig, ConfigValidationError, type ConfigViolation, type Environment } from '@roaming/platform';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { DeliveryPolicy } from '../domain';

/** Injection token of the webhook delivery settings. */
export const CDR_DELIVERY_SETTINGS = Symbol('cdr-forwarding delivery settings');

/** Webhook delivery of CDRs to EVSPs (GeM 984): retry policy, timer pace, and the hub's signing key. */
export interface CdrDeliverySettings {
  policy: DeliveryPolicy;
  /** How long the EVSP's webhook may take to answer one POST. */
  requestTimeoutMs: number;
  /** How often the timer looks for due attempts (the stored due times survive restarts; this is only the pace). */
  pollIntervalMs: number;
  /** How many webhook attempts run at the same time. */
  concurrency: number;
  /** Ed25519 key signing every webhook body; its public half is served at GET /v1/hub/signing-keys. */
  signingKey: AuditSigningKey;
  /** Where the key came from: config (CDR_WEBHOOK_SIGNING_KEY), data-dir (embedded), ephemeral. */
  signingKeySource: 'config' | 'data-dir' | 'ephemeral';
}

const INTEGERS: Record<
  keyof DeliveryPolicy | 'requestTimeoutMs' | 'pollIntervalMs' | 'concurrency',
  [string, number, number, number]
> = {
  // variable, default, min, max
  baseDelayMs: ['CDR_WEBHOOK_BASE_DELAY_MS', 1_000, 10, 3_600_000],
  maxDelayMs: ['CDR_WEBHOOK_MAX_DELAY_MS', 300_000, 10, 86_400_000],
  maxAttempts: ['CDR_WEBHOOK_MAX_ATTEMPTS', 10, 1, 1_000],
  stallAfterMs: ['CDR_WEBHOOK_STALL_AFTER_MS', 3_600_000, 1_000, 30 * 86_400_000],
  requestTimeoutMs: ['CDR_WEBHOOK_TIMEOUT_MS', 5_000, 100, 120_000],
  pollIntervalMs: ['CDR_WEBHOOK_POLL_INTERVAL_MS', 250, 10, 60_000],
  concurrency: ['CDR_WEBHOOK_CONCURRENCY', 16, 1, 256],
};

/**
 * Reads the delivery variables (the only place that does), reporting every violation at once. The signing key is
 * CDR_WEBHOOK_SIGNING_KEY (Ed25519, PKCS#8 PEM or base64 DER). Without it, embedded mode keeps one under DATA_DIR
 * (created on first start, owner-only, like the operator's key) or in memory for `memory://`; server mode makes an
 * ephemeral key and says so in `signingKeySource` (EVSPs then re-read GET /v1/hub/signing-keys after a restart).
 */
export function loadCdrDeliverySettings(
  app: Pick<AppConfig, 'mode' | 'dataDir'>,
  env: Environment = process.env,
): CdrDeliverySettings {
  const violations: ConfigViolation[] = [];
  const values = {} as Record<keyof typeof INTEGERS, number>;
  for (const [key, [variable, fallback, min, max]] of Object.entries(INTEGERS) as [
    keyof typeof INTEGERS,
    [string, number, number, number],
  ][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') {
      values[key] = fallback;
      continue;
    }
    const value = /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isInteger(value) && value >= min && value <= max) values[key] = value;
    else violations.push({ variable, rule: 'integer-range', message: `must be an integer from ${min} to ${max}` });
  }
  if (values.maxDelayMs < values.baseDelayMs) {
    violations.push({
      variable: 'CDR_WEBHOOK_MAX_DELAY_MS',
      rule: 'not-below-base',
      message: 'must not be below CDR_WEBHOOK_BASE_DELAY_MS',
    });
  }
  let signingKey: AuditSigningKey | undefined;
  let signingKeySource: CdrDeliverySettings['signingKeySource'] = 'config';
  const rawKey = env.CDR_WEBHOOK_SIGNING_KEY?.trim().replace(/\\n/g, '\n');
  if (rawKey) {
    try {
      signingKey = AuditSigningKey.parse(rawKey);
    } catch {
      violations.push({
        variable: 'CDR_WEBHOOK_SIGNING_KEY',
        rule: 'ed25519-private-key',
        message: 'must be an Ed25519 private key, PKCS#8 PEM or its DER in base64 (value not shown)',
      });
    }
  }
  if (violations.length > 0) throw new ConfigValidationError('cdr-forwarding', violations);
  if (!signingKey) {
    if (app.mode === 'embedded' && app.dataDir !== 'memory://') {
      signingKey = keyUnder(app.dataDir);
      signingKeySource = 'data-dir';
    } else {
      signingKey = AuditSigningKey.generate();
      signingKeySource = 'ephemeral';
    }
  }
  const { requestTimeoutMs, pollIntervalMs, concurrency, ...policy } = values;
  return { policy, requestTimeoutMs, pollIntervalMs, concurrency, signingKey, signingKeySource };
}

function keyUnder(dataDir: string): AuditSigningKey {
  const keyFile = join(dataDir, 'cdr-webhook-signing-key');
  if (!existsSync(keyFile)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, AuditSigningKey.generate().toPem(), { mode: 0o600 });
  }
  chmodSync(keyFile, 0o600);
  return AuditSigningKey.parse(readFileSync(keyFile, 'utf8'));
}
