import type { Command } from '@roaming/shared-kernel';

/** Party ids normalised, instants canonical ISO-8601 (as the agreement aggregate stores them). */
export type ReserveAgreementPeriod = Command<
  'ReserveAgreementPeriod',
  { cpoPartyId: string; emspPartyId: string; agreementId: string; validFrom: string; validUntil: string | null }
>;

/** An agreement of the pair got a new period (a change, a prolongation, a termination that ends it early). */
export type ChangeAgreementPeriod = Command<
  'ChangeAgreementPeriod',
  { cpoPartyId: string; emspPartyId: string; agreementId: string; validFrom: string; validUntil: string | null }
>;

/** An agreement of the pair never came into force (declined, withdrawn): its period is free again. */
export type ReleaseAgreementPeriod = Command<
  'ReleaseAgreementPeriod',
  { cpoPartyId: string; emspPartyId: string; agreementId: string }
>;

export type AgreementPairCommand = ReserveAgreementPeriod | ChangeAgreementPeriod | ReleaseAgreementPeriod;
