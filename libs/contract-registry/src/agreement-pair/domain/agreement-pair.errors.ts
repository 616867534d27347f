import { DomainError } from '@roaming/shared-kernel';

export const AgreementPairErrors = {
  overlap: (cpoPartyId: string, emspPartyId: string, conflictingAgreementId: string) =>
    DomainError.conflict(
      'AGREEMENT_OVERLAP',
      `${cpoPartyId} and ${emspPartyId} already have an offered or active agreement for part of this period`,
      { conflictingAgreementId },
    ),
};
