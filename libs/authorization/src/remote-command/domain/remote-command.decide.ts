import type {
  ExpireRemoteCommand,
  RecordCpoResponse,
  RemoteCommandCommand,
  RequestRemoteStart,
  RequestRemoteStop,
} from './remote-command.commands';
import { RemoteCommandErrors } from './remote-command.errors';
import type { CommandOutcomeData, RemoteCommandEvent } from './remote-command.events';
import type { RemoteCommandState } from './remote-command.state';

export function decide(command: RemoteCommandCommand, state: RemoteCommandState): RemoteCommandEvent[] {
  switch (command.type) {
    case 'RequestRemoteStart':
      return requestStart(command, state);
    case 'RequestRemoteStop':
      return requestStop(command, state);
    case 'RecordCpoResponse':
      return recordResponse(command, state);
    case 'ExpireRemoteCommand':
      return expire(command, state);
  }
}

/**
 * UC3-2: a start is relayed only when the hub authorized it (the same stages as at the EVSE); a denied one is
 * recorded as refused and never reaches the CPO. Asking again with the same command id changes nothing.
 */
function requestStart(command: RequestRemoteStart, state: RemoteCommandState): RemoteCommandEvent[] {
  const d = command.data;
  if (state.status !== 'NONE') {
    const same =
      state.kind === 'START_SESSION' &&
      state.emspPartyId === d.emspPartyId &&
      state.evseId === d.evseId &&
      state.emaid === d.emaid;
    if (same) return [];
    throw RemoteCommandErrors.exists(d.commandId);
  }
  const identity = {
    commandId: d.commandId,
    kind: 'START_SESSION' as const,
    emspPartyId: d.emspPartyId,
    cpoPartyId: d.cpoPartyId,
    evseId: d.evseId,
    emaid: d.emaid,
    requestedAt: d.requestedAt,
  };
  if (d.authorization.status === 'denied') {
    const { authorizationId, reason } = d.authorization;
    return [{ type: 'RemoteStartRefused', data: { ...identity, authorizationId, reason } }];
  }
  return [
    {
      type: 'RemoteStartRequested',
      data: { ...identity, authorizationId: d.authorization.authorizationId, respondBy: d.respondBy },
    },
  ];
}

/** UC3-4: only the EVSP whose customer charges may stop the session, and only while it runs. */
function requestStop(command: RequestRemoteStop, state: RemoteCommandState): RemoteCommandEvent[] {
  const d = command.data;
  if (state.status !== 'NONE') {
    if (state.kind === 'STOP_SESSION' && state.sessionId === d.session.sessionId) return [];
    throw RemoteCommandErrors.exists(d.commandId);
  }
  // Another EVSP's session looks the same as no session: ids reveal nothing.
  if (d.session.emspPartyId !== d.emspPartyId) throw RemoteCommandErrors.sessionNotFound(d.session.sessionId);
  if (!d.session.active) throw RemoteCommandErrors.sessionNotActive(d.session.sessionId);
  return [
    {
      type: 'RemoteStopRequested',
      data: {
        commandId: d.commandId,
        kind: 'STOP_SESSION',
        emspPartyId: d.emspPartyId,
        cpoPartyId: d.session.cpoPartyId,
        evseId: d.session.evseId,
        sessionId: d.session.sessionId,
        cpoSessionId: d.session.cpoSessionId,
        requestedAt: d.requestedAt,
        respondBy: d.respondBy,
      },
    },
  ];
}

/** The CPO's answer closes a requested command; repeating it is harmless, contradicting a closed one is not. */
function recordResponse(command: RecordCpoResponse, state: RemoteCommandState): RemoteCommandEvent[] {
  const d = command.data;
  if (state.status === 'NONE' || state.cpoPartyId !== d.cpoPartyId) throw RemoteCommandErrors.notFound(d.commandId);
  if (state.status === 'REQUESTED') {
    return d.result === 'ACCEPTED'
      ? [
          {
            type: 'RemoteCommandAccepted',
            data: { ...outcomeOf(state), respondedAt: d.respondedAt },
          },
        ]
      : [
          {
            type: 'RemoteCommandRejected',
            data: { ...outcomeOf(state), reason: d.reason, respondedAt: d.respondedAt },
          },
        ];
  }
  if ((state.status === 'ACCEPTED' || state.status === 'REJECTED') && state.status === d.result) return [];
  throw RemoteCommandErrors.closed(d.commandId, state.status);
}

/** The process manager's tick, judged on the hub's clock: only an unanswered command past its deadline times out. */
function expire(command: ExpireRemoteCommand, state: RemoteCommandState): RemoteCommandEvent[] {
  if (state.status !== 'REQUESTED' || state.respondBy === null) return [];
  if (Date.parse(command.data.now) < Date.parse(state.respondBy)) return [];
  return [
    {
      type: 'RemoteCommandTimedOut',
      data: { ...outcomeOf(state), respondBy: state.respondBy, timedOutAt: command.data.now },
    },
  ];
}

function outcomeOf(state: Exclude<RemoteCommandState, { status: 'NONE' }>): CommandOutcomeData {
  return {
    commandId: state.commandId,
    kind: state.kind,
    emspPartyId: state.emspPartyId,
    cpoPartyId: state.cpoPartyId,
    evseId: state.evseId,
    authorizationId: state.authorizationId,
    sessionId: state.sessionId,
  };
}
