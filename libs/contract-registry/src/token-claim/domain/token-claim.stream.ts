import { streamName } from '@roaming/shared-kernel';

export const TOKEN_CLAIM_CATEGORY = 'tokenClaim';

/** `tokenClaim-<EMSP>+<UID>`, e.g. `tokenClaim-DE8AA+04A2B3C4` (cardinal id: the EVSP). */
export const tokenClaimStream = (emspPartyId: string, uid: string): string =>
  streamName(TOKEN_CLAIM_CATEGORY, `${emspPartyId}+${uid}`);
