import { periodsOverlap } from '../../agreement/domain/agreement-period';
import type { AgreementPairCommand } from './agreement-pair.commands';
import { AgreementPairErrors } from './agreement-pair.errors';
import type { AgreementPairEvent } from './agreement-pair.events';
import type { AgreementPairState } from './agreement-pair.state';

/**
 * One stream per (CPO, EVSP) pair makes "at most one agreement per pair at any instant" consistent: two offers
 * racing for overlapping periods append to the same stream, and the version check lets only one through. Without
 * it an authorization could find two agreements for a session and not know whose terms apply.
 */
export function decideAgreementPair(command: AgreementPairCommand, state: AgreementPairState): AgreementPairEvent[] {
  switch (command.type) {
    case 'ReserveAgreementPeriod': {
      const { data } = command;
      // The same agreement reserving again is a retried offer.
      if (state.periods.some((p) => p.agreementId === data.agreementId)) return [];
      const clash = state.periods.find((p) => periodsOverlap(p, data));
      if (clash) throw AgreementPairErrors.overlap(data.cpoPartyId, data.emspPartyId, clash.agreementId);
      return [{ type: 'AgreementPeriodReserved', data: { ...data } }];
    }
  }
}
