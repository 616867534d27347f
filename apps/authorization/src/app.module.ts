import { Module } from '@nestjs/common';
import {
  AUTHORIZATION_CATEGORY,
  AuthorizationCredentialsModule,
  AuthorizationModule,
  authorizationDecider,
  REMOTE_COMMAND_CATEGORY,
  remoteCommandDecider,
  SESSION_CATEGORY,
  sessionDecider,
} from '@roaming/authorization';
import { AUTHORIZATION_REQUESTS_INBOUND_TOPIC, TOPICS } from '@roaming/contracts';
import { InfrastructureModule, infrastructureHealthChecks, OperationsModule, PlatformModule } from '@roaming/platform';

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
    // The operator's and auditor's doors over this app's own database (dead letters, processors, audit).
    OperationsModule.forApp({
      consumedTopics: [TOPICS.contractRegistryEvents, TOPICS.cdrForwardingEvents, AUTHORIZATION_REQUESTS_INBOUND_TOPIC],
      deciders: [
        { category: AUTHORIZATION_CATEGORY, decider: authorizationDecider },
        { category: REMOTE_COMMAND_CATEGORY, decider: remoteCommandDecider },
        { category: SESSION_CATEGORY, decider: sessionDecider },
      ],
    }),
  ],
})
export class AppModule {}
