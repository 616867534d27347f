import type { Decider } from '@roaming/shared-kernel';
import type { PartyClaimCommand } from './party-claim.commands';
import { decidePartyClaim } from './party-claim.decide';
import type { PartyClaimEvent } from './party-claim.events';
import { evolvePartyClaim, initialPartyClaimState, type PartyClaimState } from './party-claim.state';

export const partyClaimDecider: Decider<PartyClaimState, PartyClaimCommand, PartyClaimEvent> = {
  initialState: initialPartyClaimState,
  decide: decidePartyClaim,
  evolve: evolvePartyClaim,
};
