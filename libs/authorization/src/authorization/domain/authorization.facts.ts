/**
 * What the hub knows, at the moment of the request, about the token, the roaming agreements and the token's
 * provider. The handler looks these up in the registry view and passes them in, so the decision stays a pure function.
 */
export type AuthorizationTokenType = 'RFID' | 'APP' | 'PLUG_AND_CHARGE';

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
}

export type AgreementStatus = 'offered' | 'active' | 'suspended' | 'terminated';

export interface AgreementFacts {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  status: AgreementStatus;
  /** ISO-8601. */
  validFrom: string;
  /** ISO-8601, or null when the agreement runs until terminated. */
  validUntil: string | null;
}

/** `unknown`: the provider's partner record has not reached this context yet (streams arrive in any order). */
export type ProviderStatus = 'active' | 'suspended' | 'deactivated' | 'unknown';

export interface AuthorizationFacts {
  /** The token record matching the presented token, or null when the hub does not know it. */
  token: TokenFacts | null;
  /** Agreements between the EVSE's operator and the token's provider, in any status. */
  agreements: readonly AgreementFacts[];
  providerStatus: ProviderStatus;
}
