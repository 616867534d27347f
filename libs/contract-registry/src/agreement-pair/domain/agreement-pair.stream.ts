import { streamName } from '@roaming/shared-kernel';

export const AGREEMENT_PAIR_CATEGORY = 'agreementPair';

/** `agreementPair-<CPO>+<EMSP>`, e.g. `agreementPair-DEABC+NLXYZ` (cardinal id: the CPO). */
export const agreementPairStream = (cpoPartyId: string, emspPartyId: string): string =>
  streamName(AGREEMENT_PAIR_CATEGORY, `${cpoPartyId}+${emspPartyId}`);
