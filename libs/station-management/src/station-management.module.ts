import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { STATION_TOPICS, TOPICS } from '@roaming/contracts';
import {
  type CheckpointedProcessor,
  Database,
  type Deadline,
  DeadlineTimer,
  EventStore,
  runMigrations,
} from '@roaming/event-store';
import { Clock, idOf } from '@roaming/shared-kernel';
import { EventForwarder, MessageBus, type Subscription } from '@roaming/messaging';
import { loadStationConfig, type StationConfig } from './config/station-config';
import { LookupStatusesController } from './evse-status/features/lookup-statuses/lookup-statuses.controller';
import { StatusLookup } from './evse-status/features/lookup-statuses/status-lookup';
import { ReportStatusesController } from './evse-status/features/report-statuses/report-statuses.controller';
import {
  EVSE_STATUS_INTAKE_GROUP,
  EvseStatusIntakeConsumer,
} from './evse-status/integration/evse-status-intake.consumer';
import { StatusPushRelay } from './evse-status/integration/status-push.relay';
import { latestStatusProjection } from './evse-status/projections/latest-status/latest-status.projection';
import { StatusRecorder } from './evse-status/status-recorder';
import { STATION_CONFIG } from './config/station-config.token';
import { partnerRelay } from './integration/partner-relay';
import { toPartnerMessages, toStationMessages } from './integration/station-management.to-integration';
import { REGISTRY_VIEW_GROUP, RegistryViewConsumer } from './registry-view/registry-view.consumer';
import { RegistryViewRepository } from './registry-view/registry-view.repository';
import { CDR_EVENTS_GROUP, EvseActivityRecorder } from './evse-history/evse-activity.recorder';
import { GetHistoryController } from './evse-history/features/get-history/get-history.controller';
import { EvseHistoryQueries } from './evse-history/projections/evse-history.queries';
import { AUTHORIZATION_EVENTS_GROUP, AuthorizationEventsConsumer } from './integration/authorization-events.consumer';
import {
  STATION_COMMANDS_INTAKE_GROUP,
  StationCommandsIntakeConsumer,
} from './integration/station-commands-intake.consumer';
import { OUTAGE_CATEGORY } from './outage/domain';
import { STATION_SCHEMA } from './registry-view/registry-view.migrations';
import { RESERVATION_CATEGORY } from './reservation/domain';
import { ManageReservationController } from './reservation/features/manage-reservation/manage-reservation.controller';
import { RequestReservationController } from './reservation/features/request-reservation/request-reservation.controller';
import {
  RESERVATION_DEADLINES,
  reservationsProjection,
} from './reservation/projections/reservations/reservations.projection';
import { ReservationWrites } from './reservation/reservation-writes';
import { STATION_COMMAND_CATEGORY } from './station-command/domain/station-command';
import { CommandResultController } from './station-command/features/command-result/command-result.controller';
import { RequestUnlockController } from './station-command/features/request-unlock/request-unlock.controller';
import {
  COMMAND_RESPOND_DEADLINE,
  stationCommandDeadlines,
} from './station-command/projections/station-command-deadlines.projection';
import { StationCommandWrites } from './station-command/station-command-writes';
import { CloseOutageController } from './outage/features/close-outage/close-outage.controller';
import { ListOutagesController } from './outage/features/list-outages/list-outages.controller';
import { OutageWrites } from './outage/features/outage-writes';
import { PublishOutageController } from './outage/features/publish-outage/publish-outage.controller';
import { outagesProjection } from './outage/projections/outages/outages.projection';
import { OutagesQueries } from './outage/projections/outages/outages.queries';
import { SITE_CATEGORY } from './site/domain';
import { GetSiteController } from './site/features/get-site/get-site.controller';
import { ListSitesController } from './site/features/list-sites/list-sites.controller';
import { PublishAllSitesController } from './site/features/publish-all-sites/publish-all-sites.controller';
import { PublishEvseController } from './site/features/publish-evse/publish-evse.controller';
import { PublishSiteController } from './site/features/publish-site/publish-site.controller';
import { SiteWrites } from './site/features/site-writes';
import { WithdrawEvseController } from './site/features/withdraw-evse/withdraw-evse.controller';
import { WithdrawSiteController } from './site/features/withdraw-site/withdraw-site.controller';
import { sitesProjection } from './site/projections/sites/sites.projection';
import { SitesQueries } from './site/projections/sites/sites.queries';
import { stationManagementMigrations } from './station-management.migrations';

export const STATION_FORWARDER_ID = 'forwarder:station-management';
export const STATION_PARTNER_RELAY_ID = 'relay:station-management.partners';

/**
 * The station-management bounded context: sites and EVSEs (IEC 63119-2 UC1-2), dynamic status (UC1-3), outages
 * (UC5-1), reservations (UC3-8), remote commands and emergency unlock (UC5-2/5-3), EVSE history (GeM 1599).
 * Adapters come from the app's global InfrastructureModule; authentication from PlatformModule.
 */
