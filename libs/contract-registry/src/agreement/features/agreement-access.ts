import { assertActsFor, type Principal } from '@roaming/platform';
import { DomainError } from '@roaming/shared-kernel';
import { AgreementErrors } from '../domain/agreement.errors';
import type { AgreementSide } from '../domain/agreement.events';
import type { AgreementState, ExistingAgreement } from '../domain/agreement.state';

/**
 * An agreement exists, as far as a caller can tell, only for its two parties (and the operator and auditors, who see
 * every contract: GeM UC 1245/1479 variations). Anyone else gets AGREEMENT_NOT_FOUND, not a hint that it exists.
 */
export function visibleAgreement(state: AgreementState, agreementId: string, principal: Principal): ExistingAgreement {
  if (state.kind !== 'existing') throw AgreementErrors.notFound(agreementId);
  if (!hasOversight(principal) && !holdsEitherParty(state, principal)) throw AgreementErrors.notFound(agreementId);
  return state;
}

/** Only the EVSP of the agreement may accept or decline the offer: its CPO gets PARTY_SCOPE, strangers 404. */
export function assertIsAgreementEmsp(state: AgreementState, agreementId: string, principal: Principal): void {
  const agreement = visibleAgreement(state, agreementId, principal);
  assertActsFor(principal, agreement.emspPartyId);
}

/**
 * The side of the agreement the caller acts for: the CPO side needs the CPO's party id and the cpo role, the EVSP
 * side the EVSP's party id and the emsp role. A partner holding both parties acts for `preferred` when given (the
 * side a step is for), else as the CPO. The operator is no party: PARTY_SCOPE.
 */
export function actingSide(
  state: AgreementState,
  agreementId: string,
  principal: Principal,
  preferred?: AgreementSide,
): { agreement: ExistingAgreement; side: AgreementSide; partyId: string } {
  const agreement = visibleAgreement(state, agreementId, principal);
  const sides = sidesOf(agreement, principal);
  if (sides.length === 0) {
    throw DomainError.forbidden('PARTY_SCOPE', 'only the CPO or the EVSP of the agreement may do this', {
      partyId: agreement.cpoPartyId,
    });
  }
  const side = preferred && sides.includes(preferred) ? preferred : sides[0];
  return { agreement, side, partyId: side === 'cpo' ? agreement.cpoPartyId : agreement.emspPartyId };
}

export function hasOversight(principal: Principal): boolean {
  return principal.roles.includes('operator') || principal.roles.includes('auditor');
}

function sidesOf(agreement: ExistingAgreement, principal: Principal): AgreementSide[] {
  const sides: AgreementSide[] = [];
  if (principal.partyIds.includes(agreement.cpoPartyId) && principal.roles.includes('cpo')) sides.push('cpo');
  if (principal.partyIds.includes(agreement.emspPartyId) && principal.roles.includes('emsp')) sides.push('emsp');
  return sides;
}

function holdsEitherParty(agreement: ExistingAgreement, principal: Principal): boolean {
  return principal.partyIds.includes(agreement.cpoPartyId) || principal.partyIds.includes(agreement.emspPartyId);
}
