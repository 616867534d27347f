import type { SiteEvent } from './site.events';
import type { EvseRecord, SiteDetails } from './site.model';

export type SiteState =
  | { status: 'new' }
  | {
      status: 'published' | 'withdrawn';
      cpoPartyId: string;
      siteId: string;
      details: SiteDetails;
      evses: EvseRecord[];
    };

export function initialSiteState(): SiteState {
  return { status: 'new' };
}

export function evolveSite(state: SiteState, event: SiteEvent): SiteState {
  switch (event.type) {
    case 'SitePublished': {
      const { cpoPartyId, siteId, details, evses } = event.data;
      return { status: 'published', cpoPartyId, siteId, details, evses };
    }
    case 'SiteWithdrawn':
      return state.status === 'new' ? state : { ...state, status: 'withdrawn' };
  }
}
