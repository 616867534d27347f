import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { ENERGY_TOPICS, TOPICS } from '@roaming/contracts';
import { type CheckpointedProcessor, Database, DeadlineTimer, EventStore, runMigrations } from '@roaming/event-store';
import { EventForwarder, MessageBus, type Subscription } from '@roaming/messaging';
import { Clock, idOf } from '@roaming/shared-kernel';
import { ChargingSessions } from './charging-session/charging-sessions';
import { CHARGING_SESSION_CATEGORY } from './charging-session/domain';
import { GetSessionController } from './charging-session/features/get-session/get-session.controller';
import { PublishChargePlanController } from './charging-session/features/publish-charge-plan/publish-charge-plan.controller';
import { ReportMeterValuesController } from './charging-session/features/report-meter-values/report-meter-values.controller';
import { SubmitPreferencesController } from './charging-session/features/submit-preferences/submit-preferences.controller';
import { ENERGY_CONFIG, type EnergyConfig, loadEnergyConfig } from './config/energy-config';
import { energyMigrations } from './energy.migrations';
import { ENERGY_SCHEMA } from './energy.schema';
import { GRID_REQUEST_CATEGORY, type GridRequestEvent } from './grid-request/domain/grid-request';
import { IssueGridRequestController } from './grid-request/features/issue-grid-request/issue-grid-request.controller';
import { ManageGridRequestController } from './grid-request/features/manage-grid-request/manage-grid-request.controller';
import { RespondGridRequestController } from './grid-request/features/respond-grid-request/respond-grid-request.controller';
import { GridRequestWrites } from './grid-request/grid-request-writes';
import { GRID_RESPOND_DEADLINE, gridRequestsProjection } from './grid-request/projections/grid-requests.projection';
import { energyPartnerRelay } from './integration/energy-partner.relay';
import { toEnergyMessages } from './integration/energy.to-integration';
import { GRID_RESPONSES_GROUP, GridResponsesConsumer } from './integration/grid-responses.consumer';
import { SESSION_OPENER_GROUP, SessionOpenerConsumer } from './integration/session-opener.consumer';
import { EVSE_CATALOGUE_GROUP, EvseCatalogueConsumer } from './views/evse-catalogue.consumer';

export const ENERGY_FORWARDER_ID = 'forwarder:energy';
export const ENERGY_GRID_RELAY_ID = 'relay:energy.grid';
export const ENERGY_SESSION_RELAY_ID = 'relay:energy.sessions';

/**
 * The energy bounded context: charge plans (IEC 63119-2 UC3-7, UC3-10), dynamic charging information with signed
 * meter values (UC3-6, ISO 15118 F1), grid operators' curtailment and flexibility requests per load area (GeM 972,
 * 961, 1572; IEC 63110 E5), and the energy events records and settlement reference.
 */
@Module({})
export class EnergyModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EnergyModule.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly processors: CheckpointedProcessor[] = [];
  private forwarder?: EventForwarder;
  private timer?: DeadlineTimer;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly catalogue: EvseCatalogueConsumer,
    private readonly sessionOpener: SessionOpenerConsumer,
    private readonly gridResponses: GridResponsesConsumer,
    private readonly gridRequests: GridRequestWrites,
    @Inject(ENERGY_CONFIG) readonly config: EnergyConfig,
  ) {}

  /** `config` defaults to the environment (loadEnergyConfig); tests pass their own. */
  static forRoot(config: EnergyConfig = loadEnergyConfig()): DynamicModule {
    return {
      module: EnergyModule,
      controllers: [
        SubmitPreferencesController,
        PublishChargePlanController,
        ReportMeterValuesController,
        GetSessionController,
        IssueGridRequestController,
        RespondGridRequestController,
        ManageGridRequestController,
      ],
      providers: [
        { provide: ENERGY_CONFIG, useValue: config },
        EvseCatalogueConsumer,
        ChargingSessions,
        GridRequestWrites,
        SessionOpenerConsumer,
        GridResponsesConsumer,
      ],
      exports: [ENERGY_CONFIG],
    };
  }

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, energyMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    // Subscribed before any forwarder publishes (they start at bootstrap): the in-process bus keeps nothing.
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: EVSE_CATALOGUE_GROUP,
        topics: [TOPICS.stationManagementEvents],
        handler: this.catalogue.handle,
      }),
      await this.bus.subscribe({
        groupId: SESSION_OPENER_GROUP,
        topics: [TOPICS.authorizationEvents],
        handler: this.sessionOpener.handle,
      }),
      await this.bus.subscribe({
        groupId: GRID_RESPONSES_GROUP,
        topics: [ENERGY_TOPICS.gridResponsesInbound],
        handler: this.gridResponses.handle,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.processors.push(
      gridRequestsProjection(this.store),
      // Grid requests have a relay of their own, never queued behind session traffic, emergencies first.
      energyPartnerRelay({
        processorId: ENERGY_GRID_RELAY_ID,
        store: this.store,
        bus: this.bus,
        categories: [GRID_REQUEST_CATEGORY],
        firstOf: (event) => (event.data as GridRequestEvent['data'] & { priority?: string }).priority === 'EMERGENCY',
        pollIntervalMs: 50,
      }),
      energyPartnerRelay({
        processorId: ENERGY_SESSION_RELAY_ID,
        store: this.store,
        bus: this.bus,
        categories: [CHARGING_SESSION_CATEGORY],
      }),
    );
    for (const processor of this.processors) {
      await processor.catchUp();
      processor.start();
    }
    this.forwarder = new EventForwarder({
      processorId: ENERGY_FORWARDER_ID,
      store: this.store,
      bus: this.bus,
      categories: [CHARGING_SESSION_CATEGORY, GRID_REQUEST_CATEGORY],
      map: toEnergyMessages,
    });
    await this.forwarder.catchUp();
    this.forwarder.start();
    this.timer = new DeadlineTimer({
      timerId: 'energy.deadlines',
      database: this.db,
      schema: ENERGY_SCHEMA,
      now: () => this.clock.now(),
      fire: async (deadline, now) => {
        if (deadline.kind !== GRID_RESPOND_DEADLINE) throw new Error(`no handler for deadline kind ${deadline.kind}`);
        await this.gridRequests.run(
          idOf(deadline.streamName),
          { type: 'FlagMissingReactions', data: { at: now.toISOString() } },
          {
            correlationId: deadline.key,
            causationId: deadline.key,
            actor: 'energy.timer',
          },
        );
      },
    });
    this.timer.start();
  }

  /** The deadline timer, for tests that move the clock and want the verdicts now. */
  deadlines(): DeadlineTimer | undefined {
    return this.timer;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.timer?.stop(), this.forwarder?.stop(), ...this.processors.map((p) => p.stop())]);
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
