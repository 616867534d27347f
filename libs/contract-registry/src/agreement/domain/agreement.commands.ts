import type { Command } from '@roaming/shared-kernel';

/** Party ids are normalised ('DEABC'); instants are ISO-8601. `at` is when the command is decided. */
export type OfferRoamingAgreement = Command<
  'OfferRoamingAgreement',
  {
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
    validFrom: string;
    validUntil: string | null;
    at: string;
  }
>;

export type AcceptRoamingAgreement = Command<'AcceptRoamingAgreement', { agreementId: string; at: string }>;

export type AgreementCommand = OfferRoamingAgreement | AcceptRoamingAgreement;
