import { Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Database, runMigrations } from '@roaming/event-store';
import { marketplaceAdminMigrations } from './marketplace-admin.migrations';
import { GetPartnerOverviewController } from './partners/features/get-partner-overview/get-partner-overview.controller';
import { GetPartnerOverviewHandler } from './partners/features/get-partner-overview/get-partner-overview.handler';
import { SearchPartnersController } from './partners/features/search-partners/search-partners.controller';
import { SearchPartnersHandler } from './partners/features/search-partners/search-partners.handler';
import { PartnerOverviewConsumer } from './partners/partner-overview.consumer';
import { PartnerOverviewRepository } from './partners/partner-overview.repository';
import { ListPartnerTransactionsController } from './transactions/features/list-partner-transactions/list-partner-transactions.controller';
import { ListPartnerTransactionsHandler } from './transactions/features/list-partner-transactions/list-partner-transactions.handler';
import { TransactionsConsumer } from './transactions/transactions.consumer';
import { TransactionsRepository } from './transactions/transactions.repository';

/**
 * The marketplace operator's cross-partner views (GeM 1373, 927/1242): partner search and the transaction overview
 * per partner with CSV export, learned only from the registry's, authorization's and cdr-forwarding's topics into
 * this context's own tables. Changing partners (suspend, reactivate, credentials) stays the contract registry's
 * business: the operator uses its /v1/admin/partners routes. Needs the global InfrastructureModule and PlatformModule.
 */
@Module({
  controllers: [SearchPartnersController, GetPartnerOverviewController, ListPartnerTransactionsController],
  providers: [
    PartnerOverviewRepository,
    PartnerOverviewConsumer,
    TransactionsRepository,
    TransactionsConsumer,
    SearchPartnersHandler,
    GetPartnerOverviewHandler,
    ListPartnerTransactionsHandler,
  ],
})
export class MarketplaceAdminModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MarketplaceAdminModule.name);

  constructor(
    private readonly db: Database,
    private readonly partners: PartnerOverviewConsumer,
    private readonly transactions: TransactionsConsumer,
  ) {}

  /** Subscribed before any forwarder publishes (forwarders start at bootstrap; the in-process bus keeps nothing). */
  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.db, marketplaceAdminMigrations);
    if (applied.length > 0) this.logger.log(`applied migrations ${applied.join(', ')}`);
    await this.partners.start();
    await this.transactions.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.transactions.stop();
    await this.partners.stop();
  }
}
