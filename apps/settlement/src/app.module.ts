import { Module } from '@nestjs/common';
import {
  InfrastructureModule,
  infrastructureHealthChecks,
  OperationsModule,
  PartnerDirectoryModule,
  PlatformModule,
} from '@roaming/platform';
import {
  AGREEMENT_TERMS_CATEGORY,
  agreementTermsDecider,
  FEE_TERMS_CATEGORY,
  feeTermsDecider,
  INVOICE_BOOK_CATEGORY,
  invoiceBookDecider,
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
        { category: INVOICE_BOOK_CATEGORY, decider: invoiceBookDecider },
        { category: AGREEMENT_TERMS_CATEGORY, decider: agreementTermsDecider },
        { category: FEE_TERMS_CATEGORY, decider: feeTermsDecider },
      ],
    }),
  ],
})
export class SettlementAppModule {}
