import type { Command } from '@roaming/shared-kernel';

/** `partyId` is normalised ('DEABC'). */
export type ClaimPartyId = Command<'ClaimPartyId', { partyId: string; partnerId: string; at: string }>;

export type PartyClaimCommand = ClaimPartyId;
