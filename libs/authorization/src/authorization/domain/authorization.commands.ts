import type { Command } from '@roaming/shared-kernel';
import type { AuthorizationFacts, AuthorizationTokenType } from './authorization.facts';

/** The token a driver presented at the EVSE (RFID card, app, or the contract certificate of Plug & Charge). */
export interface PresentedToken {
  uid: string;
  type: AuthorizationTokenType;
}

/**
 * A CPO asks the hub whether the token may charge at one of its EVSEs (IEC 63119-2 UC3-1 / UC4-1, eMI3 UCE AA
 * extension "A&A request is sent to MCH"). Ids are normalised by the caller (EvseId, PartyId, TokenUid).
 */
export type AuthorizeToken = Command<
  'AuthorizeToken',
  {
    authorizationId: string;
    evseId: string;
    /** The EVSE's operator: the operator id inside the EVSE id. */
    cpoPartyId: string;
    token: PresentedToken;
    /** ISO-8601; the instant validity is judged at. */
    requestedAt: string;
    facts: AuthorizationFacts;
  }
>;

export type AuthorizationCommand = AuthorizeToken;
