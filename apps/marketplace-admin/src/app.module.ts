import { Module } from '@nestjs/common';
import { TOPICS } from '@roaming/contracts';
import { MADMIN_SCHEMA, MarketplaceAdminModule, TRANSACTION_TOPICS } from '@roaming/marketplace-admin';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  OperationsModule,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';

export const APP_NAME = 'marketplace-admin';

/**
 * The marketplace operator's deployable: cross-partner views learned from the registry's, authorization's and
 * cdr-forwarding's topics (its own database in server mode), its own copy of the partner directory for
 * authentication, and the operations and audit doors over its own store. Partner changes (suspend, reactivate,
 * credentials) are the contract registry's commands, served by the registry's app.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({ appName: APP_NAME, healthChecks: infrastructureHealthChecks }),
    PartnerDirectoryModule.forContext({ schema: MADMIN_SCHEMA, groupId: `${APP_NAME}.partner-directory` }),
    MarketplaceAdminModule,
    OperationsModule.forApp({ consumedTopics: [TOPICS.contractRegistryEvents, ...TRANSACTION_TOPICS] }),
  ],
})
export class MarketplaceAdminAppModule {}
