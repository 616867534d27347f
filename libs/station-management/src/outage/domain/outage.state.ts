import type { OutageEvent } from './outage.events';
import type { OutageTerms } from './outage.model';

export type OutageState =
  | { status: 'none' }
  | { status: 'open'; terms: OutageTerms }
  | { status: 'ended'; terms: OutageTerms; endedAt: string }
  | { status: 'cancelled'; terms: OutageTerms };

export function initialOutageState(): OutageState {
  return { status: 'none' };
}

export function evolveOutage(state: OutageState, event: OutageEvent): OutageState {
  switch (event.type) {
    case 'OutageNoticeIssued':
    case 'OutageNoticeRevised': {
      const { kind, scope, startsAt, endsAt, description } = event.data;
      return { status: 'open', terms: { kind, scope, startsAt, endsAt, description } };
    }
    case 'OutageEnded':
      return state.status === 'none' ? state : { status: 'ended', terms: state.terms, endedAt: event.data.endedAt };
    case 'OutageNoticeCancelled':
      return state.status === 'none' ? state : { status: 'cancelled', terms: state.terms };
  }
}
