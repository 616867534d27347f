import type { TokenFacts } from '../../authorization/domain';
import type {
  EndSession,
  FlagSessionIfOverdue,
  LinkCdr,
  ReportSessionProgress,
  SessionCommand,
  StartAuthorizedSession,
  StartOfflineSession,
} from './session.commands';
import { SessionErrors } from './session.errors';
import type { OfflineRefusalReason, SessionEvent } from './session.events';
import type { SessionState } from './session.state';

/** How far a CPO's clock may run ahead of the hub's before a start "in the future" is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function decide(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'StartAuthorizedSession':
      return startAuthorized(command, state);
    case 'StartOfflineSession':
      return startOffline(command, state);
    case 'ReportSessionProgress':
      return progress(command, state);
    case 'EndSession':
      return end(command, state);
    case 'FlagSessionIfOverdue':
      return flagIfOverdue(command, state);
    case 'LinkCdr':
      return linkCdr(command, state);
  }
}

/**
 * An authorization becomes a session when its CPO reports the start at the EVSE it was given for; it becomes at
 * most one (the session id follows from the authorization id). A repeated report changes nothing.
 */
function startAuthorized(command: StartAuthorizedSession, state: SessionState): SessionEvent[] {
  const d = command.data;
  const authorization = d.authorization;
  // Another operator's authorization looks like none at all.
  if (!authorization || authorization.cpoPartyId !== d.cpoPartyId) {
    throw SessionErrors.authorizationNotFound(authorization?.authorizationId ?? 'unknown');
  }
  if (state.status !== 'NONE') return repeatedStart(d, state);
  if (!authorization.granted || !authorization.emspPartyId || !authorization.emaid) {
    throw SessionErrors.authorizationNotGranted(authorization.authorizationId);
  }
  if (authorization.evseId !== d.evseId) throw SessionErrors.evseMismatch(authorization.authorizationId, d.evseId);
  assertNotInFuture(d.startedAt, d.reportedAt);
  return [
    {
      type: 'SessionStarted',
      data: {
        sessionId: d.sessionId,
        cpoPartyId: d.cpoPartyId,
        cpoSessionId: d.cpoSessionId,
        evseId: d.evseId,
        emspPartyId: authorization.emspPartyId,
        emaid: authorization.emaid,
        tokenUid: authorization.tokenUid,
        tokenType: authorization.tokenType,
        authorizationId: authorization.authorizationId,
        method: authorization.method,
        offline: false,
        agreementId: authorization.agreementId,
        tariffId: authorization.tariffId,
        startedAt: d.startedAt,
        reportedAt: d.reportedAt,
      },
    },
  ];
}

/**
 * IEC 63119-2 UC4-2: a start the EVSE allowed offline from its whitelist is accepted and marked offline when the
 * hub's own record whitelists the token for offline use; otherwise it is recorded as refused, for billing to see.
 */
function startOffline(command: StartOfflineSession, state: SessionState): SessionEvent[] {
  const d = command.data;
  if (state.status !== 'NONE') return repeatedStart(d, state);
  assertNotInFuture(d.startedAt, d.reportedAt);
  const common = {
    sessionId: d.sessionId,
    cpoPartyId: d.cpoPartyId,
    cpoSessionId: d.cpoSessionId,
    evseId: d.evseId,
    tokenUid: d.tokenUid,
    tokenType: d.tokenType,
    startedAt: d.startedAt,
    reportedAt: d.reportedAt,
  };
  const refusal = offlineRefusal(d.token, d.startedAt);
  if (refusal || !d.token) {
    return [
      {
        type: 'SessionStartRefused',
        data: { ...common, emspPartyId: d.token?.emspPartyId ?? null, reason: refusal ?? 'UNKNOWN_TOKEN' },
      },
    ];
  }
  return [
    {
      type: 'SessionStarted',
      data: {
        ...common,
        emspPartyId: d.token.emspPartyId,
        emaid: d.token.emaid,
        authorizationId: null,
        method: 'OFFLINE',
        offline: true,
        agreementId: null,
        tariffId: null,
      },
    },
  ];
}

function offlineRefusal(token: TokenFacts | null, startedAt: string): OfflineRefusalReason | undefined {
  if (!token) return 'UNKNOWN_TOKEN';
  switch (token.status) {
    case 'blocked':
      return 'TOKEN_BLOCKED';
    case 'stolen':
      return 'TOKEN_STOLEN';
    case 'deactivated':
      return 'TOKEN_DEACTIVATED';
    case 'expired':
      return 'TOKEN_EXPIRED';
    case 'active':
      if (token.validUntil !== null && Date.parse(token.validUntil) <= Date.parse(startedAt)) return 'TOKEN_EXPIRED';
      return token.allowOffline ? undefined : 'NOT_ALLOWED_OFFLINE';
  }
}

