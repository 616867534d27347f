import type { ChargingStatus, SessionEvent, SessionStarted, SessionStartRefused } from './session.events';

export type SessionState =
  | { status: 'NONE' }
  | ({ status: 'REFUSED' } & SessionStartRefused['data'])
  | ({
      status: 'ACTIVE' | 'ENDED';
      energyWh: number;
      chargingStatus: ChargingStatus | null;
      lastMeasuredAt: string | null;
      endedAt: string | null;
      endReason: string | null;
      overdueFlaggedAt: string | null;
      cdrIds: string[];
    } & SessionStarted['data']);

export function initialSessionState(): SessionState {
  return { status: 'NONE' };
}

export function evolveSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted':
      return {
        status: 'ACTIVE',
        ...event.data,
        energyWh: 0,
        chargingStatus: null,
        lastMeasuredAt: null,
        endedAt: null,
        endReason: null,
        overdueFlaggedAt: null,
        cdrIds: [],
      };
    case 'SessionStartRefused':
      return { status: 'REFUSED', ...event.data };
    case 'SessionProgressed':
      if (state.status !== 'ACTIVE') return state;
      return {
        ...state,
        energyWh: event.data.energyWh,
        chargingStatus: event.data.status,
        lastMeasuredAt: event.data.measuredAt,
      };
    case 'SessionEnded':
      if (state.status !== 'ACTIVE') return state;
      return {
        ...state,
        status: 'ENDED',
        energyWh: event.data.energyWh,
        endedAt: event.data.endedAt,
        endReason: event.data.reason,
      };
    case 'SessionFlaggedOverdue':
      return state.status === 'ACTIVE' ? { ...state, overdueFlaggedAt: event.data.flaggedAt } : state;
    case 'SessionCdrLinked':
      return state.status === 'ACTIVE' || state.status === 'ENDED'
        ? { ...state, cdrIds: [...state.cdrIds, event.data.cdrId] }
        : state;
  }
}
