import { DomainError } from '@roaming/shared-kernel';

/**
 * The EV contract's broken rules, each with a stable code and the field it is about. Fields are paths from the
 * contract ('tokens.0.uid'); a batch prefixes them with the row ('contracts.17.tokens.0.uid').
 */
export const EvContractErrors = {
  fieldUnknown: (field: string) =>
    DomainError.validation('REQUEST_INVALID', `${field} is not a field of a contract`, { field, rule: 'known-field' }),
  tokensInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('CONTRACT_TOKENS_INVALID', message, { field, rule }),
  tokenTypeInvalid: (field: string, type: unknown) =>
    DomainError.validation(
      'TOKEN_TYPE_INVALID',
      `${field} '${String(type)}' is not one of RFID, APP, PLUG_AND_CHARGE`,
      {
        field,
        rule: 'one-of',
      },
    ),
  tokenUidInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('TOKEN_UID_INVALID', message, { field, rule }),
  tokenUidDuplicate: (field: string, rule = 'unique') =>
    DomainError.validation('TOKEN_UID_DUPLICATE', `${field} repeats a token of this contract`, { field, rule }),
  tokenStatusInvalid: (field: string) =>
    DomainError.validation('TOKEN_STATUS_INVALID', `${field} must be one of active, blocked, stolen, deactivated`, {
      field,
      rule: 'one-of',
    }),
  certificateInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('CONTRACT_CERTIFICATE_INVALID', message, { field, rule }),
  statusInvalid: (field: string) =>
    DomainError.validation('CONTRACT_STATUS_INVALID', `${field} must be one of active, blocked, stolen, deactivated`, {
      field,
      rule: 'one-of',
    }),
  servicesInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('CONTRACT_SERVICES_INVALID', message, { field, rule }),
  allowOfflineInvalid: (field: string) =>
    DomainError.validation('CONTRACT_ALLOW_OFFLINE_INVALID', `${field} must be true or false`, {
      field,
      rule: 'boolean',
    }),
  validityInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('CONTRACT_VALIDITY_INVALID', message, { field, rule }),
  providerMismatch: (field = 'emaid') =>
    DomainError.validation('CONTRACT_PROVIDER_MISMATCH', "the EMAID's provider id is not the registering EVSP", {
      field,
      rule: 'provider-is-emsp',
    }),
  exists: () =>
    DomainError.conflict('CONTRACT_EXISTS', 'a contract with this EMAID is already registered with other details'),
  duplicateInBatch: (field: string) =>
    DomainError.validation('CONTRACT_DUPLICATE_IN_BATCH', 'this EMAID appears in an earlier row of the batch', {
      field,
      rule: 'unique-in-batch',
    }),
  // The uid identifies a driver's card: it stays out of the message; the field path says which token it was.
  tokenUidTaken: (field: string) =>
    DomainError.conflict('TOKEN_UID_TAKEN', `${field} is already used by another contract of this EVSP`, {
      field,
      rule: 'unique-per-emsp',
    }),
  tokenTypeChanged: (field: string) =>
    DomainError.conflict('TOKEN_TYPE_CHANGED', `${field} names a token of another type on this contract`, {
      field,
      rule: 'type-immutable',
    }),
  tokenStatusConflict: (action: string, status: string) =>
    DomainError.illegalState('TOKEN_STATUS_CONFLICT', `a ${status} token cannot be ${action}`, { status }),
  notFound: () => DomainError.notFound('CONTRACT_NOT_FOUND', 'no contract with this EMAID is registered'),
  tokenNotFound: () => DomainError.notFound('TOKEN_NOT_FOUND', 'the contract has no token with this uid'),
};
