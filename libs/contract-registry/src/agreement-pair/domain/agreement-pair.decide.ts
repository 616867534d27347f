import { periodsOverlap } from '../../agreement/domain/agreement-period';
import type { AgreementPairCommand } from './agreement-pair.commands';
import { AgreementPairErrors } from './agreement-pair.errors';
import type { AgreementPairEvent } from './agreement-pair.events';
import type { AgreementPairState } from './agreement-pair.state';

/**
 * One stream per (CPO, EVSP) pair makes "at most one agreement per pair at any instant" consistent: two offers (or an
 * offer and a prolongation) racing for overlapping periods append to the same stream, and the version check lets
 * only one through. Without it an authorization could find two agreements for a session and not know whose terms
 * apply. An ended agreement keeps the part of its period it was in force; a declined one frees all of it.
 */
export function decideAgreementPair(command: AgreementPairCommand, state: AgreementPairState): AgreementPairEvent[] {
  const { data } = command;
  const own = state.periods.find((p) => p.agreementId === data.agreementId);
  switch (command.type) {
    case 'ReserveAgreementPeriod': {
      // The same agreement reserving again is a retried offer.
      if (own) return [];
      assertFree(state, command.data);
      return [{ type: 'AgreementPeriodReserved', data: { ...command.data } }];
    }
    case 'ChangeAgreementPeriod': {
      const { validFrom, validUntil } = command.data;
      if (own && own.validFrom === validFrom && own.validUntil === validUntil) return [];
      assertFree(state, command.data);
      return [{ type: 'AgreementPeriodChanged', data: { ...command.data } }];
    }
    case 'ReleaseAgreementPeriod':
      if (!own) return [];
      return [{ type: 'AgreementPeriodReleased', data: { ...command.data } }];
  }
}

function assertFree(
  state: AgreementPairState,
  wanted: {
    cpoPartyId: string;
    emspPartyId: string;
    agreementId: string;
    validFrom: string;
    validUntil: string | null;
  },
): void {
  const clash = state.periods.find((p) => p.agreementId !== wanted.agreementId && periodsOverlap(p, wanted));
  if (clash) throw AgreementPairErrors.overlap(wanted.cpoPartyId, wanted.emspPartyId, clash.agreementId);
}
