import { Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Database, runMigrations } from '@roaming/event-store';
import { authorizationMigrations } from './authorization.migrations';
import { AuthorizationSwitch } from './authorization/application/authorization-switch';
import { AuthorizeTokenController } from './authorization/features/authorize-token/authorize-token.controller';
import { AuthorizeTokenHandler } from './authorization/features/authorize-token/authorize-token.handler';
import { AuthorizationsProjection } from './authorization/projections/authorizations/authorizations.projection';
import { AuthorizationsReadModel } from './authorization/projections/authorizations/authorizations.read-model';
import { GetAuthorizationController } from './authorization/queries/get-authorization/get-authorization.controller';
import { GetAuthorizationHandler } from './authorization/queries/get-authorization/get-authorization.handler';
import { AuthorizationForwarder } from './integration/authorization.forwarder';
import { RegistryViewConsumer } from './integration/registry-view/registry-view.consumer';
import { RegistryViewRepository } from './integration/registry-view/registry-view.repository';
import { HomeProviderClient } from './integration/home-provider/home-provider.client';
import { AuthorizationCredentialsModule } from './authorization-credentials.module';

/**
 * The authorization context (the hub's transaction switch). Needs the global InfrastructureModule (Database,
 * EventStore, MessageBus, Clock, IdGenerator, CQRS buses) and, for its routes, PlatformModule.
 */
@Module({
  imports: [AuthorizationCredentialsModule],
  controllers: [AuthorizeTokenController, GetAuthorizationController],
  providers: [
    AuthorizationSwitch,
    HomeProviderClient,
    AuthorizeTokenHandler,
    GetAuthorizationHandler,
    RegistryViewRepository,
    RegistryViewConsumer,
    AuthorizationsReadModel,
    AuthorizationsProjection,
    AuthorizationForwarder,
  ],
  exports: [RegistryViewConsumer, AuthorizationsProjection, AuthorizationForwarder],
})
export class AuthorizationModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuthorizationModule.name);

  constructor(
    private readonly db: Database,
    private readonly registryView: RegistryViewConsumer,
    private readonly projection: AuthorizationsProjection,
    private readonly forwarder: AuthorizationForwarder,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, authorizationMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations ${applied.join(', ')}`);
    // Subscribe here, not at bootstrap: Nest runs every module's onModuleInit before any onApplicationBootstrap,
    // where forwarders start publishing, and the in-process bus keeps nothing for a late subscriber.
    await this.registryView.start();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projection.processor.catchUp();
    this.projection.processor.start();
    await this.forwarder.forwarder.catchUp();
    this.forwarder.forwarder.start();
  }

  /** Before the infrastructure's shutdown hook closes the database and the bus. */
  async onModuleDestroy(): Promise<void> {
    await this.forwarder.forwarder.stop();
    await this.projection.processor.stop();
    await this.registryView.stop();
  }
}
