import { DomainError } from '@roaming/shared-kernel';

/** The partner aggregate's broken invariants, each with a stable code. */
export const PartnerErrors = {
  nameInvalid: (rule: string, message: string) =>
    DomainError.validation('PARTNER_NAME_INVALID', message, { field: 'name', rule }),
  rolesInvalid: (rule: string, message: string) =>
    DomainError.validation('PARTNER_ROLES_INVALID', message, { field: 'roles', rule }),
  partyIdsInvalid: (rule: string, message: string) =>
    DomainError.validation('PARTY_IDS_INVALID', message, { field: 'partyIds', rule }),
  contractVersionInvalid: (rule: string, message: string) =>
    DomainError.validation('PARTNER_CONTRACT_VERSION_INVALID', message, { field: 'partnerContractVersion', rule }),
  keyHashInvalid: () =>
    DomainError.validation('KEY_HASH_INVALID', 'keyHash must be a SHA-256 digest in lower-case hex', {
      field: 'keyHash',
      rule: 'sha256-hex',
    }),
  signingPublicKeyInvalid: () =>
    DomainError.validation(
      'SIGNING_PUBLIC_KEY_INVALID',
      'signingPublicKey must be an Ed25519 public key: 32 bytes in base64url without padding',
      { field: 'signingPublicKey', rule: 'ed25519-base64url' },
    ),
  alreadyRegistered: (partnerId: string) =>
    DomainError.conflict(
      'PARTNER_ALREADY_REGISTERED',
      `partner ${partnerId} is already registered with different details`,
      { partnerId },
    ),
  notFound: (partnerId: string) =>
    DomainError.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not registered`, { partnerId }),
  notActive: (partnerId: string, status = 'suspended') =>
    DomainError.illegalState('PARTNER_NOT_ACTIVE', `partner ${partnerId} is ${status}; reactivate it first`, {
      partnerId,
    }),
  deactivated: (partnerId: string) =>
    DomainError.illegalState('PARTNER_DEACTIVATED', `partner ${partnerId} is deactivated; reactivate it first`, {
      partnerId,
    }),
  credentialNotActive: (keyId: string) =>
    DomainError.illegalState('CREDENTIAL_NOT_ACTIVE', `credential ${keyId} is revoked; issue a new one instead`, {
      keyId,
    }),
  notEmsp: (partnerId: string) =>
    DomainError.illegalState(
      'PARTNER_NOT_EMSP',
      `partner ${partnerId} is no EVSP: only an EVSP declares roaming partners`,
      {
        partnerId,
      },
    ),
  roamingPartnersInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('ROAMING_PARTNERS_INVALID', message, { field, rule }),
  credentialExists: (keyId: string) =>
    DomainError.conflict('CREDENTIAL_EXISTS', `a credential with key id ${keyId} was already issued`, { keyId }),
  credentialNotFound: (partnerId: string, keyId: string) =>
    DomainError.notFound('CREDENTIAL_NOT_FOUND', `partner ${partnerId} has no credential ${keyId}`, {
      partnerId,
      keyId,
    }),
};
