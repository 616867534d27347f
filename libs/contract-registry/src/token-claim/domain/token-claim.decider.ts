import type { Decider } from '@roaming/shared-kernel';
import type { TokenClaimCommand } from './token-claim.commands';
import { decideTokenClaim } from './token-claim.decide';
import type { TokenClaimEvent } from './token-claim.events';
import { evolveTokenClaim, initialTokenClaimState, type TokenClaimState } from './token-claim.state';

export const tokenClaimDecider: Decider<TokenClaimState, TokenClaimCommand, TokenClaimEvent> = {
  initialState: initialTokenClaimState,
  decide: decideTokenClaim,
  evolve: evolveTokenClaim,
};
