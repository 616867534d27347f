import type { AuthorizationDenialReason } from './authorization.events';
import type { AgreementFacts, AuthorizationFacts, TokenFacts } from './authorization.facts';

export type AuthorizationDecision =
  | { outcome: 'granted'; emaid: string; emspPartyId: string; agreementId: string }
  | { outcome: 'denied'; reason: AuthorizationDenialReason; emspPartyId: string | null };

export interface AuthorizationQuestion {
  /** The operator of the EVSE the token was presented at. */
  cpoPartyId: string;
  /** ISO-8601. */
  requestedAt: string;
}

/**
 * The hub's answer to "may this token charge here now?", in the order GreenEmotion's clearing house asks it
 * (GeM 981/982, §4.1.1): find the token's home provider, then the business-to-business check (is the provider
 * allowed to roam, is there an active agreement with this operator), then the driver's contract itself. Checking the
 * agreement before the token's status also means an operator without an agreement never learns whether someone
 * else's customer card is blocked or stolen.
 */
export function decideAuthorization(question: AuthorizationQuestion, facts: AuthorizationFacts): AuthorizationDecision {
  const token = facts.token;
  if (!token) return denied('UNKNOWN_TOKEN', null);
  if (facts.providerStatus === 'suspended' || facts.providerStatus === 'deactivated') {
    return denied('PROVIDER_SUSPENDED', token.emspPartyId);
  }
  const requestedAt = instant(question.requestedAt, 'requestedAt');
  const agreement = facts.agreements.find((a) => coversRequest(a, question.cpoPartyId, token, requestedAt));
  if (!agreement) return denied('NO_ROAMING_AGREEMENT', token.emspPartyId);
  const refusal = tokenRefusal(token, requestedAt);
  if (refusal) return denied(refusal, token.emspPartyId);
  return { outcome: 'granted', emaid: token.emaid, emspPartyId: token.emspPartyId, agreementId: agreement.agreementId };
}

function tokenRefusal(token: TokenFacts, requestedAt: number): AuthorizationDenialReason | undefined {
  switch (token.status) {
    case 'blocked':
      return 'TOKEN_BLOCKED';
    case 'stolen':
      return 'TOKEN_STOLEN';
    case 'deactivated':
      return 'TOKEN_DEACTIVATED';
    case 'expired':
      return 'TOKEN_EXPIRED';
    case 'active':
      // The registry may not have flagged the contract as expired yet: its end date decides.
      if (token.validUntil !== null && instant(token.validUntil, 'token.validUntil') <= requestedAt) {
        return 'TOKEN_EXPIRED';
      }
      return undefined;
  }
}

/** An agreement covers the request when it joins these two parties, is active, and is in force at that instant. */
function coversRequest(agreement: AgreementFacts, cpoPartyId: string, token: TokenFacts, requestedAt: number): boolean {
  return (
    agreement.status === 'active' &&
    agreement.cpoPartyId === cpoPartyId &&
    agreement.emspPartyId === token.emspPartyId &&
    instant(agreement.validFrom, 'agreement.validFrom') <= requestedAt &&
    (agreement.validUntil === null || requestedAt < instant(agreement.validUntil, 'agreement.validUntil'))
  );
}

function denied(reason: AuthorizationDenialReason, emspPartyId: string | null): AuthorizationDecision {
  return { outcome: 'denied', reason, emspPartyId };
}

function instant(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${field} is not an ISO-8601 instant: ${iso}`);
  return ms;
}
