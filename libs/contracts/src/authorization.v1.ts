import type { IntegrationMessage } from './integration-message';

/** What the authorization context (the hub's transaction switch) publishes on `authorization.events.v1`. */
export type AuthorizationDenialReason =
  | 'UNKNOWN_TOKEN'
  | 'TOKEN_BLOCKED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_STOLEN'
  | 'TOKEN_DEACTIVATED'
  | 'SERVICE_NOT_ALLOWED'
  | 'NO_ROAMING_AGREEMENT'
  | 'AGREEMENT_SUSPENDED'
  | 'PROVIDER_SUSPENDED'
  | 'EVSE_NOT_OWNED'
  | 'EVSP_UNREACHABLE'
  | 'NOT_ALLOWED_BY_PROVIDER'
  | 'CERTIFICATE_INVALID';

/** Who decided: the hub from its records, the home EVSP asked in real time, or the agreement's timeout policy. */
export type AuthorizationDecidedByV1 = 'hub' | 'emsp' | 'timeout-policy';

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
    /** Added later (optional for tolerant readers): the services the contract allows, e.g. ['CHARGING']. */
    allowedServices?: string[];
    /** The negotiated tariff the session is rated with; null: the CPO's published tariff. */
    tariffId?: string | null;
    decidedBy?: AuthorizationDecidedByV1;
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
    decidedBy?: AuthorizationDecidedByV1;
  }
>;

export type AuthorizationMessageV1 = AuthorizationGrantedV1 | AuthorizationDeniedV1;
