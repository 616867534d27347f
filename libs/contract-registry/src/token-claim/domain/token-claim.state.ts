import type { TokenClaimEvent } from './token-claim.events';

export interface TokenClaimState {
  /** The contract holding the uid, or null while none does. */
  emaid: string | null;
}

export const initialTokenClaimState = (): TokenClaimState => ({ emaid: null });

export function evolveTokenClaim(state: TokenClaimState, event: TokenClaimEvent): TokenClaimState {
  switch (event.type) {
    case 'TokenUidClaimed':
      return { emaid: event.data.emaid };
  }
}
