import { Module } from '@nestjs/common';
import { ContractRegistryCredentialsModule, ContractRegistryModule } from '@roaming/contract-registry';
import { InfrastructureModule, infrastructureHealthChecks, PlatformModule } from '@roaming/platform';

export const APP_NAME = 'contract-registry';

/**
 * The contract-registry deployable on its own: adapters chosen from the configuration (embedded: PGlite +
 * in-process bus; server: PostgreSQL + Kafka), the HTTP platform authenticating against the registry's own
 * credential directory (schema `registry`, fed from its partner events), and the context itself.
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
  ],
})
export class AppModule {}
