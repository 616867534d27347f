import { assertActsFor, type Principal } from '@roaming/platform';
import { AgreementErrors } from '../domain/agreement.errors';
import type { AgreementState, ExistingAgreement } from '../domain/agreement.state';

/**
 * An agreement exists, as far as a caller can tell, only for its two parties (and the operator and auditors, who see
 * every contract: GeM UC 1245/1479 variations). Anyone else gets AGREEMENT_NOT_FOUND, not a hint that it exists.
 */
export function visibleAgreement(state: AgreementState, agreementId: string, principal: Principal): ExistingAgreement {
  if (state.kind !== 'existing') throw AgreementErrors.notFound(agreementId);
  const oversight = principal.roles.includes('operator') || principal.roles.includes('auditor');
  const party = principal.partyIds.includes(state.cpoPartyId) || principal.partyIds.includes(state.emspPartyId);
  if (!oversight && !party) throw AgreementErrors.notFound(agreementId);
  return state;
}

/** Only the EVSP of the agreement may accept it: its CPO gets PARTY_SCOPE, strangers AGREEMENT_NOT_FOUND. */
export function assertIsAgreementEmsp(state: AgreementState, agreementId: string, principal: Principal): void {
  const agreement = visibleAgreement(state, agreementId, principal);
  assertActsFor(principal, agreement.emspPartyId);
}
