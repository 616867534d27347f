import type { IntegrationMessage } from './integration-message';

/**
 * What the contract registry publishes on `contract-registry.events.v1`. Other contexts build their own views from
 * these (who is a partner, which credentials are valid, which agreements are active, which tokens may charge).
 * Only anonymous references: no driver names or addresses ever appear here.
 */
export type PartnerRole = 'cpo' | 'emsp';
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
/** Carries the SHA-256 of the key only; the key itself is shown once to the partner and never stored. */
export type PartnerCredentialIssuedV1 = IntegrationMessage<
  'PartnerCredentialIssued',
  { partnerId: string; keyId: string; keyHash: string; roles: PartnerRole[]; partyIds: string[] }
>;
export type PartnerCredentialRevokedV1 = IntegrationMessage<
  'PartnerCredentialRevoked',
  { partnerId: string; keyId: string }
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
  }
>;
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
  }
>;

export type ContractRegistryMessageV1 =
  | PartnerRegisteredV1
  | PartnerStatusChangedV1
  | PartnerCredentialIssuedV1
  | PartnerCredentialRevokedV1
  | RoamingAgreementStatusChangedV1
  | TokenStatusChangedV1;
