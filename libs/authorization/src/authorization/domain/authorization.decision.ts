import type { AuthorizationDenialReason, DecidedBy } from './authorization.events';
import type { AgreementFacts, AuthorizationFacts, ProviderAnswer, TokenFacts } from './authorization.facts';

/** The service a request asks for when it names none. */
export const BASIC_CHARGING_SERVICE = 'CHARGING';

export type AuthorizationDecision =
  | {
      outcome: 'granted';
      emaid: string;
      emspPartyId: string;
      agreementId: string;
      /** null: the contract restricts no service. */
      allowedServices: string[] | null;
      tariffId: string | null;
      decidedBy: DecidedBy;
    }
  | { outcome: 'denied'; reason: AuthorizationDenialReason; emspPartyId: string | null; decidedBy: DecidedBy }
  /** Stage 1 passed and the provider decides at home: the hub must ask it before it can answer. */
  | { outcome: 'ask-provider'; emspPartyId: string; agreementId: string };

export interface AuthorizationQuestion {
  /** The operator of the EVSE the token was presented at. */
  cpoPartyId: string;
  /** ISO-8601. */
  requestedAt: string;
  /** The service asked for; absent: basic charging. */
  service?: string;
  /** The contract id presented, when the token itself is one (PnC, QR code, remote start). */
  presentedEmaid?: string;
  /** The validity of the contract certificate it was read from (Plug & Charge, IEC 63119-2 UC3-3). */
  certificate?: { validFrom: string; validUntil: string };
}

/**
 * The hub's answer to "may this token charge here now?", in the order Green eMotion's clearing house asks it
 * (GeM 981/982, §4.1.1): the caller must operate the EVSE; find the token's home provider; then stage 1, the
 * business-to-business check (is the provider allowed to roam, is there an active, not suspended agreement with
 * this operator); then stage 2, the driver's contract (valid, not blocked, expired, stolen or deactivated, and
 * allowing the service), judged by the hub from its own records or by the home EVSP when that provider keeps its
 * contracts at home. Checking the agreement before the token also means an operator without an agreement never
 * learns whether someone else's customer card is blocked or stolen.
 */
export function decideAuthorization(question: AuthorizationQuestion, facts: AuthorizationFacts): AuthorizationDecision {
  if (!facts.callerPartyIds.includes(question.cpoPartyId)) return denied('EVSE_NOT_OWNED', null);
  const token = facts.token;
  const emspPartyId = token?.emspPartyId ?? facts.emspPartyId;
  const requestedAt = instant(question.requestedAt, 'requestedAt');
  // Identification first: an expired or not yet valid contract certificate identifies nobody (ISO 15118 PnC).
  if (question.certificate && !within(question.certificate, requestedAt)) {
    return denied('CERTIFICATE_INVALID', emspPartyId);
  }
  if (emspPartyId === null) return denied('UNKNOWN_TOKEN', null);
  if (facts.provider.status === 'suspended' || facts.provider.status === 'deactivated') {
    return denied('PROVIDER_SUSPENDED', emspPartyId);
  }
  const inForce = facts.agreements.filter((a) => inForceBetween(a, question.cpoPartyId, emspPartyId, requestedAt));
  const agreement = inForce.find((a) => a.status === 'active');
  if (!agreement) {
    const suspended = inForce.some((a) => a.status === 'suspended');
    return denied(suspended ? 'AGREEMENT_SUSPENDED' : 'NO_ROAMING_AGREEMENT', emspPartyId);
  }
  // Stage 2. A refusal the hub can see in its own record stands even for a provider that decides at home: its
  // registry messages said so, and asking it again would only add a round trip.
  if (token) {
    const refusal = tokenRefusal(token, requestedAt, question.service, facts.provider.decidesAtHome);
    if (refusal) return denied(refusal, emspPartyId);
  }
  if (facts.provider.decidesAtHome) {
    if (!facts.providerAnswer) return { outcome: 'ask-provider', emspPartyId, agreementId: agreement.agreementId };
    return providerDecision(question, facts.providerAnswer, token, emspPartyId, agreement);
  }
  if (!token) return denied('UNKNOWN_TOKEN', emspPartyId);
  return granted(token.emaid, emspPartyId, agreement, servicesOf(token.allowedServices), 'hub');
}

