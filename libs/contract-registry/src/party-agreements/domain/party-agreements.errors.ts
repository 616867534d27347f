import { DomainError } from '@roaming/shared-kernel';

export const PartyAgreementsErrors = {
  retired: (partyId: string) =>
    DomainError.illegalState('COUNTERPARTY_DEACTIVATED', `the partner holding ${partyId} is deactivated`, { partyId }),
  openAgreements: (partyId: string, agreementIds: string[]) =>
    DomainError.illegalState(
      'PARTNER_HAS_OPEN_AGREEMENTS',
      `party ${partyId} is still a party to ${agreementIds.length} roaming agreement(s): terminate, decline or ` +
        'deactivate them first (GeM UC 1380)',
      { partyId, agreementIds },
    ),
};
