import { Module } from '@nestjs/common';
import { AUTHORIZATION_CATEGORY, AuthorizationModule, authorizationDecider } from '@roaming/authorization';
import {
  CDR_CATEGORY,
  CDR_DELIVERY_CATEGORY,
  CDR_RECONCILIATION_CATEGORY,
  CdrDeliveryModule,
  cdrDeliveryDecider,
  CdrForwardingModule,
  cdrDecider,
  cdrReconciliationDecider,
} from '@roaming/cdr-forwarding';
import {
  AGREEMENT_CATEGORY,
  ContractRegistryCredentialsModule,
  ContractRegistryModule,
  EV_CONTRACT_CATEGORY,
  PARTNER_CATEGORY,
} from '@roaming/contract-registry';
import { agreementDecider } from '@roaming/contract-registry/agreement/domain/agreement.decider';
import { evContractDecider } from '@roaming/contract-registry/ev-contract/domain/ev-contract.decider';
import { partnerDecider } from '@roaming/contract-registry/partner/domain/partner.decider';
import { STATION_TOPICS, TOPICS } from '@roaming/contracts';
import { EnergyModule } from '@roaming/energy';
import { MarketplaceAdminModule } from '@roaming/marketplace-admin';
import { InfrastructureModule, infrastructureHealthChecks, OperationsModule, PlatformModule } from '@roaming/platform';
import {
  AGREEMENT_TERMS_CATEGORY,
  agreementTermsDecider,
  FEE_TERMS_CATEGORY,
  feeTermsDecider,
  INVOICE_BOOK_CATEGORY,
  invoiceBookDecider,
  RECORD_CATEGORY,
  recordDecider,
  SettlementModule,
  STATEMENT_CATEGORY,
  statementDecider,
} from '@roaming/settlement';
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
    // Before CdrForwardingModule: GET /v1/cdrs/inventory is routed before GET /v1/cdrs/:cdrId.
    CdrDeliveryModule,
    CdrForwardingModule,
    StationManagementModule.forRoot(),
    EnergyModule.forRoot(),
    SettlementModule.forRoot(),
    MarketplaceAdminModule,
    OperationsModule.forApp({
      // Every topic a context of this process consumes: their dead letters are the operator's to replay or discard.
      consumedTopics: [...Object.values(TOPICS), ...Object.values(STATION_TOPICS)],
      deciders: [
        { category: PARTNER_CATEGORY, decider: partnerDecider },
        { category: AGREEMENT_CATEGORY, decider: agreementDecider },
        { category: EV_CONTRACT_CATEGORY, decider: evContractDecider },
        { category: AUTHORIZATION_CATEGORY, decider: authorizationDecider },
        { category: CDR_CATEGORY, decider: cdrDecider },
        { category: CDR_DELIVERY_CATEGORY, decider: cdrDeliveryDecider },
        { category: CDR_RECONCILIATION_CATEGORY, decider: cdrReconciliationDecider },
        { category: RECORD_CATEGORY, decider: recordDecider },
        { category: STATEMENT_CATEGORY, decider: statementDecider },
        { category: INVOICE_BOOK_CATEGORY, decider: invoiceBookDecider },
        { category: AGREEMENT_TERMS_CATEGORY, decider: agreementTermsDecider },
        { category: FEE_TERMS_CATEGORY, decider: feeTermsDecider },
      ],
    }),
  ],
})
export class AppModule {}
