import { Module } from '@nestjs/common';
import { EnergyModule } from '@roaming/energy';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';

export const APP_NAME = 'energy';

/**
 * The energy deployable on its own: adapters from the configuration (embedded: PGlite + in-process bus; server:
 * PostgreSQL + Kafka), its own copy of the partner directory (schema `energy`, learned from the registry's topic) for
 * the HTTP platform's authentication, and the context itself.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({ appName: APP_NAME, healthChecks: infrastructureHealthChecks }),
    PartnerDirectoryModule.forContext({ schema: 'energy', groupId: `${APP_NAME}.partner-directory` }),
    EnergyModule.forRoot(),
  ],
})
export class AppModule {}
