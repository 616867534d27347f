import { deciderSpec } from '@roaming/testing';
import type { Decider } from '@roaming/shared-kernel';
import {
  type RequestUnlock,
  type StationCommandCommand,
  stationCommandDecider,
  type StationCommandEvent,
  type StationCommandState,
} from './station-command';

const decider: Decider<StationCommandState, StationCommandCommand, StationCommandEvent> = stationCommandDecider;
const spec = deciderSpec(decider);
const ref = { commandId: 'c-1', evseId: 'DE*ABC*E1', cpoPartyId: 'DEABC', emspPartyId: 'DE8AA' };
const request = (overrides: Partial<RequestUnlock['data']> = {}): RequestUnlock => ({
  type: 'RequestUnlock',
  data: {
    ...ref,
    connectorId: '1',
    context: 'FAILED_ACTIVATION',
    authorizationId: null,
    requestedAt: '2026-03-01T10:00:00.000Z',
    respondBy: '2026-03-01T10:01:00.000Z',
    facts: { evse: { status: 'PUBLISHED', connectorIds: ['1'] }, agreementInForce: true },
    ...overrides,
  },
});
const requested: StationCommandEvent = {
  type: 'UnlockRequested',
  data: {
    ...ref,
    kind: 'UNLOCK_CONNECTOR',
    connectorId: '1',
    context: 'FAILED_ACTIVATION',
    authorizationId: null,
    requestedAt: '2026-03-01T10:00:00.000Z',
    respondBy: '2026-03-01T10:01:00.000Z',
  },
};

describe('station command decider: emergency cable unlock (IEC 63119-2 UC5-2, UC5-3)', () => {
  it('UC5-3: relays an unlock after a failed activation', () => {
    spec.when(request()).then([requested]);
  });

  it('refuses without an agreement in force, recording it (NO_ROAMING_AGREEMENT)', () => {
    const [event] = decider.decide(
      request({ facts: { evse: { status: 'PUBLISHED', connectorIds: ['1'] }, agreementInForce: false } }),
      decider.initialState(),
    );
    expect(event).toMatchObject({ type: 'StationCommandRefused', data: { reason: 'NO_ROAMING_AGREEMENT' } });
  });

  it('refuses an unknown EVSE or connector, recording nothing', () => {
    spec.when(request({ facts: { evse: undefined, agreementInForce: true } })).thenThrows('EVSE_UNKNOWN', 'notFound');
    spec.when(request({ connectorId: '9' })).thenThrows('CONNECTOR_UNKNOWN', 'notFound');
  });

  it('records the outcome once; a different late outcome is refused', () => {
    const result = {
      type: 'RecordCommandResult' as const,
      data: { result: 'UNLOCKED' as const, reason: null, at: '2026-03-01T10:00:10.000Z' },
    };
    const completed: StationCommandEvent = {
      type: 'StationCommandCompleted',
      data: { ...ref, result: 'UNLOCKED', reason: null, completedAt: '2026-03-01T10:00:10.000Z' },
    };
    spec.given([requested]).when(result).then([completed]);
    spec.given([requested, completed]).when(result).thenNothing();
    spec
      .given([requested, completed])
      .when({ ...result, data: { ...result.data, result: 'UNLOCK_FAILED' } })
      .thenThrows('COMMAND_CLOSED');
  });

  it('times out at the deadline, not before, and refuses a result after it', () => {
    spec
      .given([requested])
      .when({ type: 'TimeOutStationCommand', data: { at: '2026-03-01T10:00:59.000Z' } })
      .thenNothing();
    const timedOut: StationCommandEvent = {
      type: 'StationCommandTimedOut',
      data: { ...ref, timedOutAt: '2026-03-01T10:01:00.000Z' },
    };
    spec
      .given([requested])
      .when({ type: 'TimeOutStationCommand', data: { at: '2026-03-01T10:01:00.000Z' } })
      .then([timedOut]);
    spec
      .given([requested, timedOut])
      .when({ type: 'RecordCommandResult', data: { result: 'UNLOCKED', reason: null, at: '2026-03-01T10:02:00.000Z' } })
      .thenThrows('COMMAND_CLOSED', 'illegalState');
  });

  it('answers a retry of the same request with nothing new', () => {
    spec.given([requested]).when(request()).thenNothing();
    spec
      .given([requested])
      .when(request({ evseId: 'DE*ABC*E2' }))
      .thenThrows('COMMAND_EXISTS', 'conflict');
  });
});
