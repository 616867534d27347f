import type { DeadLetterEvent, DeadLetterFacts } from './dead-letter.events';

export type DeadLetterStatus = 'parked' | 'replayed' | 'discarded';

export type DeadLetterState =
  { status: 'none' } | { status: DeadLetterStatus; letter: DeadLetterFacts; parkCount: number };

export const initialDeadLetterState = (): DeadLetterState => ({ status: 'none' });

export function evolveDeadLetter(state: DeadLetterState, event: DeadLetterEvent): DeadLetterState {
  switch (event.type) {
    case 'DeadLetterParked': {
      const { parkCount, parkedAt: _parkedAt, ...letter } = event.data;
      return { status: 'parked', letter, parkCount };
    }
    case 'DeadLetterReplayed':
    case 'DeadLetterDiscarded':
      // A resolution of an earlier parking does not resolve the message parked again since.
      if (state.status === 'none' || event.data.parkCount !== state.parkCount) return state;
      return { ...state, status: event.type === 'DeadLetterReplayed' ? 'replayed' : 'discarded' };
  }
}
