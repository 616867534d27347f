import { DomainError } from '@roaming/shared-kernel';

/** Refusals about the counterparty of an offer, found in the partner streams. */
export const CounterpartyErrors = {
  notFound: (partyId: string) =>
    DomainError.notFound('PARTY_NOT_FOUND', `no registered partner holds party id ${partyId}`, {
      field: 'emspPartyId',
      rule: 'registered-party',
      partyId,
    }),
  roleMismatch: (partyId: string) =>
    DomainError.conflict('PARTY_ROLE_MISMATCH', `party ${partyId} is not registered as an EVSP (role emsp)`, {
      field: 'emspPartyId',
      rule: 'role-emsp',
      partyId,
    }),
  suspended: (partyId: string) =>
    DomainError.illegalState('COUNTERPARTY_SUSPENDED', `the partner holding ${partyId} is suspended`, { partyId }),
};
