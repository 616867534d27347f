import { Module } from '@nestjs/common';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';

/**
 * The energy deployable. Its bounded context's features are built in their own issue; until then the app runs the
 * shared platform: configuration, its own copy of the partner directory (from the registry's topic), health, docs.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot('energy'),
    PlatformModule.forRoot({ healthChecks: infrastructureHealthChecks, appName: 'energy' }),
    PartnerDirectoryModule.forContext({ schema: 'energy', groupId: 'energy.partner-directory' }),
  ],
})
export class EnergyAppModule {}
