import type { AgreementPeriod } from '../../agreement/domain/agreement-period';
import type { AgreementPairEvent } from './agreement-pair.events';

export interface ReservedPeriod extends AgreementPeriod {
  agreementId: string;
}

export interface AgreementPairState {
  /** Periods of the pair's offered and in-force agreements (and the past periods of ended ones). */
  periods: ReservedPeriod[];
}

export const initialAgreementPairState = (): AgreementPairState => ({ periods: [] });

export function evolveAgreementPair(state: AgreementPairState, event: AgreementPairEvent): AgreementPairState {
  const others = state.periods.filter((p) => p.agreementId !== event.data.agreementId);
  switch (event.type) {
    case 'AgreementPeriodReserved':
    case 'AgreementPeriodChanged': {
      const { agreementId, validFrom, validUntil } = event.data;
      return { periods: [...others, { agreementId, validFrom, validUntil }] };
    }
    case 'AgreementPeriodReleased':
      return { periods: others };
  }
}
