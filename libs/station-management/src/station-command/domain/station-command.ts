import type { Command, DomainEvent } from '@roaming/shared-kernel';
import { DomainError } from '@roaming/shared-kernel';

/**
 * Remote commands relayed from an EVSP to the operator of an EVSE, with a tracked outcome and a timeout. The one
 * that crosses company borders here is the emergency cable unlock (IEC 63119-2 UC5-2 after the charging service was
 * activated, UC5-3 after its activation failed).
 */
export const STATION_COMMAND_CATEGORY = 'stationCommand';

export function stationCommandStream(commandId: string): string {
  if (!commandId) throw new Error('a station command stream needs an id');
  return `${STATION_COMMAND_CATEGORY}-${commandId}`;
}

export type UnlockContext = 'SESSION' | 'FAILED_ACTIVATION';
export const UNLOCK_CONTEXTS: readonly UnlockContext[] = ['SESSION', 'FAILED_ACTIVATION'];
export type CommandResult = 'UNLOCKED' | 'UNLOCK_FAILED' | 'REJECTED' | 'NOT_SUPPORTED';
export const COMMAND_RESULTS: readonly CommandResult[] = ['UNLOCKED', 'UNLOCK_FAILED', 'REJECTED', 'NOT_SUPPORTED'];

interface CommandRef {
  commandId: string;
  evseId: string;
  cpoPartyId: string;
  emspPartyId: string;
}

export interface UnlockRequestData extends CommandRef {
  kind: 'UNLOCK_CONNECTOR';
  connectorId: string;
  context: UnlockContext;
  /** The session (its authorization) the cable belongs to, when there was one (UC5-2). */
  authorizationId: string | null;
  requestedAt: string;
  respondBy: string;
}

export type UnlockRequested = DomainEvent<'UnlockRequested', UnlockRequestData>;
/** The hub refused to relay: no agreement in force between the EVSP and the EVSE operator. */
export type StationCommandRefused = DomainEvent<
  'StationCommandRefused',
  Omit<UnlockRequestData, 'respondBy'> & { reason: 'NO_ROAMING_AGREEMENT' }
>;
export type StationCommandCompleted = DomainEvent<
  'StationCommandCompleted',
  CommandRef & { result: CommandResult; reason: string | null; completedAt: string }
>;
export type StationCommandTimedOut = DomainEvent<'StationCommandTimedOut', CommandRef & { timedOutAt: string }>;

export type StationCommandEvent =
  UnlockRequested | StationCommandRefused | StationCommandCompleted | StationCommandTimedOut;

export interface UnlockFacts {
  evse: { status: 'PUBLISHED' | 'WITHDRAWN'; connectorIds: readonly string[] } | undefined;
  agreementInForce: boolean;
}

export type RequestUnlock = Command<'RequestUnlock', Omit<UnlockRequestData, 'kind'> & { facts: UnlockFacts }>;
export type RecordCommandResult = Command<
  'RecordCommandResult',
  { result: CommandResult; reason: string | null; at: string }
>;
/** Fired by the timer at the response deadline. */
export type TimeOutStationCommand = Command<'TimeOutStationCommand', { at: string }>;
export type StationCommandCommand = RequestUnlock | RecordCommandResult | TimeOutStationCommand;

export type StationCommandStatus = 'PENDING' | 'REFUSED' | 'COMPLETED' | 'TIMED_OUT';
export type StationCommandState =
  | { status: 'NONE' }
  | (Omit<UnlockRequestData, 'respondBy'> & {
      status: StationCommandStatus;
      respondBy: string | null;
      result: CommandResult | null;
      reason: string | null;
    });

export const stationCommandDecider = {
  initialState: (): StationCommandState => ({ status: 'NONE' }),

  decide(command: StationCommandCommand, state: StationCommandState): StationCommandEvent[] {
    switch (command.type) {
      case 'RequestUnlock':
        return requestUnlock(command, state);
      case 'RecordCommandResult': {
        if (state.status === 'NONE') throw DomainError.notFound('COMMAND_NOT_FOUND', 'no such command');
        const { result, reason, at } = command.data;
        if (state.status === 'COMPLETED' && state.result === result) return [];
        if (state.status !== 'PENDING') {
          throw DomainError.illegalState('COMMAND_CLOSED', `the command is already ${state.status}`, {
            status: state.status,
          });
        }
        return [{ type: 'StationCommandCompleted', data: { ...refOf(state), result, reason, completedAt: at } }];
      }
      case 'TimeOutStationCommand':
        if (state.status !== 'PENDING' || state.respondBy === null || command.data.at < state.respondBy) return [];
        return [{ type: 'StationCommandTimedOut', data: { ...refOf(state), timedOutAt: command.data.at } }];
    }
  },

  evolve(state: StationCommandState, event: StationCommandEvent): StationCommandState {
    switch (event.type) {
      case 'UnlockRequested':
        return { ...event.data, status: 'PENDING', result: null, reason: null };
      case 'StationCommandRefused':
        return { ...event.data, status: 'REFUSED', respondBy: null, result: null };
    }
    if (state.status === 'NONE') return state;
    switch (event.type) {
      case 'StationCommandCompleted':
        return { ...state, status: 'COMPLETED', result: event.data.result, reason: event.data.reason };
      case 'StationCommandTimedOut':
        return { ...state, status: 'TIMED_OUT' };
    }
  },
};

function requestUnlock(command: RequestUnlock, state: StationCommandState): StationCommandEvent[] {
  const { facts, respondBy, ...request } = command.data;
  if (state.status !== 'NONE') {
    const same = state.evseId === request.evseId && state.connectorId === request.connectorId;
    if (same) return [];
    throw DomainError.conflict('COMMAND_EXISTS', `command ${request.commandId} exists for another request`);
  }
  if (!facts.evse || facts.evse.status !== 'PUBLISHED') {
    throw DomainError.notFound('EVSE_UNKNOWN', `EVSE ${request.evseId} is not on any published site`, {
      field: 'evseId',
      rule: 'published-evse',
    });
  }
  if (!facts.evse.connectorIds.includes(request.connectorId)) {
    throw DomainError.notFound('CONNECTOR_UNKNOWN', `EVSE ${request.evseId} has no connector ${request.connectorId}`, {
      field: 'connectorId',
      rule: 'known-connector',
    });
  }
  if (!facts.agreementInForce) {
    return [
      { type: 'StationCommandRefused', data: { ...request, kind: 'UNLOCK_CONNECTOR', reason: 'NO_ROAMING_AGREEMENT' } },
    ];
  }
  return [{ type: 'UnlockRequested', data: { ...request, kind: 'UNLOCK_CONNECTOR', respondBy } }];
}

function refOf(state: Exclude<StationCommandState, { status: 'NONE' }>) {
  const { commandId, evseId, cpoPartyId, emspPartyId } = state;
  return { commandId, evseId, cpoPartyId, emspPartyId };
}
