import type { Decider } from '@roaming/shared-kernel';
import type { CdrCommand } from './cdr.commands';
import { decideCdr } from './cdr.decide';
import type { CdrEvent } from './cdr.events';
import { type CdrState, evolveCdr, initialCdrState } from './cdr.state';

export const cdrDecider: Decider<CdrState, CdrCommand, CdrEvent> = {
  initialState: initialCdrState,
  decide: decideCdr,
  evolve: evolveCdr,
};
