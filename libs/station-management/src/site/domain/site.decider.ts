import type { Decider } from '@roaming/shared-kernel';
import type { SiteCommand } from './site.commands';
import { decide } from './site.decide';
import type { SiteEvent } from './site.events';
import { evolveSite, initialSiteState, type SiteState } from './site.state';

export const siteDecider: Decider<SiteState, SiteCommand, SiteEvent> = {
  initialState: initialSiteState,
  decide,
  evolve: evolveSite,
};
