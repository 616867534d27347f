import { Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TOPICS } from '@roaming/contracts';
import { type CheckpointedProcessor, Database, EventStore, runMigrations } from '@roaming/event-store';
import { type EventForwarder, MessageBus, type Subscription } from '@roaming/messaging';
import { cdrForwardingMigrations } from './cdr-forwarding.migrations';
import { GetCdrController } from './cdr/features/get-cdr/get-cdr.controller';
import { GetCdrHandler } from './cdr/features/get-cdr/get-cdr.handler';
import { ListForwardedCdrsController } from './cdr/features/list-forwarded-cdrs/list-forwarded-cdrs.controller';
import { ListForwardedCdrsHandler } from './cdr/features/list-forwarded-cdrs/list-forwarded-cdrs.handler';
import { ReceiveCdrController } from './cdr/features/receive-cdr/receive-cdr.controller';
import { ReceiveCdrHandler } from './cdr/features/receive-cdr/receive-cdr.handler';
import { forwardedCdrsProjection } from './cdr/projections/forwarded-cdrs/forwarded-cdrs.projection';
import { ForwardedCdrsQueries } from './cdr/projections/forwarded-cdrs/forwarded-cdrs.queries';
import { CdrIntakeSettings, loadCdrIntakeSettings } from './cdr/config/cdr-intake.settings';
import { CdrFactsLookup } from './cdr/features/receive-cdr/cdr-facts.lookup';
import { CdrPriceChecker } from './cdr/features/receive-cdr/cdr-price-check';
import { ReceiveCdrBatchController } from './cdr/features/receive-cdr-batch/receive-cdr-batch.controller';
import { AUTHORIZATION_VIEW_GROUP, AuthorizationViewConsumer } from './integration/authorization-view.consumer';
import { cdrForwarder } from './integration/cdr-forwarder';
import { EVSE_VIEW_GROUP, EvseViewConsumer } from './integration/evse-view.consumer';
import { CDR_INTAKE_BATCH_SIZE, CDR_INTAKE_GROUP, CdrIntakeConsumer } from './integration/cdr-intake.consumer';
import { RegistryLookup } from './registry-view/registry-lookup';
import { REGISTRY_VIEW_GROUP, RegistryViewConsumer } from './registry-view/registry-view.consumer';

/**
 * The cdr-forwarding bounded context (IEC 63119-2 UC3-9, eMI3 UC 200, GeM 984/1452): CDR intake over REST and Kafka,
 * validation, routing to the home EVSP, Kafka push and paginated pull delivery. Adapters (Database, EventStore,
 * MessageBus, Clock) come from the app's global InfrastructureModule; authentication from PlatformModule with
 * CdrForwardingCredentialsModule.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ReceiveCdrController, ReceiveCdrBatchController, ListForwardedCdrsController, GetCdrController],
  providers: [
    RegistryLookup,
    RegistryViewConsumer,
    ForwardedCdrsQueries,
    ReceiveCdrHandler,
    ListForwardedCdrsHandler,
    GetCdrHandler,
    CdrIntakeConsumer,
    CdrFactsLookup,
    CdrPriceChecker,
    { provide: CdrIntakeSettings, useFactory: () => loadCdrIntakeSettings() },
    EvseViewConsumer,
    AuthorizationViewConsumer,
  ],
})
export class CdrForwardingModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CdrForwardingModule.name);
  private readonly subscriptions: Subscription[] = [];
  private projection?: CheckpointedProcessor;
  private forwarder?: EventForwarder;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly registryView: RegistryViewConsumer,
    private readonly intake: CdrIntakeConsumer,
    private readonly evseView: EvseViewConsumer,
    private readonly authorizationView: AuthorizationViewConsumer,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, cdrForwardingMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    // Subscribe here, not at bootstrap: Nest runs every module's onModuleInit before any onApplicationBootstrap,
    // where forwarders start publishing, and the in-process bus keeps nothing for a late subscriber.
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: REGISTRY_VIEW_GROUP,
        topics: [TOPICS.contractRegistryEvents],
        handler: this.registryView.handle,
      }),
      await this.bus.subscribe({
        groupId: EVSE_VIEW_GROUP,
        topics: [TOPICS.stationManagementEvents],
        handler: this.evseView.handle,
      }),
      await this.bus.subscribe({
        groupId: AUTHORIZATION_VIEW_GROUP,
        topics: [TOPICS.authorizationEvents],
        handler: this.authorizationView.handle,
      }),
      // The high-rate door: one transaction per batch of records, not per message.
      await this.bus.subscribeBatch({
        groupId: CDR_INTAKE_GROUP,
        topics: [TOPICS.b2bCdrsInbound],
        handler: this.intake.handleBatch,
        maxBatchSize: CDR_INTAKE_BATCH_SIZE,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.projection = forwardedCdrsProjection(this.store);
    await this.projection.catchUp();
    this.projection.start();
    this.forwarder = cdrForwarder(this.store, this.bus);
    await this.forwarder.catchUp();
    this.forwarder.start();
  }

  /**
   * Stops the processors and consumers before any module's onApplicationShutdown, i.e. before the infrastructure
   * closes the database and the bus underneath a batch in flight.
   */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.forwarder?.stop(), this.projection?.stop()]);
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