@Module({})
export class StationManagementModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StationManagementModule.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly processors: CheckpointedProcessor[] = [];
  private forwarder?: EventForwarder;
  private statusPush?: StatusPushRelay;
  private timer?: DeadlineTimer;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly registryView: RegistryViewConsumer,
    private readonly registry: RegistryViewRepository,
    private readonly statusIntake: EvseStatusIntakeConsumer,
    private readonly stationCommands: StationCommandsIntakeConsumer,
    private readonly authorizationEvents: AuthorizationEventsConsumer,
    private readonly activity: EvseActivityRecorder,
    private readonly reservations: ReservationWrites,
    private readonly commands: StationCommandWrites,
    private readonly clock: Clock,
    @Inject(STATION_CONFIG) private readonly config: StationConfig,
  ) {}

  /** `config` defaults to the environment (loadStationConfig); tests pass their own. */
  static forRoot(config: StationConfig = loadStationConfig()): DynamicModule {
    return {
      module: StationManagementModule,
      controllers: [
        PublishAllSitesController,
        PublishSiteController,
        PublishEvseController,
        WithdrawEvseController,
        WithdrawSiteController,
        ListSitesController,
        GetSiteController,
        ReportStatusesController,
        LookupStatusesController,
        PublishOutageController,
        CloseOutageController,
        ListOutagesController,
        RequestReservationController,
        ManageReservationController,
        RequestUnlockController,
        CommandResultController,
        GetHistoryController,
      ],
      providers: [
        { provide: STATION_CONFIG, useValue: config },
        RegistryViewRepository,
        RegistryViewConsumer,
        SitesQueries,
        SiteWrites,
        StatusRecorder,
        StatusLookup,
        EvseStatusIntakeConsumer,
        OutageWrites,
        OutagesQueries,
        ReservationWrites,
        StationCommandWrites,
        StationCommandsIntakeConsumer,
        AuthorizationEventsConsumer,
        EvseActivityRecorder,
        EvseHistoryQueries,
      ],
      exports: [STATION_CONFIG, SitesQueries],
    };
  }

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, stationManagementMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    this.authorizationEvents.listen(this.activity.onSessionFact);
    // Subscribe here, not at bootstrap: every onModuleInit runs before any forwarder starts publishing, and the
    // in-process bus keeps nothing for a late subscriber.
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: REGISTRY_VIEW_GROUP,
        topics: [TOPICS.contractRegistryEvents],
        handler: this.registryView.handle,
      }),
      // The high-rate door: one transaction per batch of reports, not per message.
      await this.bus.subscribeBatch({
        groupId: EVSE_STATUS_INTAKE_GROUP,
        topics: [STATION_TOPICS.evseStatusInbound],
        handler: this.statusIntake.handle,
        maxBatchSize: 1000,
      }),
      await this.bus.subscribe({
        groupId: STATION_COMMANDS_INTAKE_GROUP,
        topics: [STATION_TOPICS.stationCommandsInbound],
        handler: this.stationCommands.handle,
      }),
      await this.bus.subscribe({
        groupId: CDR_EVENTS_GROUP,
        topics: [TOPICS.cdrForwardingEvents],
        handler: this.activity.onCdrMessage,
      }),
      await this.bus.subscribe({
        groupId: AUTHORIZATION_EVENTS_GROUP,
        topics: [TOPICS.authorizationEvents],
        handler: this.authorizationEvents.handle,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.processors.push(
      sitesProjection(this.store),
      latestStatusProjection(this.store),
      outagesProjection(this.store),
      reservationsProjection(this.store, this.config.reservationNoShowGraceSeconds),
      stationCommandDeadlines(this.store),
      partnerRelay({
        processorId: STATION_PARTNER_RELAY_ID,
        store: this.store,
        bus: this.bus,
        registry: this.registry,
        categories: [SITE_CATEGORY, OUTAGE_CATEGORY, RESERVATION_CATEGORY, STATION_COMMAND_CATEGORY],
        map: toPartnerMessages,
        // A SitePublished can be a few hundred kB: a few per request keep the broker's 1 MB record batch in reach.
        batchSize: 3,
      }),
    );
    for (const processor of this.processors) {
      await processor.catchUp();
      processor.start();
    }
    this.forwarder = new EventForwarder({
      processorId: STATION_FORWARDER_ID,
      store: this.store,
      bus: this.bus,
      categories: [SITE_CATEGORY, OUTAGE_CATEGORY, RESERVATION_CATEGORY],
      map: toStationMessages,
      batchSize: 3,
    });
    await this.forwarder.catchUp();
    this.forwarder.start();
    this.statusPush = new StatusPushRelay(this.db, this.store, this.bus, this.registry);
    await this.statusPush.catchUp();
    this.statusPush.start();
    this.timer = new DeadlineTimer({
      timerId: 'station-management.deadlines',
      database: this.db,
      schema: STATION_SCHEMA,
      now: () => this.clock.now(),
      fire: (deadline, now) => this.fire(deadline, now),
    });
    this.timer.start();
  }

  /** The timers' verdicts: each a command whose decider judges with the time given (and does nothing if too early). */
  private async fire(deadline: Deadline, now: Date): Promise<void> {
    const at = now.toISOString();
    const metadata = { correlationId: deadline.key, causationId: deadline.key, actor: 'station-management.timer' };
    switch (deadline.kind) {
      case RESERVATION_DEADLINES.respond:
        await this.reservations.run(
          idOf(deadline.streamName),
          { type: 'ExpireUnansweredReservation', data: { at } },
          metadata,
        );
        return;
      case RESERVATION_DEADLINES.noShow:
        await this.reservations.run(
          idOf(deadline.streamName),
          { type: 'RecordReservationNoShow', data: { at, graceSeconds: this.config.reservationNoShowGraceSeconds } },
          metadata,
        );
        return;
      case COMMAND_RESPOND_DEADLINE:
        await this.commands.run(idOf(deadline.streamName), { type: 'TimeOutStationCommand', data: { at } }, metadata);
        return;
      default:
        throw new Error(`no handler for deadline kind ${deadline.kind}`);
    }
  }

  /** The deadline timer, for tests that move the clock and want the verdicts now. */
  deadlines(): DeadlineTimer | undefined {
    return this.timer;
  }

  /** Before the infrastructure's shutdown hook closes the database and the bus underneath a batch in flight. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([
      this.timer?.stop(),
      this.forwarder?.stop(),
      this.statusPush?.stop(),
      ...this.processors.map((p) => p.stop()),
    ]);
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
