import { Module } from '@nestjs/common';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';

/**
 * The marketplace-admin deployable. Its bounded context's features are built in their own issue; until then the app runs the
 * shared platform: configuration, its own copy of the partner directory (from the registry's topic), health, docs.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot('marketplace-admin'),
    PlatformModule.forRoot({ healthChecks: infrastructureHealthChecks, appName: 'marketplace-admin' }),
    PartnerDirectoryModule.forContext({ schema: 'marketplacea', groupId: 'marketplace-admin.partner-directory' }),
  ],
})
export class MarketplaceAdminAppModule {}
