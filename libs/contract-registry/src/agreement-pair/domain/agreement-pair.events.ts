import type { DomainEvent } from '@roaming/shared-kernel';

/** An agreement between this CPO and this EVSP now occupies a period; no other agreement of the pair may overlap it. */
export type AgreementPeriodReserved = DomainEvent<
  'AgreementPeriodReserved',
  { cpoPartyId: string; emspPartyId: string; agreementId: string; validFrom: string; validUntil: string | null }
>;

export type AgreementPairEvent = AgreementPeriodReserved;
