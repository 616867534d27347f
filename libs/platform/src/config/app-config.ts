import type { PartnerMessageFreshnessRule } from '../auth/partner-message-freshness';

export type RunMode = 'embedded' | 'server';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export interface AppConfigValues {
  /** Name of the deployable (clearing-house, cdr-forwarding, …); default Kafka client id and log field. */
  appName: string;
  /** embedded: PGlite + in-process bus; server: PostgreSQL + Kafka. */
  mode: RunMode;
  port: number;
  host: string;
  /** PostgreSQL connection string; always set in server mode. */
  databaseUrl?: string;
  /** PGlite data directory (embedded mode). */
  dataDir: string;
  /** host:port entries; empty in embedded mode unless given. */
  kafkaBrokers: readonly string[];
  kafkaClientId: string;
  /** Prepended to every topic and consumer group, so several environments or test runs can share one cluster. */
  kafkaTopicPrefix?: string;
  /** esdb:// or kurrentdb:// connection string: when set, EventStoreDB is the event store. */
  eventStoreDbUrl?: string;
  /** The marketplace operator's bootstrap key (never logged). */
  operatorApiKey?: string;
  /** Ed25519 private key (PKCS#8 PEM or base64 DER) that signs audit anchors and exports (never logged). */
  auditSigningKey?: string;
  /**
   * How far a partner's signing time may be from the broker's append time on the Kafka doors
   * (PARTNER_MESSAGE_MAX_AGE_SECONDS, PARTNER_MESSAGE_CLOCK_SKEW_SECONDS); the defaults when unset.
   */
  partnerMessageFreshness?: PartnerMessageFreshnessRule;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

/**
 * The validated configuration of one process, built once from the environment by `loadConfig`.
 * A class (not an interface) so that Nest can inject it by type: `constructor(private readonly config: AppConfig)`.
 */
export class AppConfig implements AppConfigValues {
  readonly appName!: string;
  readonly mode!: RunMode;
  readonly port!: number;
  readonly host!: string;
  readonly databaseUrl?: string;
  readonly dataDir!: string;
  readonly kafkaBrokers!: readonly string[];
  readonly kafkaClientId!: string;
  readonly kafkaTopicPrefix?: string;
  readonly eventStoreDbUrl?: string;
  readonly operatorApiKey?: string;
  readonly auditSigningKey?: string;
  readonly partnerMessageFreshness?: PartnerMessageFreshnessRule;
  readonly logLevel!: LogLevel;
  readonly logFormat!: LogFormat;

  constructor(values: AppConfigValues) {
    Object.assign(this, values, { kafkaBrokers: Object.freeze([...values.kafkaBrokers]) });
    Object.freeze(this);
  }
}
