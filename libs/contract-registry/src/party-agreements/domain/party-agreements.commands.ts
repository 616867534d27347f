import type { Command } from '@roaming/shared-kernel';

export type OpenPartyAgreement = Command<
  'OpenPartyAgreement',
  { partyId: string; agreementId: string; counterpartyId: string; at: string }
>;
export type ClosePartyAgreement = Command<'ClosePartyAgreement', { partyId: string; agreementId: string; at: string }>;
export type RetireParty = Command<'RetireParty', { partyId: string; partnerId: string; at: string }>;
export type ReinstateParty = Command<'ReinstateParty', { partyId: string; partnerId: string; at: string }>;

export type PartyAgreementsCommand = OpenPartyAgreement | ClosePartyAgreement | RetireParty | ReinstateParty;
