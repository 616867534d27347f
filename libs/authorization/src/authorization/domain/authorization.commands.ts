import type { Command } from '@roaming/shared-kernel';
import type { AuthorizationMethod, ContractCertificate, RequestChannel } from './authorization.events';
import type { AuthorizationFacts, AuthorizationTokenType } from './authorization.facts';

/** The token a driver presented at the EVSE (RFID card, app or QR code, contract id, or Plug & Charge certificate). */
export interface PresentedToken {
  uid: string;
  type: AuthorizationTokenType;
}

/**
 * The hub is asked whether the token may charge at an EVSE (IEC 63119-2 UC3-1 / UC3-2 / UC3-3 / UC4-1, eMI3 UCE AA
 * "A&A request is sent to MCH"). Ids are normalised by the caller (EvseId, PartyId, TokenUid).
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
    /** The service asked for; absent: basic charging. */
    service?: string;
    method: AuthorizationMethod;
    /** The partner asking. */
    requestedBy: string;
    channel: RequestChannel;
    /** Plug & Charge by certificate: the certificate the EMAID (token uid) was read from. */
    contractCertificate?: ContractCertificate;
    facts: AuthorizationFacts;
  }
>;

export type AuthorizationCommand = AuthorizeToken;
