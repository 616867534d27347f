import { streamName } from '@roaming/shared-kernel';

export const PARTY_CLAIM_CATEGORY = 'partyClaim';

/** `partyClaim-<normalised party id>`, e.g. `partyClaim-DEABC`. */
export const partyClaimStream = (partyId: string): string => streamName(PARTY_CLAIM_CATEGORY, partyId);
