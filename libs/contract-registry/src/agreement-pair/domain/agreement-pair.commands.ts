import type { Command } from '@roaming/shared-kernel';

/** Party ids normalised, instants canonical ISO-8601 (as the agreement aggregate stores them). */
export type ReserveAgreementPeriod = Command<
  'ReserveAgreementPeriod',
  { cpoPartyId: string; emspPartyId: string; agreementId: string; validFrom: string; validUntil: string | null }
>;

export type AgreementPairCommand = ReserveAgreementPeriod;
