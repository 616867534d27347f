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
    /** Added later (optional for tolerant readers): the services the contract allows; null: it restricts none. */
    allowedServices?: string[] | null;
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

/**
 * Where CPOs send the authorization context requests over Kafka (key = the sending CPO's party id; body = one JSON
 * object; header `type` = AuthorizationRequest | CommandResponse | SessionStarted | SessionProgress | SessionEnded;
 * header `message-id` makes each one count once). Answers go to the CPO's `b2b.<party>.outbound.v1`.
 */
export const AUTHORIZATION_REQUESTS_INBOUND_TOPIC = 'b2b.authorization-requests.inbound.v1';

/** Inbound, type AuthorizationRequest: a token presented at one of the CPO's EVSEs (IEC 63119-2 UC3-1). */
export interface AuthorizationRequestV1 {
  /** The CPO's own id for the request: the reply quotes it, and a repeat gets the same decision. */
  requestId: string;
  evseId: string;
  token: { uid: string; type: 'RFID' | 'APP' | 'PLUG_AND_CHARGE' | 'EMAID' };
  service?: string;
}

/** Inbound, type CommandResponse: the CPO's answer to a relayed remote start or stop. */
export interface CommandResponseV1 {
  commandId: string;
  result: 'ACCEPTED' | 'REJECTED';
  reason?: string;
}

/** Inbound, type SessionStarted: energy transfer began, for an authorization or offline (IEC 63119-2 UC4-2). */
export interface SessionStartReportV1 {
  cpoSessionId: string;
  evseId: string;
  startedAt: string;
  /** For a start the hub authorized; else `token` for a start the EVSE allowed offline from its whitelist. */
  authorizationId?: string;
  token?: { uid: string; type: 'RFID' | 'APP' | 'PLUG_AND_CHARGE' | 'EMAID' };
}

/** Inbound, type SessionProgress: energy so far and status. */
export interface SessionProgressReportV1 {
  sessionId: string;
  energyWh: number;
  status: 'CHARGING' | 'SUSPENDED_EV' | 'SUSPENDED_EVSE' | 'IDLE';
  measuredAt: string;
}

/** Inbound, type SessionEnded (IEC 63119-2 UC3-5). */
export interface SessionEndReportV1 {
  sessionId: string;
  endedAt: string;
  energyWh: number;
  reason?: string;
}

/** To the CPO: the decision on an AuthorizationRequest it sent over Kafka. */
export type AuthorizationDecisionV1 = IntegrationMessage<
  'AuthorizationDecision',
  {
    requestId: string;
    authorizationId: string;
    evseId: string;
    status: 'ACCEPTED' | 'DENIED';
    reason?: AuthorizationDenialReason;
    emaid?: string;
    emspPartyId?: string;
    agreementId?: string;
    allowedServices?: string[] | null;
    tariffId?: string | null;
    decidedBy: AuthorizationDecidedByV1;
  }
>;

/** To the CPO: start charging at this EVSE for this contract, and answer by `respondBy` (IEC 63119-2 UC3-2). */
export type RemoteStartSessionV1 = IntegrationMessage<
  'RemoteStartSession',
  { commandId: string; evseId: string; emaid: string; authorizationId: string; respondBy: string }
>;

/** To the CPO: stop this session, and answer by `respondBy` (IEC 63119-2 UC3-4). */
export type RemoteStopSessionV1 = IntegrationMessage<
  'RemoteStopSession',
  { commandId: string; evseId: string; sessionId: string; cpoSessionId: string; respondBy: string }
>;

/** To the EVSP: how its remote start or stop ended. */
export type RemoteCommandResultV1 = IntegrationMessage<
  'RemoteCommandResult',
  {
    commandId: string;
    kind: 'START_SESSION' | 'STOP_SESSION';
    status: 'ACCEPTED' | 'REJECTED' | 'TIMED_OUT' | 'REFUSED';
    /** The CPO's reason for a rejection, the hub's denial reason for a refusal. */
    reason: string | null;
    evseId: string;
    authorizationId: string | null;
    sessionId: string | null;
  }
>;

/**
 * A charging session began (on `authorization.events.v1` and to the EVSP): the authorization → session step of the
 * chain a CDR later closes. `authorizationId` null for a start the EVSE allowed offline.
 */
export type SessionStartedV1 = IntegrationMessage<
  'SessionStarted',
  {
    sessionId: string;
    authorizationId: string | null;
    cpoPartyId: string;
    cpoSessionId: string;
    emspPartyId: string;
    evseId: string;
    emaid: string;
    tokenUid: string;
    offline: boolean;
    tariffId: string | null;
    startedAt: string;
  }
>;

/** Energy so far (to the EVSP, eMI3 UCE CS push; IEC 63119-2 UC3-6 feeds the energy context from here). */
export type SessionProgressedV1 = IntegrationMessage<
  'SessionProgressed',
  { sessionId: string; emspPartyId: string; energyWh: number; status: string; measuredAt: string }
>;

export type SessionEndedV1 = IntegrationMessage<
  'SessionEnded',
  {
    sessionId: string;
    authorizationId: string | null;
    cpoPartyId: string;
    emspPartyId: string;
    evseId: string;
    endedAt: string;
    energyWh: number;
  }
>;

/** A session still open past the hub's limit (on `authorization.events.v1`, for the operator). */
export type SessionFlaggedOverdueV1 = IntegrationMessage<
  'SessionFlaggedOverdue',
  { sessionId: string; cpoPartyId: string; emspPartyId: string; startedAt: string; flaggedAt: string }
>;

/** Everything on `authorization.events.v1`. */
export type AuthorizationContextMessageV1 =
  AuthorizationMessageV1 | SessionStartedV1 | SessionEndedV1 | SessionFlaggedOverdueV1;
