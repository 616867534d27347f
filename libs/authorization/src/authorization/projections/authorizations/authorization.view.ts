import type { AuthorizationDenialReason, AuthorizationMethod, AuthorizationTokenType, DecidedBy } from '../../domain';

export type AuthorizationStatus = 'ACCEPTED' | 'DENIED';

/** An authorization as its read model and the API show it. */
export interface AuthorizationView {
  authorizationId: string;
  status: AuthorizationStatus;
  reason?: AuthorizationDenialReason;
  evseId: string;
  cpoPartyId: string;
  tokenUid: string;
  tokenType: AuthorizationTokenType;
  emaid?: string;
  emspPartyId?: string;
  agreementId?: string;
  allowedServices?: string[] | null;
  tariffId?: string | null;
  decidedBy: DecidedBy;
  method: AuthorizationMethod;
  requestedAt: string;
}
