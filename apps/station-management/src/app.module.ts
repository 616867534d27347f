import { Module } from '@nestjs/common';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';

/**
 * The station-management deployable. Its bounded context's features are built in their own issue; until then the app runs the
 * shared platform: configuration, its own copy of the partner directory (from the registry's topic), health, docs.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot('station-management'),
    PlatformModule.forRoot({ healthChecks: infrastructureHealthChecks, appName: 'station-management' }),
    PartnerDirectoryModule.forContext({ schema: 'stationmanag', groupId: 'station-management.partner-directory' }),
  ],
})
export class StationManagementAppModule {}
