import {
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TOPICS } from '@roaming/contracts';
import { type CheckpointedProcessor, Database, DeadlineTimer, EventStore, runMigrations } from '@roaming/event-store';
import { type EventForwarder, MessageBus, type Subscription } from '@roaming/messaging';
import { AppConfig } from '@roaming/platform';
import { Clock } from '@roaming/shared-kernel';
import {
  CDR_DELIVERY_SETTINGS,
  type CdrDeliverySettings,
  loadCdrDeliverySettings,
} from './delivery/config/cdr-delivery.settings';
import { AcknowledgeCdrController } from './delivery/features/acknowledge-cdr/acknowledge-cdr.controller';
import { AcknowledgeCdrHandler } from './delivery/features/acknowledge-cdr/acknowledge-cdr.handler';
import { HubSigningKeysController } from './delivery/features/hub-signing-keys/hub-signing-keys.controller';
import { ListCdrDeliveriesController } from './delivery/features/list-cdr-deliveries/list-cdr-deliveries.controller';
import { RetryCdrDeliveryController } from './delivery/features/retry-cdr-delivery/retry-cdr-delivery.controller';
import { CDR_ACK_GROUP, CdrAckConsumer } from './delivery/integration/cdr-ack.consumer';
import { cdrNotificationsForwarder } from './delivery/integration/cdr-notifications.forwarder';
import { cdrDeliveryProcessManager } from './delivery/process/cdr-delivery.process-manager';
import { cdrDeliveriesMigrations } from './delivery/projections/cdr-deliveries.migrations';
import { cdrDeliveriesProjection } from './delivery/projections/cdr-deliveries.projection';
import { CdrDeliveriesQueries } from './delivery/projections/cdr-deliveries.queries';
import { CdrWebhookDispatcher } from './delivery/webhook/cdr-webhook.dispatcher';
import { cdrInventoryMigrations } from './inventory/cdr-inventory.migrations';
import { cdrInventoryProjection } from './inventory/cdr-inventory.projection';
import { CdrInventoryQueries } from './inventory/cdr-inventory.queries';
import { GetInventoryController } from './inventory/features/get-inventory/get-inventory.controller';
import { ApproveCdrController } from './reconciliation/features/approve-cdr/approve-cdr.controller';
import { DisputeCdrController } from './reconciliation/features/dispute-cdr/dispute-cdr.controller';
import { ListDisputesController } from './reconciliation/features/list-disputes/list-disputes.controller';
import { ReconciliationCommands } from './reconciliation/features/reconciliation-commands';
import { RejectDisputeController } from './reconciliation/features/reject-dispute/reject-dispute.controller';
import { cdrReconciliationsMigrations } from './reconciliation/projections/cdr-reconciliations.migrations';
import { cdrReconciliationsProjection } from './reconciliation/projections/cdr-reconciliations.projection';
import { CdrReconciliationsQueries } from './reconciliation/projections/cdr-reconciliations.queries';
import { CDR_SCHEMA } from './registry-view/registry-view.migrations';

/** Tables of delivery, reconciliation and inventory, in schema `cdr` (after CdrForwardingModule's). */
export const cdrDeliveryMigrations = [
  ...cdrDeliveriesMigrations,
  ...cdrReconciliationsMigrations,
  ...cdrInventoryMigrations,
];

/** Processors of this module, for the operator's lists (GET /v1/admin/processors) and tests. */
export const CDR_DELIVERY_TIMER_ID = 'cdr-forwarding.webhook-timer';

/**
 * Delivery of forwarded records to the EVSP by signed webhook with retries (GeM 984), the EVSP's acknowledgement
 * (REST and Kafka), reconciliation and disputes (IEC 63119-2 6.4.2, OCHP states) and the inventory per partner pair
 * (SDR reconciliation). Import it BEFORE CdrForwardingModule: its GET /v1/cdrs/inventory must be routed before
 * GET /v1/cdrs/:cdrId. Needs the global InfrastructureModule and the tables of CdrForwardingModule (registry view).
 * `settings` default to the environment (loadCdrDeliverySettings); tests pass their own.
 */
@Module({
  imports: [CqrsModule],
  controllers: [
    GetInventoryController,
    HubSigningKeysController,
    AcknowledgeCdrController,
    ListCdrDeliveriesController,
    RetryCdrDeliveryController,
    ApproveCdrController,
    DisputeCdrController,
    RejectDisputeController,
    ListDisputesController,
  ],
  providers: [
    {
      provide: CDR_DELIVERY_SETTINGS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loadCdrDeliverySettings(config),
    },
    AcknowledgeCdrHandler,
    CdrAckConsumer,
    CdrWebhookDispatcher,
    CdrDeliveriesQueries,
    CdrReconciliationsQueries,
    CdrInventoryQueries,
    ReconciliationCommands,
  ],
  exports: [CDR_DELIVERY_SETTINGS],
})
export class CdrDeliveryModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CdrDeliveryModule.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly processors: CheckpointedProcessor[] = [];
  private forwarder?: EventForwarder;
  private timer?: DeadlineTimer;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly acks: CdrAckConsumer,
    private readonly dispatcher: CdrWebhookDispatcher,
    @Inject(CDR_DELIVERY_SETTINGS) private readonly settings: CdrDeliverySettings,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, cdrDeliveryMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    if (this.settings.signingKeySource === 'ephemeral') {
      this.logger.warn('CDR_WEBHOOK_SIGNING_KEY is not set: webhooks are signed with a key made for this process only');
    }
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: CDR_ACK_GROUP,
        topics: [TOPICS.b2bCdrAcksInbound],
        handler: this.acks.handle,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.processors.push(
      cdrDeliveryProcessManager(this.store, this.clock),
      cdrDeliveriesProjection(this.store),
      cdrReconciliationsProjection(this.store),
      cdrInventoryProjection(this.store),
    );
    for (const processor of this.processors) {
      await processor.catchUp();
      processor.start();
    }
    this.forwarder = cdrNotificationsForwarder(this.store, this.bus);
    await this.forwarder.catchUp();
    this.forwarder.start();
    this.timer = new DeadlineTimer({
      timerId: CDR_DELIVERY_TIMER_ID,
      database: this.db,
      schema: CDR_SCHEMA,
      now: () => this.clock.now(),
      fire: this.dispatcher.fire,
      pollIntervalMs: this.settings.pollIntervalMs,
      batchSize: 200,
      concurrency: this.settings.concurrency,
    });
    this.timer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.timer?.stop();
    await Promise.all([this.forwarder?.stop(), ...this.processors.splice(0).map((p) => p.stop())]);
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
