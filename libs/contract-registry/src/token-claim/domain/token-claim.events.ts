import type { DomainEvent } from '@roaming/shared-kernel';

/** Within one EVSP a token uid names exactly one contract, so an authorization by uid finds one EMAID. */
export type TokenUidClaimed = DomainEvent<
  'TokenUidClaimed',
  { emspPartyId: string; uid: string; emaid: string; claimedAt: string }
>;

export type TokenClaimEvent = TokenUidClaimed;
