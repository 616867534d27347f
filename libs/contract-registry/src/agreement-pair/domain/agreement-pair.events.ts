import type { DomainEvent } from '@roaming/shared-kernel';

/** An agreement between this CPO and this EVSP now occupies a period; no other agreement of the pair may overlap it. */
export type AgreementPeriodReserved = DomainEvent<
  'AgreementPeriodReserved',
  { cpoPartyId: string; emspPartyId: string; agreementId: string; validFrom: string; validUntil: string | null }
>;

/** The agreement's period is now this one (longer after a prolongation, shorter after a termination). */
export type AgreementPeriodChanged = DomainEvent<
  'AgreementPeriodChanged',
  { cpoPartyId: string; emspPartyId: string; agreementId: string; validFrom: string; validUntil: string | null }
>;

/** The agreement occupies no period any more. */
export type AgreementPeriodReleased = DomainEvent<
  'AgreementPeriodReleased',
  { cpoPartyId: string; emspPartyId: string; agreementId: string }
>;

export type AgreementPairEvent = AgreementPeriodReserved | AgreementPeriodChanged | AgreementPeriodReleased;