/** The same report again (a CPO retry) changes nothing; a different one for the same session is a conflict. */
function repeatedStart(
  d: { sessionId: string; cpoSessionId: string; evseId: string; startedAt: string },
  state: Exclude<SessionState, { status: 'NONE' }>,
): SessionEvent[] {
  if (state.cpoSessionId === d.cpoSessionId && state.evseId === d.evseId) return [];
  throw SessionErrors.alreadyStarted(d.sessionId);
}

/**
 * eMI3 UCE CS: session data only between start and end. A report older than the latest one (Kafka and retries
 * reorder) changes nothing; energy never goes down.
 */
function progress(command: ReportSessionProgress, state: SessionState): SessionEvent[] {
  const d = command.data;
  const session = ownSession(state, d.sessionId, d.cpoPartyId);
  if (session.status !== 'ACTIVE') throw SessionErrors.notActive(d.sessionId);
  if (Date.parse(d.measuredAt) < Date.parse(session.startedAt)) throw SessionErrors.measuredBeforeStart();
  if (session.lastMeasuredAt !== null && Date.parse(d.measuredAt) <= Date.parse(session.lastMeasuredAt)) return [];
  if (d.energyWh < session.energyWh) throw SessionErrors.energyDecreased('energyWh');
  return [
    {
      type: 'SessionProgressed',
      data: { ...partiesOf(session), energyWh: d.energyWh, status: d.status, measuredAt: d.measuredAt },
    },
  ];
}

/** UC3-5: the end closes the session; the same end again changes nothing, a different one is refused. */
function end(command: EndSession, state: SessionState): SessionEvent[] {
  const d = command.data;
  const session = ownSession(state, d.sessionId, d.cpoPartyId);
  if (session.status === 'ENDED') {
    if (session.endedAt === d.endedAt && session.energyWh === d.energyWh) return [];
    throw SessionErrors.alreadyEnded(d.sessionId);
  }
  if (session.status !== 'ACTIVE') throw SessionErrors.notActive(d.sessionId);
  if (Date.parse(d.endedAt) < Date.parse(session.startedAt)) throw SessionErrors.endBeforeStart();
  if (d.energyWh < session.energyWh) throw SessionErrors.energyDecreased('energyWh');
  return [
    {
      type: 'SessionEnded',
      data: {
        ...partiesOf(session),
        authorizationId: session.authorizationId,
        evseId: session.evseId,
        endedAt: d.endedAt,
        energyWh: d.energyWh,
        reason: d.reason,
      },
    },
  ];
}

/** Judged on the hub's clock when the deadline fires: a session ended meanwhile, or already flagged, stays as it is. */
function flagIfOverdue(command: FlagSessionIfOverdue, state: SessionState): SessionEvent[] {
  const d = command.data;
  if (state.status !== 'ACTIVE' || state.overdueFlaggedAt !== null) return [];
  if (Date.parse(d.now) - Date.parse(state.startedAt) < d.limitMs) return [];
  return [
    {
      type: 'SessionFlaggedOverdue',
      data: { ...partiesOf(state), startedAt: state.startedAt, flaggedAt: d.now, limitMs: d.limitMs },
    },
  ];
}

/** Each CDR is linked once; a CDR for a session the hub never saw started has nothing to link to. */
function linkCdr(command: LinkCdr, state: SessionState): SessionEvent[] {
  if (state.status !== 'ACTIVE' && state.status !== 'ENDED') return [];
  if (state.cdrIds.includes(command.data.cdrId)) return [];
  return [{ type: 'SessionCdrLinked', data: { sessionId: command.data.sessionId, cdrId: command.data.cdrId } }];
}

function ownSession(
  state: SessionState,
  sessionId: string,
  cpoPartyId: string,
): Exclude<SessionState, { status: 'NONE' }> {
  // Another operator's session looks the same as none.
  if (state.status === 'NONE' || state.cpoPartyId !== cpoPartyId) throw SessionErrors.notFound(sessionId);
  return state;
}

function partiesOf(session: Extract<SessionState, { status: 'ACTIVE' | 'ENDED' }>) {
  return { sessionId: session.sessionId, cpoPartyId: session.cpoPartyId, emspPartyId: session.emspPartyId };
}

function assertNotInFuture(startedAt: string, reportedAt: string): void {
  if (Date.parse(startedAt) > Date.parse(reportedAt) + CLOCK_SKEW_MS) throw SessionErrors.startInFuture();
}
