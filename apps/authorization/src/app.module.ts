import { Module } from '@nestjs/common';
import { AuthorizationCredentialsModule, AuthorizationModule } from '@roaming/authorization';
import { InfrastructureModule, infrastructureHealthChecks, PlatformModule } from '@roaming/platform';

export const APP_NAME = 'authorization';

/**
 * The authorization deployable (the hub's transaction switch) on its own: adapters from the configuration
 * (embedded: PGlite + in-process bus; server: PostgreSQL + Kafka), the HTTP platform authenticating against this
 * context's copy of the credential directory, and the context itself.
 */
@Module({
  imports: [
    // Every request appends its decision before it is answered: group commit lets concurrent ones share a flush.
    InfrastructureModule.forRoot(APP_NAME, { groupCommit: {} }),
    PlatformModule.forRoot({
      appName: APP_NAME,
      imports: [AuthorizationCredentialsModule],
      healthChecks: infrastructureHealthChecks,
    }),
    AuthorizationModule,
  ],
})
export class AppModule {}
