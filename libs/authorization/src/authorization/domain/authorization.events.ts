import type { DomainEvent } from '@roaming/shared-kernel';
import type { AuthorizationTokenType } from './authorization.facts';

export type AuthorizationDenialReason =
  | 'UNKNOWN_TOKEN'
  | 'TOKEN_BLOCKED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_STOLEN'
  | 'TOKEN_DEACTIVATED'
  | 'NO_ROAMING_AGREEMENT'
  | 'PROVIDER_SUSPENDED';

/** What was asked; both outcomes repeat it so that each event stands on its own in the audit trail. */
export interface AuthorizationRequestData {
  authorizationId: string;
  evseId: string;
  cpoPartyId: string;
  tokenUid: string;
  tokenType: AuthorizationTokenType;
  requestedAt: string;
}

export type AuthorizationGranted = DomainEvent<
  'AuthorizationGranted',
  AuthorizationRequestData & { emaid: string; emspPartyId: string; agreementId: string }
>;

/** A refusal is an expected outcome, recorded like a grant (GeM 1599: failed attempts stay visible). */
export type AuthorizationDenied = DomainEvent<
  'AuthorizationDenied',
  AuthorizationRequestData & {
    reason: AuthorizationDenialReason;
    /** The token's provider when the token is known, else null. */
    emspPartyId: string | null;
  }
>;

export type AuthorizationEvent = AuthorizationGranted | AuthorizationDenied;

export const AUTHORIZATION_EVENT_TYPES: readonly AuthorizationEvent['type'][] = [
  'AuthorizationGranted',
  'AuthorizationDenied',
];
