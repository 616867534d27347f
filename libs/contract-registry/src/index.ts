export * from './contract-registry.module';
export * from './contract-registry-credentials.module';
export * from './contract-registry.migrations';
export { FORWARDER_PROCESSOR_ID, ContractRegistryForwarder } from './integration/contract-registry.forwarder';
export { PUBLISHED_CATEGORIES, toIntegrationMessages } from './integration/contract-registry.to-integration';
export { PartnerProjections } from './partner/projections/partner-projections';
export { REGISTRY_SCHEMA, CREDENTIALS_PROCESSOR_ID } from './partner/projections/credentials/credentials.projector';
export { PARTNER_LIST_PROCESSOR_ID } from './partner/projections/partner-list/partner-list.projector';
export { PARTNER_CATEGORY, partnerStream } from './partner/domain/partner.stream';
export { AGREEMENT_CATEGORY, agreementStream } from './agreement/domain/agreement.stream';
export {
  CONTRACT_BATCH_CATEGORY,
  contractBatchStream,
  EV_CONTRACT_CATEGORY,
  evContractStream,
} from './ev-contract/domain/ev-contract.stream';
export { PARTY_AGREEMENTS_CATEGORY, partyAgreementsStream } from './party-agreements/domain/party-agreements.stream';
export { WHITELIST_PROCESSOR_ID } from './ev-contract/projections/whitelist/whitelist.projector';
export { AGREEMENT_LIST_PROCESSOR_ID } from './agreement/projections/agreement-list/agreement-list.projector';
export { TARIFF_LIST_PROCESSOR_ID } from './tariff/projections/tariff-list/tariff-list.projector';
export { TARIFF_CATEGORY, tariffStream } from './tariff/domain/tariff.stream';
export { RegistryProjections } from './registry-projections';
export { CONTRACT_INTAKE_GROUP, CONTRACTS_INBOUND_TOPIC } from './integration/contract-intake.consumer';
export { PARTY_CLAIM_CATEGORY, partyClaimStream } from './party-claim/domain/party-claim.stream';
export { AGREEMENT_PAIR_CATEGORY, agreementPairStream } from './agreement-pair/domain/agreement-pair.stream';
