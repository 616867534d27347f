/**
 * What the hub knows, at the moment of the request, about the token, the roaming agreements and the token's
 * provider. The handler looks these up in the registry view (and, for a provider that keeps its contracts at home,
 * asks it) and passes them in, so the decision stays a pure function.
 */

/** How a contract's token reaches the hub: the three kinds an EVSP registers, plus a bare contract id. */
export type AuthorizationTokenType = 'RFID' | 'APP' | 'PLUG_AND_CHARGE' | 'EMAID';

/** The kinds an EVSP registers with a contract; `EMAID` is only ever presented (QR code, typed contract id). */
export type RegisteredTokenType = Exclude<AuthorizationTokenType, 'EMAID'>;

export type TokenStatus = 'active' | 'blocked' | 'expired' | 'stolen' | 'deactivated';

export interface TokenFacts {
  tokenUid: string;
  tokenType: AuthorizationTokenType;
  /** The contract (eMA id) the token identifies; only an account reference, never the holder. */
  emaid: string;
  /** The EVSP that issued the contract: the party the authorization is routed to. */
  emspPartyId: string;
  status: TokenStatus;
  /** End of the contract's validity (ISO-8601), or null when open-ended. */
  validUntil: string | null;
  /** The e-mobility services the contract allows (GeM 981/982); null: the registry restricts none. */
  allowedServices: readonly string[] | null;
  /** Whitelisted for use while the EVSE is offline (IEC 63119-2 UC4-2). */
  allowOffline: boolean;
}

export type AgreementStatus = 'offered' | 'active' | 'suspended' | 'terminated';

/** What the agreement says happens when the home EVSP does not answer in time (IEC 63119-2 UC4-1). */
export type TimeoutPolicy = 'deny' | 'allow-offline';

export interface AgreementFacts {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  status: AgreementStatus;
  /** ISO-8601. */
  validFrom: string;
  /** ISO-8601, or null when the agreement runs until terminated. */
  validUntil: string | null;
  /** The tariff the two parties negotiated, which the session will be rated with; null: the CPO's published one. */
  tariffId: string | null;
  timeoutPolicy: TimeoutPolicy;
}

/** `unknown`: the provider's partner record has not reached this context yet (streams arrive in any order). */
export type ProviderStatus = 'active' | 'suspended' | 'deactivated' | 'unknown';

export interface ProviderFacts {
  status: ProviderStatus;
  /**
   * The provider keeps its customer contracts at home and answers authorization requests at its own endpoint
   * (GeM 982: "the CH will send a request directly to them"); the hub's token record, if any, only routes.
   */
  decidesAtHome: boolean;
}

/** Why the home EVSP's answer could not be had. */
export type UnreachableCause = 'timeout' | 'error' | 'circuit-open';

/** What the home EVSP said when the hub asked it in real time (IEC 63119-2 UC4-1). */
export type ProviderAnswer =
  | { kind: 'allowed'; emaid?: string; allowedServices?: readonly string[] }
  | { kind: 'refused'; reason: ProviderRefusalReason }
  | { kind: 'unreachable'; cause: UnreachableCause };

/** The refusal reasons a home EVSP may give; anything else it says is NOT_ALLOWED_BY_PROVIDER. */
export type ProviderRefusalReason =
  | 'UNKNOWN_TOKEN'
  | 'TOKEN_BLOCKED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_STOLEN'
  | 'TOKEN_DEACTIVATED'
  | 'SERVICE_NOT_ALLOWED'
  | 'NOT_ALLOWED_BY_PROVIDER';

export interface AuthorizationFacts {
  /** The parties the caller acts for: the EVSE's operator must be one of them. */
  callerPartyIds: readonly string[];
  /** The token record matching the presented token, or null when the hub does not know it. */
  token: TokenFacts | null;
  /**
   * The token's provider: from the token record, else from the presented contract id's prefix (ISO 15118 eMA id:
   * country code + provider id); null when neither tells (an RFID card the hub has never seen).
   */
  emspPartyId: string | null;
  /** Agreements between the EVSE's operator and the token's provider, in any status. */
  agreements: readonly AgreementFacts[];
  provider: ProviderFacts;
  /** Present once the hub has asked a provider that decides at home. */
  providerAnswer?: ProviderAnswer;
}
