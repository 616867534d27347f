import { deciderSpec } from '@roaming/testing';
import type { RemoteCommandCommand, RequestRemoteStart, RequestRemoteStop } from './remote-command.commands';
import { remoteCommandDecider } from './remote-command.decider';
import type { RemoteCommandEvent, RemoteStartRequested, RemoteStopRequested } from './remote-command.events';

const COMMAND_ID = '7c1d0000-0000-4000-8000-000000000001';
const AT = '2026-03-01T10:00:00.000Z';
const RESPOND_BY = '2026-03-01T10:01:00.000Z';

const start = (overrides: Partial<RequestRemoteStart['data']> = {}): RequestRemoteStart => ({
  type: 'RequestRemoteStart',
  data: {
    commandId: COMMAND_ID,
    emspPartyId: 'DE8AA',
    evseId: 'DE*ABC*E1',
    cpoPartyId: 'DEABC',
    emaid: 'DE8AACA2B3C4D5L',
    authorization: { authorizationId: 'a-1', status: 'granted' },
    requestedAt: AT,
    respondBy: RESPOND_BY,
    ...overrides,
  },
});

const session = { sessionId: 's-1', cpoSessionId: 'cpo-s-1', evseId: 'DE*ABC*E1', cpoPartyId: 'DEABC' };
const stop = (
  overrides: Partial<RequestRemoteStop['data']['session']> = {},
  emspPartyId = 'DE8AA',
): RequestRemoteStop => ({
  type: 'RequestRemoteStop',
  data: {
    commandId: COMMAND_ID,
    emspPartyId,
    session: { ...session, emspPartyId: 'DE8AA', active: true, ...overrides },
    requestedAt: AT,
    respondBy: RESPOND_BY,
  },
});

const startRequested: RemoteStartRequested = {
  type: 'RemoteStartRequested',
  data: {
    commandId: COMMAND_ID,
    kind: 'START_SESSION',
    emspPartyId: 'DE8AA',
    cpoPartyId: 'DEABC',
    evseId: 'DE*ABC*E1',
    emaid: 'DE8AACA2B3C4D5L',
    authorizationId: 'a-1',
    requestedAt: AT,
    respondBy: RESPOND_BY,
  },
};

const stopRequested: RemoteStopRequested = {
  type: 'RemoteStopRequested',
  data: {
    commandId: COMMAND_ID,
    kind: 'STOP_SESSION',
    emspPartyId: 'DE8AA',
    cpoPartyId: 'DEABC',
    evseId: 'DE*ABC*E1',
    sessionId: 's-1',
    cpoSessionId: 'cpo-s-1',
    requestedAt: AT,
    respondBy: RESPOND_BY,
  },
};

const outcome = {
  commandId: COMMAND_ID,
  kind: 'START_SESSION' as const,
  emspPartyId: 'DE8AA',
  cpoPartyId: 'DEABC',
  evseId: 'DE*ABC*E1',
  authorizationId: 'a-1',
  sessionId: null,
};

const answer = (result: 'ACCEPTED' | 'REJECTED', cpoPartyId = 'DEABC', reason: string | null = null) =>
  ({
    type: 'RecordCpoResponse',
    data: { commandId: COMMAND_ID, cpoPartyId, result, reason, respondedAt: '2026-03-01T10:00:20.000Z' },
  }) satisfies RemoteCommandCommand;

const expire = (now: string): RemoteCommandCommand => ({
  type: 'ExpireRemoteCommand',
  data: { commandId: COMMAND_ID, now },
});

const spec = deciderSpec(remoteCommandDecider);

