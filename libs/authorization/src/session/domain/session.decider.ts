import type { Decider } from '@roaming/shared-kernel';
import type { SessionCommand } from './session.commands';
import { decide } from './session.decide';
import type { SessionEvent } from './session.events';
import { evolveSession, initialSessionState, type SessionState } from './session.state';

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: initialSessionState,
  decide,
  evolve: evolveSession,
};
