import { DomainError } from '@roaming/shared-kernel';

export const AgreementErrors = {
  periodInvalid: (field: string, rule: string, message: string) =>
    DomainError.validation('AGREEMENT_PERIOD_INVALID', message, { field, rule }),
  partiesIdentical: () =>
    DomainError.validation('AGREEMENT_PARTIES_INVALID', 'cpoPartyId and emspPartyId must be different parties', {
      field: 'emspPartyId',
      rule: 'differs-from-cpoPartyId',
    }),
  exists: (agreementId: string) =>
    DomainError.conflict('AGREEMENT_EXISTS', `agreement ${agreementId} already exists with different terms`, {
      agreementId,
    }),
  notFound: (agreementId: string) =>
    DomainError.notFound('AGREEMENT_NOT_FOUND', `agreement ${agreementId} does not exist`, { agreementId }),
  notOffered: (agreementId: string, reason: string) =>
    DomainError.illegalState('AGREEMENT_NOT_OFFERED', `agreement ${agreementId} is not on offer: ${reason}`, {
      agreementId,
    }),
};
