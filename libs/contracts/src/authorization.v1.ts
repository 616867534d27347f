import type { IntegrationMessage } from './integration-message';

/** What the authorization context (the hub's transaction switch) publishes on `authorization.events.v1`. */
export type AuthorizationDenialReason =
  | 'UNKNOWN_TOKEN'
  | 'TOKEN_BLOCKED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_STOLEN'
  | 'TOKEN_DEACTIVATED'
  | 'NO_ROAMING_AGREEMENT'
  | 'PROVIDER_SUSPENDED';

export type AuthorizationGrantedV1 = IntegrationMessage<
  'AuthorizationGranted',
  {
    authorizationId: string;
    evseId: string;
    cpoPartyId: string;
    emspPartyId: string;
    emaid: string;
    tokenUid: string;
    agreementId: string;
  }
>;
export type AuthorizationDeniedV1 = IntegrationMessage<
  'AuthorizationDenied',
  {
    authorizationId: string;
    evseId: string;
    cpoPartyId: string;
    emspPartyId: string | null;
    tokenUid: string;
    reason: AuthorizationDenialReason;
  }
>;

export type AuthorizationMessageV1 = AuthorizationGrantedV1 | AuthorizationDeniedV1;
