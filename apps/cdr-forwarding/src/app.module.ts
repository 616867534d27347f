import { Module } from '@nestjs/common';
import { CDR_CATEGORY, CdrForwardingCredentialsModule, CdrForwardingModule, cdrDecider } from '@roaming/cdr-forwarding';
import { TOPICS } from '@roaming/contracts';
import { InfrastructureModule, infrastructureHealthChecks, OperationsModule, PlatformModule } from '@roaming/platform';

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
    // The operator's and auditor's doors over this app's own database (dead letters, processors, audit).
    OperationsModule.forApp({
      consumedTopics: [TOPICS.contractRegistryEvents, TOPICS.b2bCdrsInbound],
      deciders: [{ category: CDR_CATEGORY, decider: cdrDecider }],
    }),
  ],
})
export class AppModule {}
