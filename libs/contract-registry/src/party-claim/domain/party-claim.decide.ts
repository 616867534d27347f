import type { PartyClaimCommand } from './party-claim.commands';
import { PartyClaimErrors } from './party-claim.errors';
import type { PartyClaimEvent } from './party-claim.events';
import type { PartyClaimState } from './party-claim.state';

/**
 * One stream per party id makes "a party id belongs to one partner" a consistent rule: two registrations racing for
 * the same id append to the same stream, and the store's version check lets only one of them through.
 */
export function decidePartyClaim(command: PartyClaimCommand, state: PartyClaimState): PartyClaimEvent[] {
  switch (command.type) {
    case 'ClaimPartyId': {
      const { partyId, partnerId, at } = command.data;
      // The owner claiming again is a retried registration: nothing to do.
      if (state.partnerId === partnerId) return [];
      if (state.partnerId !== null) throw PartyClaimErrors.taken(partyId);
      return [{ type: 'PartyIdClaimed', data: { partyId, partnerId, claimedAt: at } }];
    }
  }
}
