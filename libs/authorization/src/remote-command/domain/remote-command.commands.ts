import type { Command } from '@roaming/shared-kernel';
import type { StartAuthorization } from './remote-command.facts';

/** UC3-2: the home EVSP asks for a start at an EVSE, for one of its contracts. */
export type RequestRemoteStart = Command<
  'RequestRemoteStart',
  {
    commandId: string;
    emspPartyId: string;
    evseId: string;
    cpoPartyId: string;
    emaid: string;
    /** The hub's decision on the start, made before (the same two stages as a start at the EVSE). */
    authorization: StartAuthorization;
    requestedAt: string;
    respondBy: string;
  }
>;

/** UC3-4: the home EVSP asks to stop one of its customers' sessions. */
export type RequestRemoteStop = Command<
  'RequestRemoteStop',
  {
    commandId: string;
    emspPartyId: string;
    session: {
      sessionId: string;
      cpoSessionId: string;
      evseId: string;
      cpoPartyId: string;
      emspPartyId: string;
      active: boolean;
    };
    requestedAt: string;
    respondBy: string;
  }
>;

/** The CPO answers whether it carried the command out. */
export type RecordCpoResponse = Command<
  'RecordCpoResponse',
  { commandId: string; cpoPartyId: string; result: 'ACCEPTED' | 'REJECTED'; reason: string | null; respondedAt: string }
>;

/** The process manager's tick: the command times out if it is still unanswered at `now`. */
export type ExpireRemoteCommand = Command<'ExpireRemoteCommand', { commandId: string; now: string }>;

export type RemoteCommandCommand = RequestRemoteStart | RequestRemoteStop | RecordCpoResponse | ExpireRemoteCommand;
