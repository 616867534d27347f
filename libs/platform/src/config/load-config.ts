import { createPrivateKey } from 'crypto';
import { DEFAULT_PARTNER_MESSAGE_FRESHNESS } from '../auth/partner-message-freshness';
import { AppConfig, type LogFormat, type LogLevel, type RunMode } from './app-config';
import { ConfigValidationError, type ConfigViolation } from './config-validation.error';

export type Environment = Readonly<Record<string, string | undefined>>;

const MODES: readonly RunMode[] = ['embedded', 'server'];
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
const BROKER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;
// Cluster strings list several hosts (esdb://a:2113,b:2113), which WHATWG URL parsing rejects: check the shape instead.
const EVENTSTOREDB_URL = /^(esdb|kurrentdb|kurrent)(\+discover)?:\/\/[^\s/?#]+([/?][^\s]*)?$/;
const TOPIC_PREFIX = /^[A-Za-z0-9._-]{1,100}$/;
const POSTGRES_SCHEMES = ['postgres:', 'postgresql:'];
/** A bootstrap key shorter than this is guessable; generated keys are far longer. */
const OPERATOR_KEY_MIN_LENGTH = 16;

/**
 * Builds the process configuration from environment variables, the only place that reads them. Pure: pass any
 * `env` in tests. Collects every violation before failing, so an operator sees all of them at once.
 * Values of secrets (DATABASE_URL may hold a password, OPERATOR_API_KEY) are never echoed in messages.
 */
export function loadConfig(appName: string, env: Environment = process.env): AppConfig {
  const violations: ConfigViolation[] = [];
  const fail = (variable: string, rule: string, message: string) => violations.push({ variable, rule, message });
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    // Orchestrators often set unused variables to '': treat that as unset.
    return value === undefined || value === '' ? undefined : value;
  };

  const databaseUrl = read('DATABASE_URL');
  const mode = oneOf(read('MODE'), MODES, 'MODE', fail) ?? (databaseUrl ? 'server' : 'embedded');

  const rawPort = read('PORT');
  let port = 3000;
  if (rawPort !== undefined) {
    const parsed = /^\d+$/.test(rawPort) ? Number(rawPort) : NaN;
    if (Number.isInteger(parsed) && parsed <= 65535) port = parsed;
    else fail('PORT', 'port', `must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}`);
  }

  const host = read('HOST') ?? (mode === 'embedded' ? '127.0.0.1' : '0.0.0.0');
  if (/\s/.test(host)) fail('HOST', 'host', `must not contain whitespace, got ${JSON.stringify(host)}`);

  if (databaseUrl === undefined) {
    if (mode === 'server') fail('DATABASE_URL', 'required', 'is required when MODE=server');
  } else if (!isPostgresUrl(databaseUrl)) {
    fail('DATABASE_URL', 'postgres-url', 'must be a postgres:// or postgresql:// URL');
  }

  const kafkaBrokers = (read('KAFKA_BROKERS') ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (kafkaBrokers.length === 0 && mode === 'server') {
    fail('KAFKA_BROKERS', 'required', 'is required when MODE=server (comma-separated host:port list)');
  }
  for (const broker of kafkaBrokers) {
    const match = BROKER.exec(broker);
    const brokerPort = match ? Number(match[2]) : 0;
    if (!match || brokerPort < 1 || brokerPort > 65535) {
      fail('KAFKA_BROKERS', 'host-port-list', `entry ${JSON.stringify(broker)} is not host:port (port 1-65535)`);
    }
  }

  const kafkaTopicPrefix = read('KAFKA_TOPIC_PREFIX');
  if (kafkaTopicPrefix !== undefined && !TOPIC_PREFIX.test(kafkaTopicPrefix)) {
    fail('KAFKA_TOPIC_PREFIX', 'topic-chars', 'must be 1-100 characters out of A-Z a-z 0-9 . _ -');
  }

  const eventStoreDbUrl = read('EVENTSTOREDB_URL');
  if (eventStoreDbUrl !== undefined && !EVENTSTOREDB_URL.test(eventStoreDbUrl)) {
    fail('EVENTSTOREDB_URL', 'eventstoredb-url', 'must be an esdb:// or kurrentdb:// connection string');
  }

  const operatorApiKey = read('OPERATOR_API_KEY');
  if (operatorApiKey !== undefined && (operatorApiKey.length < OPERATOR_KEY_MIN_LENGTH || /\s/.test(operatorApiKey))) {
    fail(
      'OPERATOR_API_KEY',
      'min-length',
      `must be at least ${OPERATOR_KEY_MIN_LENGTH} characters without whitespace (value not shown)`,
    );
  }

  // A PEM squeezed into one variable often arrives with literal "\n" for its line breaks.
  const auditSigningKey = read('AUDIT_SIGNING_KEY')?.replace(/\\n/g, '\n');
  if (auditSigningKey !== undefined && !isEd25519PrivateKey(auditSigningKey)) {
    fail(
      'AUDIT_SIGNING_KEY',
      'ed25519-private-key',
      'must be an Ed25519 private key, PKCS#8 PEM or its DER in base64 (value not shown)',
    );
  }

  const seconds = (variable: string, fallbackMs: number): number => {
    const raw = read(variable);
    if (raw === undefined) return fallbackMs;
    if (/^\d{1,6}$/.test(raw)) return Number(raw) * 1000;
    fail(variable, 'seconds', `must be a whole number of seconds from 0 to 999999, got ${JSON.stringify(raw)}`);
    return fallbackMs;
  };
  const partnerMessageFreshness = {
    maxAgeMs: seconds('PARTNER_MESSAGE_MAX_AGE_SECONDS', DEFAULT_PARTNER_MESSAGE_FRESHNESS.maxAgeMs),
    clockSkewMs: seconds('PARTNER_MESSAGE_CLOCK_SKEW_SECONDS', DEFAULT_PARTNER_MESSAGE_FRESHNESS.clockSkewMs),
  };

  const logLevel = oneOf(read('LOG_LEVEL')?.toLowerCase(), LOG_LEVELS, 'LOG_LEVEL', fail) ?? 'info';
  // Humans read the embedded default in a terminal; servers feed a log pipeline.
  const logFormat =
    oneOf(read('LOG_FORMAT')?.toLowerCase(), LOG_FORMATS, 'LOG_FORMAT', fail) ??
    (mode === 'embedded' ? 'pretty' : 'json');

  if (violations.length > 0) throw new ConfigValidationError(appName, violations);

  return new AppConfig({
    appName,
    mode,
    port,
    host,
    databaseUrl,
    dataDir: read('DATA_DIR') ?? './.data',
    kafkaBrokers,
    kafkaClientId: read('KAFKA_CLIENT_ID') ?? appName,
    kafkaTopicPrefix,
    eventStoreDbUrl,
    operatorApiKey,
    auditSigningKey,
    partnerMessageFreshness,
    logLevel,
    logFormat,
  });
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  variable: string,
  fail: (variable: string, rule: string, message: string) => void,
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  fail(variable, 'one-of', `must be one of ${allowed.join(' | ')}, got ${JSON.stringify(value)}`);
  return undefined;
}

function isEd25519PrivateKey(value: string): boolean {
  try {
    const key = value.startsWith('-----BEGIN')
      ? createPrivateKey(value)
      : createPrivateKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return POSTGRES_SCHEMES.includes(url.protocol) && url.host !== '';
  } catch {
    return false;
  }
}