function providerDecision(
  question: AuthorizationQuestion,
  answer: ProviderAnswer,
  token: TokenFacts | null,
  emspPartyId: string,
  agreement: AgreementFacts,
): AuthorizationDecision {
  const emaid = token?.emaid ?? question.presentedEmaid;
  switch (answer.kind) {
    case 'allowed': {
      const contract = answer.emaid ?? emaid;
      // A yes without any contract id gives the session nothing to be billed to: not a usable answer.
      if (!contract) return denied('NOT_ALLOWED_BY_PROVIDER', emspPartyId, 'emsp');
      const services = servicesOf(answer.allowedServices ?? token?.allowedServices ?? null);
      if (!allows(services, question.service)) {
        return denied('SERVICE_NOT_ALLOWED', emspPartyId, 'emsp');
      }
      return granted(contract, emspPartyId, agreement, services, 'emsp');
    }
    case 'refused':
      return denied(answer.reason, emspPartyId, 'emsp');
    case 'unreachable':
      // UC4-1: the agreement says whether a silent home EVSP means no, or yes at the EVSP's risk.
      if (agreement.timeoutPolicy === 'allow-offline' && emaid) {
        return granted(emaid, emspPartyId, agreement, servicesOf(token?.allowedServices ?? null), 'timeout-policy');
      }
      return denied('EVSP_UNREACHABLE', emspPartyId, 'timeout-policy');
  }
}

function tokenRefusal(
  token: TokenFacts,
  requestedAt: number,
  service: string | undefined,
  decidesAtHome: boolean,
): AuthorizationDenialReason | undefined {
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
      // A provider deciding at home judges the service itself; the hub only applies a restriction it holds.
      if (decidesAtHome && token.allowedServices === null) return undefined;
      if (!allows(servicesOf(token.allowedServices), service)) return 'SERVICE_NOT_ALLOWED';
      return undefined;
  }
}

/** An agreement is in force when it joins these two parties and the request falls in its validity period. */
function inForceBetween(agreement: AgreementFacts, cpo: string, emsp: string, requestedAt: number): boolean {
  return (
    agreement.cpoPartyId === cpo &&
    agreement.emspPartyId === emsp &&
    instant(agreement.validFrom, 'agreement.validFrom') <= requestedAt &&
    (agreement.validUntil === null || requestedAt < instant(agreement.validUntil, 'agreement.validUntil'))
  );
}

function within(period: { validFrom: string; validUntil: string }, at: number): boolean {
  return (
    instant(period.validFrom, 'certificate.validFrom') <= at &&
    at < instant(period.validUntil, 'certificate.validUntil')
  );
}

/** null stays null: the registry's "no restriction" (contract-registry.v1 TokenStatusChanged.allowedServices). */
function servicesOf(allowed: readonly string[] | null): string[] | null {
  return allowed === null ? null : [...allowed];
}

function allows(services: readonly string[] | null, service: string | undefined): boolean {
  return services === null || services.includes(service ?? BASIC_CHARGING_SERVICE);
}

function granted(
  emaid: string,
  emspPartyId: string,
  agreement: AgreementFacts,
  allowedServices: string[] | null,
  decidedBy: DecidedBy,
): AuthorizationDecision {
  return {
    outcome: 'granted',
    emaid,
    emspPartyId,
    agreementId: agreement.agreementId,
    allowedServices,
    tariffId: agreement.tariffId,
    decidedBy,
  };
}

function denied(
  reason: AuthorizationDenialReason,
  emspPartyId: string | null,
  decidedBy: DecidedBy = 'hub',
): AuthorizationDecision {
  return { outcome: 'denied', reason, emspPartyId, decidedBy };
}

function instant(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${field} is not an ISO-8601 instant: ${iso}`);
  return ms;
}
