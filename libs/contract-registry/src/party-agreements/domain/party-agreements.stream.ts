import { streamName } from '@roaming/shared-kernel';

export const PARTY_AGREEMENTS_CATEGORY = 'partyAgreements';

/** `partyAgreements-<normalised party id>`, e.g. `partyAgreements-DEABC`. */
export const partyAgreementsStream = (partyId: string): string => streamName(PARTY_AGREEMENTS_CATEGORY, partyId);
