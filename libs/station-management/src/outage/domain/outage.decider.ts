import type { Decider } from '@roaming/shared-kernel';
import type { OutageCommand } from './outage.commands';
import { decide } from './outage.decide';
import type { OutageEvent } from './outage.events';
import { evolveOutage, initialOutageState, type OutageState } from './outage.state';

export const outageDecider: Decider<OutageState, OutageCommand, OutageEvent> = {
  initialState: initialOutageState,
  decide,
  evolve: evolveOutage,
};
