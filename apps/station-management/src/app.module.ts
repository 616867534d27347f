import { Module } from '@nestjs/common';
import { STATION_TOPICS, TOPICS } from '@roaming/contracts';
import { InfrastructureModule, infrastructureHealthChecks, OperationsModule, PlatformModule } from '@roaming/platform';
import { StationManagementCredentialsModule, StationManagementModule } from '@roaming/station-management';

export const APP_NAME = 'station-management';

/**
 * The station-management deployable on its own: adapters from the configuration (embedded: PGlite + in-process
 * bus; server: PostgreSQL + Kafka), the HTTP platform authenticating against this context's copy of the credential
 * directory (schema `station`), and the context itself.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({
      appName: APP_NAME,
      imports: [StationManagementCredentialsModule],
      healthChecks: infrastructureHealthChecks,
    }),
    StationManagementModule.forRoot(),
    // The operator's and auditor's doors over this app's own database (dead letters, processors, audit).
    OperationsModule.forApp({ consumedTopics: [TOPICS.contractRegistryEvents, ...Object.values(STATION_TOPICS)] }),
  ],
})
export class AppModule {}
