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
  notInForce: (agreementId: string, status: string) =>
    DomainError.illegalState(
      'AGREEMENT_NOT_IN_FORCE',
      `agreement ${agreementId} is ${status}; only an active or suspended agreement can be changed`,
      { agreementId, status },
    ),
  inForce: (agreementId: string) =>
    DomainError.illegalState(
      'AGREEMENT_IN_FORCE',
      `agreement ${agreementId} is in force: terminate it with the other party first (GeM 931)`,
      { agreementId },
    ),
  requestPending: (agreementId: string, requestId: string) =>
    DomainError.illegalState(
      'AGREEMENT_REQUEST_PENDING',
      `agreement ${agreementId} already has a pending request; it must be answered or withdrawn first`,
      { agreementId, pendingRequestId: requestId },
    ),
  requestNotFound: (agreementId: string, requestId: string) =>
    DomainError.notFound(
      'AGREEMENT_REQUEST_NOT_FOUND',
      `agreement ${agreementId} has no pending request ${requestId}`,
      { agreementId, requestId },
    ),
  ownRequest: (requestId: string) =>
    DomainError.forbidden('AGREEMENT_REQUEST_OWN', 'a request is answered by the other party, not by its requester', {
      requestId,
    }),
  notRequester: (requestId: string) =>
    DomainError.forbidden('AGREEMENT_REQUEST_NOT_YOURS', 'only the party that made a request may withdraw it', {
      requestId,
    }),
  resumeByOtherParty: (agreementId: string) =>
    DomainError.forbidden(
      'AGREEMENT_RESUME_NOT_ALLOWED',
      'only the party that suspended the agreement may resume it (GeM 1469)',
      { agreementId },
    ),
  notSuspended: (agreementId: string, status: string) =>
    DomainError.illegalState('AGREEMENT_NOT_SUSPENDED', `agreement ${agreementId} is ${status}, not suspended`, {
      agreementId,
      status,
    }),
  wrongSide: (action: string, side: string) =>
    DomainError.forbidden('AGREEMENT_SIDE', `${action} is for the agreement's ${side}`, { rule: `by-${side}` }),
  timeoutPolicyInvalid: () =>
    DomainError.validation('AGREEMENT_TIMEOUT_POLICY_INVALID', 'timeoutPolicy must be deny or allow-offline', {
      field: 'timeoutPolicy',
      rule: 'one-of',
    }),
  changeEmpty: () =>
    DomainError.validation(
      'AGREEMENT_CHANGE_INVALID',
      'a change request must change validUntil, tariffId or timeoutPolicy',
      {
        field: 'validUntil',
        rule: 'changes-something',
      },
    ),
  prolongationInvalid: (rule: string, message: string) =>
    DomainError.validation('AGREEMENT_PROLONGATION_INVALID', message, { field: 'validUntil', rule }),
};