describe('remote command decider', () => {
  describe('IEC 63119-2 UC3-2: remote start from the home EVSP', () => {
    it('relays an authorized start to the CPO with a deadline for its answer', () => {
      const state = spec.when(start()).then([startRequested]);
      expect(state).toMatchObject({ status: 'REQUESTED', respondBy: RESPOND_BY });
    });

    it('refuses at once, without relaying, a start the hub did not authorize, naming the reason', () => {
      const state = spec
        .when(start({ authorization: { authorizationId: 'a-1', status: 'denied', reason: 'NO_ROAMING_AGREEMENT' } }))
        .then([
          {
            type: 'RemoteStartRefused',
            data: {
              commandId: COMMAND_ID,
              kind: 'START_SESSION',
              emspPartyId: 'DE8AA',
              cpoPartyId: 'DEABC',
              evseId: 'DE*ABC*E1',
              emaid: 'DE8AACA2B3C4D5L',
              requestedAt: AT,
              authorizationId: 'a-1',
              reason: 'NO_ROAMING_AGREEMENT',
            },
          },
        ]);
      expect(state).toMatchObject({ status: 'REFUSED', reason: 'NO_ROAMING_AGREEMENT' });
    });

    it('treats the same start asked again as the same command, and another on its id as a conflict', () => {
      spec
        .given([startRequested])
        .when(start({ requestedAt: '2026-03-01T10:00:05.000Z' }))
        .thenNothing();
      spec
        .given([startRequested])
        .when(start({ evseId: 'DE*ABC*E2' }))
        .thenThrows('REMOTE_COMMAND_EXISTS', 'conflict');
      spec.given([startRequested]).when(stop()).thenThrows('REMOTE_COMMAND_EXISTS', 'conflict');
    });
  });

  describe('IEC 63119-2 UC3-4: remote stop from the home EVSP', () => {
    it("relays a stop of its customer's running session to the session's CPO", () => {
      spec.when(stop()).then([stopRequested]);
    });

    it('refuses a stop of a session that no longer runs, and hides another EVSP’s session', () => {
      spec.when(stop({ active: false })).thenThrows('SESSION_NOT_ACTIVE', 'illegalState');
      spec.when(stop({}, 'FRXYZ')).thenThrows('SESSION_NOT_FOUND', 'notFound');
    });

    it('treats the same stop asked again as the same command', () => {
      spec.given([stopRequested]).when(stop()).thenNothing();
    });
  });

  describe("the CPO's answer: requested → accepted or rejected", () => {
    it('records the acceptance, repeating what the command was about for the EVSP', () => {
      spec
        .given([startRequested])
        .when(answer('ACCEPTED'))
        .then([{ type: 'RemoteCommandAccepted', data: { ...outcome, respondedAt: '2026-03-01T10:00:20.000Z' } }]);
    });

    it('records a rejection with its reason', () => {
      const state = spec
        .given([startRequested])
        .when(answer('REJECTED', 'DEABC', 'EVSE_OCCUPIED'))
        .then([
          {
            type: 'RemoteCommandRejected',
            data: { ...outcome, reason: 'EVSE_OCCUPIED', respondedAt: '2026-03-01T10:00:20.000Z' },
          },
        ]);
      expect(state).toMatchObject({ status: 'REJECTED', reason: 'EVSE_OCCUPIED' });
    });

    it('takes the same answer twice as one, refuses a contradicting one', () => {
      const accepted: RemoteCommandEvent = {
        type: 'RemoteCommandAccepted',
        data: { ...outcome, respondedAt: '2026-03-01T10:00:20.000Z' },
      };
      spec.given([startRequested, accepted]).when(answer('ACCEPTED')).thenNothing();
      spec.given([startRequested, accepted]).when(answer('REJECTED')).thenThrows('REMOTE_COMMAND_CLOSED');
    });

    it('refuses an answer after the command timed out: the EVSP was already told', () => {
      const timedOut: RemoteCommandEvent = {
        type: 'RemoteCommandTimedOut',
        data: { ...outcome, respondBy: RESPOND_BY, timedOutAt: RESPOND_BY },
      };
      spec
        .given([startRequested, timedOut])
        .when(answer('ACCEPTED'))
        .thenThrows('REMOTE_COMMAND_CLOSED', 'illegalState');
    });

    it('hides the command from an operator it is not addressed to', () => {
      spec.given([startRequested]).when(answer('ACCEPTED', 'NLEVB')).thenThrows('REMOTE_COMMAND_NOT_FOUND', 'notFound');
      spec.when(answer('ACCEPTED')).thenThrows('REMOTE_COMMAND_NOT_FOUND', 'notFound');
    });
  });

  describe('the process manager: requested → timed out, on the hub clock', () => {
    it('times out an unanswered command at its deadline, not before', () => {
      spec.given([startRequested]).when(expire('2026-03-01T10:00:59.999Z')).thenNothing();
      const state = spec
        .given([startRequested])
        .when(expire(RESPOND_BY))
        .then([{ type: 'RemoteCommandTimedOut', data: { ...outcome, respondBy: RESPOND_BY, timedOutAt: RESPOND_BY } }]);
      expect(state).toMatchObject({ status: 'TIMED_OUT', closedAt: RESPOND_BY });
    });

    it('leaves an answered, refused or unknown command alone when its deadline fires', () => {
      const accepted: RemoteCommandEvent = {
        type: 'RemoteCommandAccepted',
        data: { ...outcome, respondedAt: '2026-03-01T10:00:20.000Z' },
      };
      spec.given([startRequested, accepted]).when(expire('2026-03-01T11:00:00.000Z')).thenNothing();
      spec.when(expire('2026-03-01T11:00:00.000Z')).thenNothing();
    });
  });
});
