import type { IntegrationMessage } from './integration-message';

/**
 * What the contract registry publishes on `contract-registry.events.v1`. Other contexts build their own views from
 * these (who is a partner, which credentials are valid, which agreements are active, which tokens may charge).
 * Only anonymous references: no driver names or addresses ever appear here.
 */
/**
 * cpo and emsp roam; 'dso' (a grid operator addressing load areas) and 'auditor' (read-only access to every
 * history) were added within v1: a reader that only knows cpo and emsp ignores them.
 */
export type PartnerRole = 'cpo' | 'emsp' | 'dso' | 'auditor';

/**
 * Where EVSPs stream their contracts to the registry (key = the EVSP's party id; signed with an `emsp` key, see
 * partner-messages.ts). Each message is a batch of whole
 * contract records, stored all or nothing exactly like POST /v1/contracts/batch; a refused message goes to
 * `b2b.contracts.inbound.v1.dlq` with the bad rows in its error header.
 */
export const CONTRACTS_INBOUND_TOPIC = 'b2b.contracts.inbound.v1';

/** One contract as an EVSP sends it: its whole record (fields left out take their defaults). */
export interface InboundContractV1 {
  emaid: string;
  status?: 'active' | 'blocked' | 'stolen' | 'deactivated';
  validUntil?: string | null;
  allowedServices?: string[] | null;
  allowOffline?: boolean;
  tokens: {
    uid: string;
    type: TokenType;
    status?: 'active' | 'blocked' | 'stolen' | 'deactivated';
    contractCertificateId?: string | null;
  }[];
}

/** The body of a message on CONTRACTS_INBOUND_TOPIC: 1 to 5000 contracts. */
export interface InboundContractBatchV1 {
  contracts: InboundContractV1[];
}
export type TokenType = 'RFID' | 'APP' | 'PLUG_AND_CHARGE';
export type TokenStatus = 'active' | 'blocked' | 'expired' | 'stolen' | 'deactivated';

export type PartnerRegisteredV1 = IntegrationMessage<
  'PartnerRegistered',
  { partnerId: string; name: string; roles: PartnerRole[]; partyIds: string[] }
>;
export type PartnerStatusChangedV1 = IntegrationMessage<
  'PartnerStatusChanged',
  { partnerId: string; status: 'active' | 'suspended' | 'deactivated' }
>;
/**
 * Carries the SHA-256 of the key (REST authentication) and the public half of the key's Kafka signing key pair
 * (partner-messages.ts): neither lets a reader act as the partner; the key itself is shown once and never stored.
 * `signingPublicKey` is the 32 raw bytes of the Ed25519 public key, base64url without padding (43 characters); a
 * credential issued before it existed carries none and cannot sign Kafka messages (they are refused).
 */
export type PartnerCredentialIssuedV1 = IntegrationMessage<
  'PartnerCredentialIssued',
  {
    partnerId: string;
    keyId: string;
    keyHash: string;
    signingPublicKey?: string;
    roles: PartnerRole[];
    partyIds: string[];
  }
>;
export type PartnerCredentialRevokedV1 = IntegrationMessage<
  'PartnerCredentialRevoked',
  { partnerId: string; keyId: string }
>;
/**
 * Where the hub reaches a partner, and whether an EVSP keeps its contracts at the hub (IEC 63119 UC4-2) or at home
 * (UC4-1: ask its authorizationUrl in real time). Always the full set; null = none.
 */
export type PartnerEndpointsChangedV1 = IntegrationMessage<
  'PartnerEndpointsChanged',
  {
    partnerId: string;
    partyIds: string[];
    roles: PartnerRole[];
    webhookUrl: string | null;
    authorizationUrl: string | null;
    commandUrl: string | null;
    storesContractsAtHub: boolean;
    /** How long the hub waits for authorizationUrl; null = the hub's default. */
    authorizationTimeoutMs: number | null;
  }
>;
export type RoamingAgreementStatusChangedV1 = IntegrationMessage<
  'RoamingAgreementStatusChanged',
  {
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
    status: 'offered' | 'active' | 'suspended' | 'terminated';
    validFrom: string;
    validUntil: string | null;
    /**
     * Added within v1 (absent on older messages = null): the negotiated tariff of the CPO that overrides its public
     * tariff for this EVSP; null = the public tariff applies.
     */
    tariffId?: string | null;
    /**
     * Added within v1: the registry's own lifecycle status. `status` keeps the four values every consumer knows;
     * an offer the EVSP declined and an agreement deactivated ("deleted", GeM UC 1513) are published there as
     * 'terminated' and told apart here.
     */
    lifecycleStatus?: RoamingAgreementLifecycleStatus;
    /**
     * Added within v1 (absent = 'deny'): when the EVSP keeps its contracts at home and its authorization endpoint does
     * not answer in time, deny the start or let it go ahead at the EVSP's risk ('allow-offline').
     */
    timeoutPolicy?: 'deny' | 'allow-offline';
  }
>;
export type RoamingAgreementLifecycleStatus =
  'offered' | 'active' | 'suspended' | 'declined' | 'terminated' | 'deactivated';
export type TokenStatusChangedV1 = IntegrationMessage<
  'TokenStatusChanged',
  {
    emaid: string;
    emspPartyId: string;
    tokenUid: string;
    tokenType: TokenType;
    status: TokenStatus;
    /** End of the contract's validity, after which the token counts as expired. */
    validUntil: string | null;
    /** Added within v1: the services the contract allows (CHARGING, DC_CHARGING, …); null or absent = no restriction. */
    allowedServices?: string[] | null;
    /** Added within v1: may a CPO accept the token from its offline whitelist (IEC 63119 UC4-2)? Absent = true. */
    allowOffline?: boolean;
  }
>;

/**
 * A CPO published a version of a tariff (IEC 63119 UC2-1/UC2-2): from `validFrom` on it prices sessions, until a later
 * version starts. `audience` public = applies to every EVSP roaming with the CPO; negotiated = only where a roaming
 * agreement names it (RoamingAgreementStatusChanged.tariffId). `tariff` is in the rating library's tariff model
 * (libs/rating TariffJson: currency, vatPercent, min/maxPrice, elements with priceComponents and restrictions;
 * amounts as decimal strings), so every context rates with the same definition.
 */
export type TariffPublishedV1 = IntegrationMessage<
  'TariffPublished',
  {
    cpoPartyId: string;
    tariffId: string;
    version: number;
    audience: 'public' | 'negotiated';
    validFrom: string;
    tariff: Record<string, unknown>;
  }
>;

export type ContractRegistryMessageV1 =
  | PartnerRegisteredV1
  | PartnerStatusChangedV1
  | PartnerCredentialIssuedV1
  | PartnerCredentialRevokedV1
  | PartnerEndpointsChangedV1
  | RoamingAgreementStatusChangedV1
  | TokenStatusChangedV1
  | TariffPublishedV1;
