import { AppConfig } from './app-config';
import { ConfigValidationError } from './config-validation.error';
import { type Environment, loadConfig } from './load-config';

const SERVER: Environment = {
  DATABASE_URL: 'postgres://app:secret@db.internal:5432/roaming',
  KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
};

function violationsOf(env: Environment): Array<{ variable: string; rule: string }> {
  try {
    loadConfig('cdr-forwarding', env);
  } catch (error) {
    if (error instanceof ConfigValidationError)
      return error.violations.map(({ variable, rule }) => ({ variable, rule }));
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('defaults to embedded mode on loopback when nothing is set', () => {
    const config = loadConfig('clearing-house', {});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      appName: 'clearing-house',
      mode: 'embedded',
      port: 3000,
      host: '127.0.0.1',
      dataDir: './.data',
      kafkaBrokers: [],
      kafkaClientId: 'clearing-house',
      logLevel: 'info',
      logFormat: 'pretty',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.operatorApiKey).toBeUndefined();
  });

  it('switches to server mode when DATABASE_URL is set and listens on all interfaces', () => {
    const config = loadConfig('cdr-forwarding', SERVER);
    expect(config).toMatchObject({
      mode: 'server',
      host: '0.0.0.0',
      databaseUrl: SERVER.DATABASE_URL,
      kafkaBrokers: ['kafka-0:9092', 'kafka-1:9092'],
      kafkaClientId: 'cdr-forwarding',
      logFormat: 'json',
    });
  });

  it('reads every optional variable', () => {
    const config = loadConfig('settlement', {
      ...SERVER,
      DATABASE_URL: 'postgresql://db/roaming',
      MODE: 'server',
      PORT: '8080',
      HOST: '10.0.0.5',
      KAFKA_CLIENT_ID: 'settlement-7',
      KAFKA_TOPIC_PREFIX: 'ci-42.',
      EVENTSTOREDB_URL: 'esdb://es-0:2113,es-1:2113?tls=false',
      OPERATOR_API_KEY: 'rch_0123456789abcdef',
      LOG_LEVEL: 'DEBUG',
      LOG_FORMAT: 'pretty',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '10.0.0.5',
      kafkaClientId: 'settlement-7',
      kafkaTopicPrefix: 'ci-42.',
      eventStoreDbUrl: 'esdb://es-0:2113,es-1:2113?tls=false',
      operatorApiKey: 'rch_0123456789abcdef',
      logLevel: 'debug',
      logFormat: 'pretty',
    });
  });

  it('keeps embedded mode when asked explicitly, even with a DATABASE_URL', () => {
    expect(loadConfig('energy', { ...SERVER, MODE: 'embedded', DATA_DIR: '/var/lib/rch' })).toMatchObject({
      mode: 'embedded',
      dataDir: '/var/lib/rch',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig('energy', { DATABASE_URL: '', PORT: ' ', MODE: '' }).mode).toBe('embedded');
  });

  it('accepts kurrentdb:// and port 0 (any free port)', () => {
    const config = loadConfig('energy', { EVENTSTOREDB_URL: 'kurrentdb+discover://cluster.local:2113', PORT: '0' });
    expect(config.port).toBe(0);
  });

  it("bounds a partner message's signing time by 5 minutes and 30 s of clock skew unless told otherwise", () => {
    expect(loadConfig('station-management', {}).partnerMessageFreshness).toEqual({
      maxAgeMs: 300_000,
      clockSkewMs: 30_000,
    });
    expect(
      loadConfig('station-management', {
        PARTNER_MESSAGE_MAX_AGE_SECONDS: '0',
        PARTNER_MESSAGE_CLOCK_SKEW_SECONDS: '10',
      }).partnerMessageFreshness,
    ).toEqual({ maxAgeMs: 0, clockSkewMs: 10_000 });
    expect(violationsOf({ PARTNER_MESSAGE_MAX_AGE_SECONDS: '-1', PARTNER_MESSAGE_CLOCK_SKEW_SECONDS: '1.5' })).toEqual([
      { variable: 'PARTNER_MESSAGE_MAX_AGE_SECONDS', rule: 'seconds' },
      { variable: 'PARTNER_MESSAGE_CLOCK_SKEW_SECONDS', rule: 'seconds' },
    ]);
  });

  it('requires DATABASE_URL and KAFKA_BROKERS in server mode', () => {
    expect(violationsOf({ MODE: 'server' })).toEqual([
      { variable: 'DATABASE_URL', rule: 'required' },
      { variable: 'KAFKA_BROKERS', rule: 'required' },
    ]);
  });

  it('lists every bad variable with its rule at once', () => {
    expect(
      violationsOf({
        MODE: 'cluster',
        PORT: '70000',
        DATABASE_URL: 'mysql://db/roaming',
        KAFKA_BROKERS: 'kafka-0:9092,kafka-1',
        KAFKA_TOPIC_PREFIX: 'a/b',
        EVENTSTOREDB_URL: 'http://es:2113',
        OPERATOR_API_KEY: 'short',
        LOG_LEVEL: 'trace',
        LOG_FORMAT: 'xml',
      }),
    ).toEqual([
      { variable: 'MODE', rule: 'one-of' },
      { variable: 'PORT', rule: 'port' },
      { variable: 'DATABASE_URL', rule: 'postgres-url' },
      { variable: 'KAFKA_BROKERS', rule: 'host-port-list' },
      { variable: 'KAFKA_TOPIC_PREFIX', rule: 'topic-chars' },
      { variable: 'EVENTSTOREDB_URL', rule: 'eventstoredb-url' },
      { variable: 'OPERATOR_API_KEY', rule: 'min-length' },
      { variable: 'LOG_LEVEL', rule: 'one-of' },
      { variable: 'LOG_FORMAT', rule: 'one-of' },
    ]);
  });

  it('refuses a non-numeric port and a broker port out of range', () => {
    expect(violationsOf({ PORT: '80a', KAFKA_BROKERS: 'kafka:99999' })).toEqual([
      { variable: 'PORT', rule: 'port' },
      { variable: 'KAFKA_BROKERS', rule: 'host-port-list' },
    ]);
  });

  it('names the variables in the message but never echoes secrets', () => {
    const secretUrl = 'mysql://app:hunter2@db/roaming';
    expect(() => loadConfig('settlement', { DATABASE_URL: secretUrl, OPERATOR_API_KEY: 'tiny key' })).toThrow(
      /DATABASE_URL \[postgres-url\][\s\S]*OPERATOR_API_KEY \[min-length\]/,
    );
    try {
      loadConfig('settlement', { DATABASE_URL: secretUrl, OPERATOR_API_KEY: 'tiny key' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
      expect((error as Error).message).not.toContain('tiny key');
    }
  });

  it('returns a frozen configuration', () => {
    const config = loadConfig('energy', {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kafkaBrokers)).toBe(true);
  });
});
