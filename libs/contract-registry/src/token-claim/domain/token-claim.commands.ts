import type { Command } from '@roaming/shared-kernel';

/** `uid` normalised as the contract stores it; `emaid` normalised. */
export type ClaimTokenUid = Command<'ClaimTokenUid', { emspPartyId: string; uid: string; emaid: string; at: string }>;

export type TokenClaimCommand = ClaimTokenUid;
