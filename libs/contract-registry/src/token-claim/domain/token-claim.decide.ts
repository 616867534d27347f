import type { TokenClaimCommand } from './token-claim.commands';
import { TokenClaimErrors } from './token-claim.errors';
import type { TokenClaimEvent } from './token-claim.events';
import type { TokenClaimState } from './token-claim.state';

/**
 * One stream per (EVSP, uid) makes the uid unique within the EVSP consistently: two contracts racing for one card
 * append to the same stream and only one gets through.
 */
export function decideTokenClaim(command: TokenClaimCommand, state: TokenClaimState): TokenClaimEvent[] {
  switch (command.type) {
    case 'ClaimTokenUid': {
      const { emspPartyId, uid, emaid, at } = command.data;
      if (state.emaid === emaid) return [];
      if (state.emaid !== null) throw TokenClaimErrors.taken();
      return [{ type: 'TokenUidClaimed', data: { emspPartyId, uid, emaid, claimedAt: at } }];
    }
  }
}
