import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { TOPICS } from '@roaming/contracts';
import { Database, EventStore, runMigrations } from '@roaming/event-store';
import { EventForwarder, MessageBus, type Subscription } from '@roaming/messaging';
import { Clock } from '@roaming/shared-kernel';
import { RECORDS_GROUP_TOPICS, SETTLEMENT_CATEGORIES } from './settlement.topology';
import { SETTLEMENT_RECORDS_GROUP, RecordsConsumer } from './integration/records.consumer';
import { toSettlementMessages } from './integration/settlement.to-integration';
import { RerateStatementController } from './audit/features/rerate-statement/rerate-statement.controller';
import { Rerating } from './audit/rerating';
import { IssueInvoiceController } from './invoicing/features/issue-invoice/issue-invoice.controller';
import { ReadInvoicesController } from './invoicing/features/read-invoices/read-invoices.controller';
import { Invoices } from './invoicing/invoices';
import { GetNettingController } from './netting/features/get-netting/get-netting.controller';
import { ListParkedRecordsController } from './record/features/list-parked-records/list-parked-records.controller';
import { RecordPricer } from './record/record-pricer';
import {
  DEFAULT_SETTLEMENT_CONFIG,
  SETTLEMENT_CONFIG,
  type SettlementConfig,
  loadSettlementConfig,
} from './config/settlement-config';
import { settlementMigrations } from './settlement.migrations';
import { CloseStatementController } from './statement/features/close-statement/close-statement.controller';
import { ReadStatementsController } from './statement/features/read-statements/read-statements.controller';
import { PeriodCloser } from './statement/period-closer';
import { Statements } from './statement/statements';
import { SetAgreementTermsController } from './terms/features/set-agreement-terms/set-agreement-terms.controller';
import { SetFeeTermsController } from './terms/features/set-fee-terms/set-fee-terms.controller';
import { RegistryViewConsumer, SETTLEMENT_REGISTRY_VIEW_GROUP } from './views/registry-view.consumer';

export const SETTLEMENT_FORWARDER_ID = 'forwarder:settlement';

/**
 * The settlement bounded context (IEC 63119 6.4.3, UC3-5): prices every record cdr-forwarding accepted under the
 * agreed tariff (libs/rating), keeps statements per agreement and period, closes them (operator or schedule), nets
 * across partners, issues invoices, and lets auditors re-run rating from the history. Adapters (Database,
 * EventStore, MessageBus, Clock) come from the app's global InfrastructureModule, authentication from PlatformModule.
 */
@Module({})
export class SettlementModule implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SettlementModule.name);
  private readonly subscriptions: Subscription[] = [];
  private forwarder?: EventForwarder;
  private closer?: PeriodCloser;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    private readonly registryView: RegistryViewConsumer,
    private readonly records: RecordsConsumer,
    private readonly statements: Statements,
    @Inject(SETTLEMENT_CONFIG) private readonly config: SettlementConfig,
  ) {}

  /** `config` defaults to the environment (loadSettlementConfig); tests pass their own. */
  static forRoot(config: SettlementConfig = loadSettlementConfig()): DynamicModule {
    return {
      module: SettlementModule,
      controllers: [
        SetAgreementTermsController,
        SetFeeTermsController,
        ListParkedRecordsController,
        CloseStatementController,
        ReadStatementsController,
        IssueInvoiceController,
        ReadInvoicesController,
        GetNettingController,
        RerateStatementController,
      ],
      providers: [
        { provide: SETTLEMENT_CONFIG, useValue: { ...DEFAULT_SETTLEMENT_CONFIG, ...config } },
        RecordPricer,
        RegistryViewConsumer,
        RecordsConsumer,
        Statements,
        Invoices,
        Rerating,
      ],
      exports: [SETTLEMENT_CONFIG, Statements],
    };
  }

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, settlementMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    // Subscribed before any forwarder publishes (they start at bootstrap): the in-process bus keeps nothing.
    this.subscriptions.push(
      await this.bus.subscribe({
        groupId: SETTLEMENT_REGISTRY_VIEW_GROUP,
        topics: [TOPICS.contractRegistryEvents],
        handler: this.registryView.handle,
      }),
      await this.bus.subscribe({
        groupId: SETTLEMENT_RECORDS_GROUP,
        topics: RECORDS_GROUP_TOPICS,
        handler: this.records.handle,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.forwarder = new EventForwarder({
      processorId: SETTLEMENT_FORWARDER_ID,
      store: this.store,
      bus: this.bus,
      categories: SETTLEMENT_CATEGORIES,
      map: toSettlementMessages,
    });
    await this.forwarder.catchUp();
    this.forwarder.start();
    this.closer = new PeriodCloser(this.statements, this.clock, {
      graceMs: this.config.closeGraceMs,
      intervalMs: this.config.closeIntervalMs,
    });
    this.closer.start();
  }

  /** The period-closing schedule, for tests that move the clock and want the closes now. */
  periodCloser(): PeriodCloser | undefined {
    return this.closer;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.closer?.stop(), this.forwarder?.stop()]);
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
