import { Module } from '@nestjs/common';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  OperationsModule,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';
import {
  RECORD_CATEGORY,
  recordDecider,
  SETTLEMENT_CONSUMED_TOPICS,
  SettlementModule,
  STATEMENT_CATEGORY,
  statementDecider,
} from '@roaming/settlement';

export const APP_NAME = 'settlement';

/**
 * The settlement deployable on its own: adapters from the configuration (embedded: PGlite + in-process bus; server:
 * PostgreSQL + Kafka), its own copy of the partner directory (schema `settlement`, learned from the registry's topic)
 * for authentication, the operator's and auditor's doors, and the context itself.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot(APP_NAME),
    PlatformModule.forRoot({ appName: APP_NAME, healthChecks: infrastructureHealthChecks }),
    PartnerDirectoryModule.forContext({ schema: 'settlement', groupId: `${APP_NAME}.partner-directory` }),
    SettlementModule.forRoot(),
    OperationsModule.forApp({
      consumedTopics: SETTLEMENT_CONSUMED_TOPICS,
      deciders: [
        { category: RECORD_CATEGORY, decider: recordDecider },
        { category: STATEMENT_CATEGORY, decider: statementDecider },
      ],
    }),
  ],
})
export class SettlementAppModule {}
