import { Module } from '@nestjs/common';
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
import { InfrastructureModule, infrastructureHealthChecks, OperationsModule, PlatformModule } from '@roaming/platform';

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
    // The operator's and auditor's doors over this app's own database (processors, audit); it consumes no topic.
    OperationsModule.forApp({
      deciders: [
        { category: PARTNER_CATEGORY, decider: partnerDecider },
        { category: AGREEMENT_CATEGORY, decider: agreementDecider },
        { category: EV_CONTRACT_CATEGORY, decider: evContractDecider },
      ],
    }),
  ],
})
export class AppModule {}
