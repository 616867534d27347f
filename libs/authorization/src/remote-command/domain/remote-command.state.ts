import type { RemoteCommandEvent, RemoteCommandKind } from './remote-command.events';

export type RemoteCommandStatus = 'REQUESTED' | 'ACCEPTED' | 'REJECTED' | 'TIMED_OUT' | 'REFUSED';

/** A command's whole story: what was asked, of whom, and how it ended. */
export type RemoteCommandState =
  | { status: 'NONE' }
  | {
      status: RemoteCommandStatus;
      commandId: string;
      kind: RemoteCommandKind;
      emspPartyId: string;
      cpoPartyId: string;
      evseId: string;
      emaid: string | null;
      authorizationId: string | null;
      sessionId: string | null;
      cpoSessionId: string | null;
      requestedAt: string;
      respondBy: string | null;
      /** The CPO's reason for a rejection, or the hub's for a refusal. */
      reason: string | null;
      /** When the command reached its final status. */
      closedAt: string | null;
    };

export function initialRemoteCommandState(): RemoteCommandState {
  return { status: 'NONE' };
}

export function evolveRemoteCommand(state: RemoteCommandState, event: RemoteCommandEvent): RemoteCommandState {
  switch (event.type) {
    case 'RemoteStartRequested': {
      const d = event.data;
      return {
        status: 'REQUESTED',
        commandId: d.commandId,
        kind: d.kind,
        emspPartyId: d.emspPartyId,
        cpoPartyId: d.cpoPartyId,
        evseId: d.evseId,
        emaid: d.emaid,
        authorizationId: d.authorizationId,
        sessionId: null,
        cpoSessionId: null,
        requestedAt: d.requestedAt,
        respondBy: d.respondBy,
        reason: null,
        closedAt: null,
      };
    }
    case 'RemoteStopRequested': {
      const d = event.data;
      return {
        status: 'REQUESTED',
        commandId: d.commandId,
        kind: d.kind,
        emspPartyId: d.emspPartyId,
        cpoPartyId: d.cpoPartyId,
        evseId: d.evseId,
        emaid: null,
        authorizationId: null,
        sessionId: d.sessionId,
        cpoSessionId: d.cpoSessionId,
        requestedAt: d.requestedAt,
        respondBy: d.respondBy,
        reason: null,
        closedAt: null,
      };
    }
    case 'RemoteStartRefused': {
      const d = event.data;
      return {
        status: 'REFUSED',
        commandId: d.commandId,
        kind: d.kind,
        emspPartyId: d.emspPartyId,
        cpoPartyId: d.cpoPartyId,
        evseId: d.evseId,
        emaid: d.emaid,
        authorizationId: d.authorizationId,
        sessionId: null,
        cpoSessionId: null,
        requestedAt: d.requestedAt,
        respondBy: null,
        reason: d.reason,
        closedAt: d.requestedAt,
      };
    }
    case 'RemoteCommandAccepted':
      return state.status === 'NONE' ? state : { ...state, status: 'ACCEPTED', closedAt: event.data.respondedAt };
    case 'RemoteCommandRejected':
      return state.status === 'NONE'
        ? state
        : { ...state, status: 'REJECTED', reason: event.data.reason, closedAt: event.data.respondedAt };
    case 'RemoteCommandTimedOut':
      return state.status === 'NONE' ? state : { ...state, status: 'TIMED_OUT', closedAt: event.data.timedOutAt };
  }
}
