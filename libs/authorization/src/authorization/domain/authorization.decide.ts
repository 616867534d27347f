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
  const { cpoPartyId, requestedAt, service, token, contractCertificate } = command.data;
  const decision = decideAuthorization(
    {
      cpoPartyId,
      requestedAt,
      service,
      presentedEmaid: presentsContract(token.type) ? token.uid : undefined,
      certificate: contractCertificate,
    },
    command.data.facts,
  );
  switch (decision.outcome) {
    case 'granted': {
      const { emaid, emspPartyId, agreementId, allowedServices, tariffId, decidedBy } = decision;
      return [
        {
          type: 'AuthorizationGranted',
          data: { ...request, emaid, emspPartyId, agreementId, allowedServices, tariffId, decidedBy },
        },
      ];
    }
    case 'denied': {
      const { reason, emspPartyId, decidedBy } = decision;
      return [{ type: 'AuthorizationDenied', data: { ...request, reason, emspPartyId, decidedBy } }];
    }
    case 'ask-provider':
      // The handler asks a provider that decides at home before it decides; reaching here is a wiring error.
      throw new Error(`authorization ${request.authorizationId}: provider ${decision.emspPartyId} was not asked`);
  }
}

/** Plug & Charge certificates and typed contract ids carry the eMA id itself. */
function presentsContract(type: AuthorizeToken['data']['token']['type']): boolean {
  return type === 'PLUG_AND_CHARGE' || type === 'EMAID';
}

function requestOf(command: AuthorizeToken): AuthorizationRequestData {
  const {
    authorizationId,
    evseId,
    cpoPartyId,
    token,
    requestedAt,
    service,
    method,
    requestedBy,
    channel,
    contractCertificate,
  } = command.data;
  return {
    authorizationId,
    evseId,
    cpoPartyId,
    tokenUid: token.uid,
    tokenType: token.type,
    requestedAt,
    ...(service !== undefined ? { service } : {}),
    method,
    requestedBy,
    channel,
    ...(contractCertificate ? { contractCertificate } : {}),
  };
}

/** The time of asking is not part of the question: a retry comes later but asks the same thing. */
function sameRequest(decided: AuthorizationRequestData, request: AuthorizationRequestData): boolean {
  return (
    decided.evseId === request.evseId &&
    decided.cpoPartyId === request.cpoPartyId &&
    decided.tokenUid === request.tokenUid &&
    decided.tokenType === request.tokenType &&
    decided.service === request.service &&
    decided.contractCertificate?.serialNumber === request.contractCertificate?.serialNumber &&
    (decided.method ?? 'LOCAL') === request.method
  );
}
