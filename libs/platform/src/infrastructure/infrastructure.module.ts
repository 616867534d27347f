import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'path';
import {
  Database,
  EventStore,
  eventStoreMigrations,
  type GroupCommitOptions,
  PgDatabase,
  PgliteDatabase,
  PostgresEventStore,
  runMigrations,
} from '@roaming/event-store';
import {
  InProcessMessageBus,
  kafkaHealthCheck,
  KafkaMessageBus,
  MessageBus,
  messagingMigrations,
} from '@roaming/messaging';
import { Clock, IdGenerator, RandomIdGenerator, SystemClock } from '@roaming/shared-kernel';
import { operatorReplayMigrations } from '../auth/operator-replays';
import { AppConfig } from '../config/app-config';
import type { Environment } from '../config/load-config';
import { PlatformConfigModule } from '../config/platform-config.module';
import type { HealthChecksFactory } from '../http/platform.module';
import { NamespacedMessageBus } from './namespaced-message-bus';

export interface InfrastructureOptions {
  /** Environment to read instead of the process's (tests). */
  env?: Environment;
  /** Use this database instead of the configured one (tests share one between apps). */
  database?: Database;
  /** Use this bus instead of the configured one (tests share one in-process bus between apps). */
  messageBus?: MessageBus;
  clock?: Clock;
  idGenerator?: IdGenerator;
  /**
   * Group commit for the event store: appends outside a caller's transaction share transactions (one WAL flush for
   * many). For apps whose hot path appends on every request (the authorization switch).
   */
  groupCommit?: GroupCommitOptions;
}

/** Marks adapters the module created itself, so that it closes only those on shutdown. */
const OWNED = Symbol('owned infrastructure');

/**
 * The composition root's choice of adapters (ARCHITECTURE.md §8), shared by every app module:
 * embedded mode = PGlite under DATA_DIR + the in-process bus; server mode = PostgreSQL (DATABASE_URL) + Kafka.
 * Contexts only ask for the ports (Database, EventStore, MessageBus, Clock, IdGenerator).
 */
@Module({})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InfrastructureModule.name);

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
    private readonly bus: MessageBus,
    @Inject(OWNED) private readonly owned: { database: boolean; bus: boolean },
  ) {}

  static forRoot(appName: string, options: InfrastructureOptions = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: Database,
        inject: [AppConfig],
        // Shared tables (event store, consumers' de-duplication rows) are migrated while the provider is built,
        // so they exist before any module's onModuleInit subscribes a consumer. Contexts migrate their own.
        useFactory: async (config: AppConfig) => {
          const db = options.database ?? (await openDatabase(config));
          await runMigrations(db, [...eventStoreMigrations, ...messagingMigrations, ...operatorReplayMigrations]);
          return db;
        },
      },
      {
        provide: EventStore,
        inject: [Database, Clock],
        useFactory: (db: Database, clock: Clock) =>
          new PostgresEventStore(db, undefined, () => clock.now(), { groupCommit: options.groupCommit }),
      },
      {
        provide: MessageBus,
        inject: [AppConfig, Database],
        useFactory: (config: AppConfig, db: Database) => options.messageBus ?? openMessageBus(config, db),
      },
      { provide: Clock, useValue: options.clock ?? new SystemClock() },
      { provide: IdGenerator, useValue: options.idGenerator ?? new RandomIdGenerator() },
      { provide: OWNED, useValue: { database: !options.database, bus: !options.messageBus } },
    ];
    return {
      module: InfrastructureModule,
      global: true,
      imports: [PlatformConfigModule.forRoot(appName, options.env), CqrsModule.forRoot()],
      providers,
      exports: [Database, EventStore, MessageBus, Clock, IdGenerator, PlatformConfigModule, CqrsModule],
    };
  }

  onModuleInit(): void {
    this.logger.log(
      `${this.config.appName} in ${this.config.mode} mode: ${this.database.kind} event store, ` +
        `${this.bus instanceof KafkaMessageBus || this.bus instanceof NamespacedMessageBus ? 'Kafka' : 'in-process'} bus`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned.bus) await this.bus.close();
    if (this.owned.database) await this.database.close();
  }
}

async function openDatabase(config: AppConfig): Promise<Database> {
  if (config.mode === 'server') {
    if (!config.databaseUrl) throw new Error('DATABASE_URL is required in server mode');
    return new PgDatabase(config.databaseUrl);
  }
  // PGlite's own folder inside DATA_DIR, which also holds the embedded operator key.
  return PgliteDatabase.open(config.dataDir === 'memory://' ? undefined : join(config.dataDir, 'pglite'));
}

function openMessageBus(config: AppConfig, database: Database): MessageBus {
  if (config.mode === 'server' || config.kafkaBrokers.length > 0) {
    const kafka = new KafkaMessageBus({ brokers: [...config.kafkaBrokers], clientId: config.kafkaClientId, database });
    return config.kafkaTopicPrefix ? new NamespacedMessageBus(kafka, config.kafkaTopicPrefix) : kafka;
  }
  return new InProcessMessageBus({ database });
}

/** Readiness checks of the chosen adapters beyond the database: Kafka in server mode. Pass to PlatformModule. */
export const infrastructureHealthChecks: HealthChecksFactory = {
  inject: [MessageBus],
  useFactory: (...deps: unknown[]) => {
    const bus = deps[0] as MessageBus;
    const kafka = bus instanceof NamespacedMessageBus ? bus.inner : bus;
    return kafka instanceof KafkaMessageBus ? [kafkaHealthCheck(kafka)] : [];
  },
};
