import type { AuthorizationCommand, AuthorizeToken } from './authorization.commands';
import { decideAuthorization } from './authorization.decision';
import { AuthorizationErrors } from './authorization.errors';
import type { AuthorizationEvent, AuthorizationRequestData } from './authorization.events';
import type { AuthorizationState } from './authorization.state';

export function decide(command: AuthorizationCommand, state: AuthorizationState): AuthorizationEvent[] {
  switch (command.type) {
    case 'AuthorizeToken':
      return authorizeToken(command, state);
  }
}

function authorizeToken(command: AuthorizeToken, state: AuthorizationState): AuthorizationEvent[] {
  const request = requestOf(command);
  if (state.status !== 'undecided') {
    // A retry of the same request (same Idempotency-Key) keeps the first answer, even if the facts moved since.
    if (sameRequest(state, request)) return [];
    throw AuthorizationErrors.exists(request.authorizationId);
  }
  const decision = decideAuthorization(
    { cpoPartyId: request.cpoPartyId, requestedAt: request.requestedAt },
    command.data.facts,
  );
  if (decision.outcome === 'granted') {
    const { emaid, emspPartyId, agreementId } = decision;
    return [{ type: 'AuthorizationGranted', data: { ...request, emaid, emspPartyId, agreementId } }];
  }
  const { reason, emspPartyId } = decision;
  return [{ type: 'AuthorizationDenied', data: { ...request, reason, emspPartyId } }];
}

function requestOf(command: AuthorizeToken): AuthorizationRequestData {
  const { authorizationId, evseId, cpoPartyId, token, requestedAt } = command.data;
  return { authorizationId, evseId, cpoPartyId, tokenUid: token.uid, tokenType: token.type, requestedAt };
}

/** The time of asking is not part of the question: a retry comes later but asks the same thing. */
function sameRequest(decided: AuthorizationRequestData, request: AuthorizationRequestData): boolean {
  return (
    decided.evseId === request.evseId &&
    decided.cpoPartyId === request.cpoPartyId &&
    decided.tokenUid === request.tokenUid &&
    decided.tokenType === request.tokenType
  );
}
