import type { Decider } from '@roaming/shared-kernel';
import type { DeadLetterCommand } from './dead-letter.commands';
import { decideDeadLetter } from './dead-letter.decide';
import type { DeadLetterEvent } from './dead-letter.events';
import { type DeadLetterState, evolveDeadLetter, initialDeadLetterState } from './dead-letter.state';

export const deadLetterDecider: Decider<DeadLetterState, DeadLetterCommand, DeadLetterEvent> = {
  initialState: initialDeadLetterState,
  decide: decideDeadLetter,
  evolve: evolveDeadLetter,
};
