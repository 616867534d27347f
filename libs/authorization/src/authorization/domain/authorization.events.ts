import type { DomainEvent } from '@roaming/shared-kernel';
import type { AuthorizationTokenType } from './authorization.facts';

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

export const AUTHORIZATION_DENIAL_REASONS: readonly AuthorizationDenialReason[] = [
  'UNKNOWN_TOKEN',
  'TOKEN_BLOCKED',
  'TOKEN_EXPIRED',
  'TOKEN_STOLEN',
  'TOKEN_DEACTIVATED',
  'SERVICE_NOT_ALLOWED',
  'NO_ROAMING_AGREEMENT',
  'AGREEMENT_SUSPENDED',
  'PROVIDER_SUSPENDED',
  'EVSE_NOT_OWNED',
  'EVSP_UNREACHABLE',
  'NOT_ALLOWED_BY_PROVIDER',
  'CERTIFICATE_INVALID',
];

/**
 * Who made the decision: the hub from its own records, the home EVSP asked in real time, or the agreement's
 * timeout policy because the EVSP did not answer (IEC 63119-2 UC4-1).
 */
export type DecidedBy = 'hub' | 'emsp' | 'timeout-policy';

/**
 * How the start was asked for: at the EVSE with a token or a typed contract id (UC3-1), by Plug & Charge with the
 * contract certificate (UC3-3), or remotely by the home EVSP (UC3-2).
 */
export type AuthorizationMethod = 'LOCAL' | 'PLUG_AND_CHARGE' | 'REMOTE';

/**
 * What was asked; both outcomes repeat it so that each event stands on its own in the audit trail. Fields added
 * after the first release are optional: events recorded before them lack them.
 */
export interface AuthorizationRequestData {
  authorizationId: string;
  evseId: string;
  /** The operator of the EVSE (the id inside the EVSE id), not necessarily the caller. */
  cpoPartyId: string;
  tokenUid: string;
  tokenType: AuthorizationTokenType;
  requestedAt: string;
  /** The service asked for; absent: the basic charging service. */
  service?: string;
  method?: AuthorizationMethod;
  /** The partner that asked (the CPO for a local start, the EVSP for a remote start). */
  requestedBy?: string;
  /** How the request came in, so that the answer goes back the same way (a Kafka request gets a Kafka reply). */
  channel?: RequestChannel;
  /** Plug & Charge with the contract certificate itself (IEC 63119-2 UC3-3): which certificate was presented. */
  contractCertificate?: ContractCertificate;
}

/** What the hub read from an ISO 15118 contract certificate (its subject's common name is the EMAID). */
export interface ContractCertificate {
  serialNumber: string;
  issuer: string;
  /** ISO-8601. */
  validFrom: string;
  validUntil: string;
}

/**
 * A request over Kafka carries the caller's request id, and the party that sent it (the message key): the reply
 * goes to that party's outbound topic and quotes the id.
 */
export type RequestChannel = { kind: 'http' } | { kind: 'kafka'; requestId: string; replyTo: string };

export type AuthorizationGranted = DomainEvent<
  'AuthorizationGranted',
  AuthorizationRequestData & {
    emaid: string;
    emspPartyId: string;
    agreementId: string;
    /** The services the contract allows; null: it restricts none. Absent on grants recorded before: none either. */
    allowedServices?: string[] | null;
    /** The negotiated tariff the session will be rated with; null: the CPO's published tariff applies. */
    tariffId?: string | null;
    decidedBy?: DecidedBy;
  }
>;

/** A refusal is an expected outcome, recorded like a grant (GeM 967 / UC 1599: failed attempts stay visible). */
export type AuthorizationDenied = DomainEvent<
  'AuthorizationDenied',
  AuthorizationRequestData & {
    reason: AuthorizationDenialReason;
    /** The token's provider when the token is known, else null. */
    emspPartyId: string | null;
    decidedBy?: DecidedBy;
  }
>;

export type AuthorizationEvent = AuthorizationGranted | AuthorizationDenied;

export const AUTHORIZATION_EVENT_TYPES: readonly AuthorizationEvent['type'][] = [
  'AuthorizationGranted',
  'AuthorizationDenied',
];
