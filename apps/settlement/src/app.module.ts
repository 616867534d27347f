import { Module } from '@nestjs/common';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';

/**
 * The settlement deployable. Its bounded context's features are built in their own issue; until then the app runs the
 * shared platform: configuration, its own copy of the partner directory (from the registry's topic), health, docs.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot('settlement'),
    PlatformModule.forRoot({ healthChecks: infrastructureHealthChecks, appName: 'settlement' }),
    PartnerDirectoryModule.forContext({ schema: 'settlement', groupId: 'settlement.partner-directory' }),
  ],
})
export class SettlementAppModule {}
