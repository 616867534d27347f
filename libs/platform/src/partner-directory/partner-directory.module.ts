import { type DynamicModule, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { parseIntegrationMessage, TOPICS } from '@roaming/contracts';
import { Database, runMigrations } from '@roaming/event-store';
import { MessageBus, type Subscription } from '@roaming/messaging';
import { CredentialDirectory } from '../auth/credential-directory';
import { credentialDirectoryMigrations } from '../auth/credential-directory.migrations';
import { SqlCredentialDirectory } from '../auth/sql-credential-directory';
import { applyRegistryMessageToDirectory } from './apply-registry-message';

const OPTIONS = Symbol('partner directory options');

interface PartnerDirectoryOptions {
  /** The context's own schema, e.g. `authz`: its copy of the directory lives there. */
  schema: string;
  /** Consumer group on the registry topic, e.g. `authorization.partner-directory`. */
  groupId: string;
}

/**
 * A context's own copy of the partner credentials, learned from `contract-registry.events.v1` (ARCHITECTURE.md §2:
 * no context reads another's tables). Provides the CredentialDirectory the platform's API-key guard uses.
 */
@Module({})
export class PartnerDirectoryModule implements OnModuleInit, OnApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    @Inject(OPTIONS) private readonly options: PartnerDirectoryOptions,
    private readonly db: Database,
    private readonly bus: MessageBus,
    private readonly directory: SqlCredentialDirectory,
  ) {}

  static forContext(options: PartnerDirectoryOptions): DynamicModule {
    return {
      module: PartnerDirectoryModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        {
          provide: SqlCredentialDirectory,
          inject: [Database],
          useFactory: (db: Database) => new SqlCredentialDirectory(db, options.schema),
        },
        { provide: CredentialDirectory, useExisting: SqlCredentialDirectory },
      ],
      exports: [CredentialDirectory, SqlCredentialDirectory],
    };
  }

  async onModuleInit(): Promise<void> {
    await runMigrations(this.db, credentialDirectoryMigrations(this.options.schema));
    // Subscribed before any forwarder publishes (they start at bootstrap); see the context modules.
    this.subscription = await this.bus.subscribe({
      groupId: this.options.groupId,
      topics: [TOPICS.contractRegistryEvents],
      handler: async (message, { tx }) => {
        await applyRegistryMessageToDirectory(this.directory, tx, parseIntegrationMessage(message.rawValue));
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
