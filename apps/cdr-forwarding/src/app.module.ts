import { Module } from '@nestjs/common';
import {
  CDR_CATEGORY,
  CDR_DELIVERY_CATEGORY,
  CDR_RECONCILIATION_CATEGORY,
  CdrDeliveryModule,
  cdrDeliveryDecider,
  CdrForwardingCredentialsModule,
  CdrForwardingModule,
  cdrDecider,
  cdrReconciliationDecider,
} from '@roaming/cdr-forwarding';
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
    // Delivery, acknowledgement, reconciliation and inventory; before CdrForwardingModule so that
    // GET /v1/cdrs/inventory is routed before GET /v1/cdrs/:cdrId.
    CdrDeliveryModule,
    CdrForwardingModule,
    // The operator's and auditor's doors over this app's own database (dead letters, processors, audit).
    OperationsModule.forApp({
      consumedTopics: [
        TOPICS.contractRegistryEvents,
        TOPICS.b2bCdrsInbound,
        TOPICS.b2bCdrAcksInbound,
        // The intake's EVSE and authorization views (issue 5 part A).
        TOPICS.stationManagementEvents,
        TOPICS.authorizationEvents,
      ],
      deciders: [
        { category: CDR_CATEGORY, decider: cdrDecider },
        { category: CDR_DELIVERY_CATEGORY, decider: cdrDeliveryDecider },
        { category: CDR_RECONCILIATION_CATEGORY, decider: cdrReconciliationDecider },
      ],
    }),
  ],
})
export class AppModule {}
