/**
 * What the hub knows when an EVSP asks to reserve: the EVSE from the catalogue, and the token, the agreements and the
 * token provider's standing from this context's own view of the registry. Passed in; the decision stays pure.
 */
export type TokenType = 'RFID' | 'APP' | 'PLUG_AND_CHARGE';

export interface ReservationTokenFacts {
  emaid: string;
  emspPartyId: string;
  status: 'active' | 'blocked' | 'expired' | 'stolen' | 'deactivated';
  validUntil: string | null;
}

export interface ReservationAgreementFacts {
  agreementId: string;
  status: 'offered' | 'active' | 'suspended' | 'terminated';
  validFrom: string;
  validUntil: string | null;
}

export interface ReservationFacts {
  evse: { status: 'PUBLISHED' | 'WITHDRAWN'; reservationAllowed: boolean; validUntil: string | null } | undefined;
  /** The token record, or null when the hub does not know it or it belongs to another provider. */
  token: ReservationTokenFacts | null;
  /** Agreements between the EVSE operator and the token's provider, in any status. */
  agreements: readonly ReservationAgreementFacts[];
  providerStanding: 'active' | 'suspended' | 'deactivated' | 'unknown';
}

/** Why the hub itself refused the reservation before asking the CPO (recorded, like a denied authorization). */
export type ReservationRefusalReason =
  | 'UNKNOWN_TOKEN'
  | 'TOKEN_BLOCKED'
  | 'TOKEN_EXPIRED'
  | 'PROVIDER_SUSPENDED'
  | 'NO_ROAMING_AGREEMENT'
  | 'RESERVATION_NOT_ALLOWED';

/**
 * The hub's checks in the order the authorization switch makes them (GeM 981/982): the provider's standing, the
 * business-to-business agreement in force with the EVSE operator, then the driver's token; and the EVSE must accept
 * reservations (GeM 1528). The agreement comes before the token so that an operator without one learns nothing
 * about someone else's card.
 */
export function reservationRefusal(facts: ReservationFacts, at: string): ReservationRefusalReason | undefined {
  const { token } = facts;
  if (!token) return 'UNKNOWN_TOKEN';
  if (facts.providerStanding === 'suspended' || facts.providerStanding === 'deactivated') return 'PROVIDER_SUSPENDED';
  const inForce = facts.agreements.some(
    (a) => a.status === 'active' && a.validFrom <= at && (a.validUntil === null || at < a.validUntil),
  );
  if (!inForce) return 'NO_ROAMING_AGREEMENT';
  if (token.status === 'expired' || (token.validUntil !== null && token.validUntil <= at)) return 'TOKEN_EXPIRED';
  if (token.status !== 'active') return 'TOKEN_BLOCKED';
  if (!facts.evse?.reservationAllowed) return 'RESERVATION_NOT_ALLOWED';
  return undefined;
}
