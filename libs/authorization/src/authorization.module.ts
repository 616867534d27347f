import { Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Database, runMigrations } from '@roaming/event-store';
import { AuthorizationCredentialsModule } from './authorization-credentials.module';
import { authorizationMigrations } from './authorization.migrations';
import { AuthorizationSwitch } from './authorization/application/authorization-switch';
import { AuthorizePlugAndChargeController } from './authorization/features/authorize-plug-and-charge/authorize-plug-and-charge.controller';
import { AuthorizeTokenController } from './authorization/features/authorize-token/authorize-token.controller';
import { AuthorizeTokenHandler } from './authorization/features/authorize-token/authorize-token.handler';
import { AuthorizationsProjection } from './authorization/projections/authorizations/authorizations.projection';
import { AuthorizationsReadModel } from './authorization/projections/authorizations/authorizations.read-model';
import { GetAuthorizationController } from './authorization/queries/get-authorization/get-authorization.controller';
import { GetAuthorizationHandler } from './authorization/queries/get-authorization/get-authorization.handler';
import { AuthorizationForwarder } from './integration/authorization.forwarder';
import { CdrLinkConsumer } from './integration/cdr-link.consumer';
import { AuthorizationRequestsConsumer } from './integration/authorization-requests.consumer';
import { HomeProviderClient } from './integration/home-provider/home-provider.client';
import { RegistryViewConsumer } from './integration/registry-view/registry-view.consumer';
import { RegistryViewRepository } from './integration/registry-view/registry-view.repository';
import { DeadlinesProcessManager } from './process-managers/deadlines.process-manager';
import { RemoteCommands } from './remote-command/application/remote-commands';
import { RequestRemoteStartController } from './remote-command/features/request-remote-start/request-remote-start.controller';
import { RequestRemoteStartHandler } from './remote-command/features/request-remote-start/request-remote-start.handler';
import { RequestRemoteStopController } from './remote-command/features/request-remote-stop/request-remote-stop.controller';
import { RequestRemoteStopHandler } from './remote-command/features/request-remote-stop/request-remote-stop.handler';
import { RespondToCommandController } from './remote-command/features/respond-to-command/respond-to-command.controller';
import { RespondToCommandHandler } from './remote-command/features/respond-to-command/respond-to-command.handler';
import { GetCommandController } from './remote-command/queries/get-command/get-command.controller';
import { GetCommandHandler } from './remote-command/queries/get-command/get-command.handler';
import { CommandWebhookRelay } from './remote-command/relay/command-webhook.relay';
import { SessionReports } from './session/application/session-reports';
import { Sessions } from './session/application/sessions';
import { ReportSessionEndController } from './session/features/report-session-end/report-session-end.controller';
import { ReportSessionProgressController } from './session/features/report-session-progress/report-session-progress.controller';
import { ReportSessionStartController } from './session/features/report-session-start/report-session-start.controller';
import { ReportSessionStartHandler } from './session/features/report-session-start/report-session-start.handler';
import { GetSessionController } from './session/queries/get-session/get-session.controller';

/**
 * The authorization context (the hub's transaction switch): authorizations, remote commands and charging sessions.
 * Needs the global InfrastructureModule (Database, EventStore, MessageBus, Clock, IdGenerator, CQRS buses) and, for
 * its routes, PlatformModule.
 */
@Module({
  imports: [AuthorizationCredentialsModule],
  controllers: [
    AuthorizeTokenController,
    AuthorizePlugAndChargeController,
    GetAuthorizationController,
    RequestRemoteStartController,
    RequestRemoteStopController,
    RespondToCommandController,
    GetCommandController,
    ReportSessionStartController,
    ReportSessionProgressController,
    ReportSessionEndController,
    GetSessionController,
  ],
  providers: [
    AuthorizationSwitch,
    HomeProviderClient,
    AuthorizeTokenHandler,
    GetAuthorizationHandler,
    RegistryViewRepository,
    RegistryViewConsumer,
    CdrLinkConsumer,
    AuthorizationRequestsConsumer,
    AuthorizationsReadModel,
    AuthorizationsProjection,
    AuthorizationForwarder,
    RemoteCommands,
    RequestRemoteStartHandler,
    RequestRemoteStopHandler,
    RespondToCommandHandler,
    GetCommandHandler,
    CommandWebhookRelay,
    Sessions,
    SessionReports,
    ReportSessionStartHandler,
    DeadlinesProcessManager,
  ],
  exports: [
    RegistryViewConsumer,
    AuthorizationsProjection,
    AuthorizationForwarder,
    DeadlinesProcessManager,
    CommandWebhookRelay,
  ],
})
export class AuthorizationModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuthorizationModule.name);

  constructor(
    private readonly db: Database,
    private readonly view: RegistryViewRepository,
    private readonly registryView: RegistryViewConsumer,
    private readonly cdrLinks: CdrLinkConsumer,
    private readonly requests: AuthorizationRequestsConsumer,
    private readonly projection: AuthorizationsProjection,
    private readonly forwarder: AuthorizationForwarder,
    private readonly deadlines: DeadlinesProcessManager,
    private readonly webhooks: CommandWebhookRelay,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, authorizationMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations ${applied.join(', ')}`);
    // Before any door opens: a decision reads the replica, never the tables.
    await this.view.start();
    // Subscribe here, not at bootstrap: Nest runs every module's onModuleInit before any onApplicationBootstrap,
    // where forwarders start publishing, and the in-process bus keeps nothing for a late subscriber.
    await this.registryView.start();
    await this.cdrLinks.start();
    await this.requests.start();
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const processor of [this.projection.processor, this.deadlines.projection, this.webhooks.processor]) {
      await processor.catchUp();
    }
    this.projection.processor.start();
    this.webhooks.processor.start();
    this.deadlines.start();
    await this.forwarder.forwarder.catchUp();
    this.forwarder.forwarder.start();
  }

  /** Before the infrastructure's shutdown hook closes the database and the bus. */
  async onModuleDestroy(): Promise<void> {
    await this.forwarder.forwarder.stop();
    await this.deadlines.stop();
    await this.webhooks.processor.stop();
    await this.projection.processor.stop();
    await this.requests.stop();
    await this.cdrLinks.stop();
    await this.registryView.stop();
    await this.view.stop();
  }
}
