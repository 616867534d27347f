import type { AgreementPeriod } from '../../agreement/domain/agreement-period';
import type { AgreementPairEvent } from './agreement-pair.events';

export interface ReservedPeriod extends AgreementPeriod {
  agreementId: string;
}

export interface AgreementPairState {
  /** Periods of the pair's offered and active agreements. */
  periods: ReservedPeriod[];
}

export const initialAgreementPairState = (): AgreementPairState => ({ periods: [] });

export function evolveAgreementPair(state: AgreementPairState, event: AgreementPairEvent): AgreementPairState {
  switch (event.type) {
    case 'AgreementPeriodReserved': {
      const { agreementId, validFrom, validUntil } = event.data;
      return { periods: [...state.periods, { agreementId, validFrom, validUntil }] };
    }
  }
}
