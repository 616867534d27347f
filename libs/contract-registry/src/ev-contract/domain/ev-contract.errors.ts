import { DomainError } from '@roaming/shared-kernel';

export const EvContractErrors = {
  tokensInvalid: (rule: string, message: string) =>
    DomainError.validation('CONTRACT_TOKENS_INVALID', message, { field: 'tokens', rule }),
  tokenTypeInvalid: (field: string, type: string) =>
    DomainError.validation('TOKEN_TYPE_INVALID', `${field} '${type}' is not one of RFID, APP, PLUG_AND_CHARGE`, {
      field,
      rule: 'one-of',
    }),
  tokenUidInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('TOKEN_UID_INVALID', message, { field, rule }),
  tokenUidDuplicate: (field: string) =>
    DomainError.validation('TOKEN_UID_DUPLICATE', `${field} repeats a token of this contract`, {
      field,
      rule: 'unique',
    }),
  validityInvalid: (rule: string, message: string) =>
    DomainError.validation('CONTRACT_VALIDITY_INVALID', message, { field: 'validUntil', rule }),
  providerMismatch: () =>
    DomainError.validation('CONTRACT_PROVIDER_MISMATCH', "the EMAID's provider id is not the registering EVSP", {
      field: 'emaid',
      rule: 'provider-is-emsp',
    }),
  exists: () =>
    DomainError.conflict('CONTRACT_EXISTS', 'a contract with this EMAID is already registered with other details'),
  notFound: () => DomainError.notFound('CONTRACT_NOT_FOUND', 'no contract with this EMAID is registered'),
  tokenNotFound: () => DomainError.notFound('TOKEN_NOT_FOUND', 'the contract has no token with this uid'),
};
