import { Module } from '@nestjs/common';
import { CdrForwardingCredentialsModule, CdrForwardingModule } from '@roaming/cdr-forwarding';
import { InfrastructureModule, infrastructureHealthChecks, PlatformModule } from '@roaming/platform';

export const APP_NAME = 'cdr-forwarding';

/**
 * The cdr-forwarding deployable on its own: adapters chosen from the configuration (embedded: PGlite + in-process
 * bus; server: PostgreSQL + Kafka), the HTTP platform authenticating against this context's copy of the credential
 * directory (schema `cdr`), and the context itself.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({
      appName: APP_NAME,
      imports: [CdrForwardingCredentialsModule],
      healthChecks: infrastructureHealthChecks,
    }),
    CdrForwardingModule,
  ],
})
export class AppModule {}
