import type { PartyClaimEvent } from './party-claim.events';

export interface PartyClaimState {
  /** The partner holding the party id, or null while nobody does. */
  partnerId: string | null;
}

export const initialPartyClaimState = (): PartyClaimState => ({ partnerId: null });

export function evolvePartyClaim(state: PartyClaimState, event: PartyClaimEvent): PartyClaimState {
  switch (event.type) {
    case 'PartyIdClaimed':
      return { partnerId: event.data.partnerId };
  }
}
