import { Module } from '@nestjs/common';
import { AuthorizationModule } from '@roaming/authorization';
import { CdrForwardingModule } from '@roaming/cdr-forwarding';
import { ContractRegistryCredentialsModule, ContractRegistryModule } from '@roaming/contract-registry';
import { InfrastructureModule, infrastructureHealthChecks, PlatformModule } from '@roaming/platform';
import { StationManagementModule } from '@roaming/station-management';

export const APP_NAME = 'clearing-house';

/**
 * Every bounded context in one process: the embedded default behind `npm start` (PGlite under ./.data and the
 * in-process bus), or one server-mode process on PostgreSQL and Kafka. The contexts still meet only on topics,
 * the in-process bus carrying them here. Authentication uses the registry's own credential directory: in this
 * process it is the source of every key, so no copy is needed.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({
      appName: APP_NAME,
      imports: [ContractRegistryCredentialsModule],
      healthChecks: infrastructureHealthChecks,
    }),
    ContractRegistryModule,
    AuthorizationModule,
    CdrForwardingModule,
    StationManagementModule.forRoot(),
  ],
})
export class AppModule {}
