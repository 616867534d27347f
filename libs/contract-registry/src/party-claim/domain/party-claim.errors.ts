import { DomainError } from '@roaming/shared-kernel';

export const PartyClaimErrors = {
  taken: (partyId: string) =>
    DomainError.conflict('PARTY_ID_TAKEN', `party id ${partyId} is already held by another partner`, {
      field: 'partyIds',
      rule: 'unique-across-partners',
      partyId,
    }),
};
