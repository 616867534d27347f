import { streamName } from '@roaming/shared-kernel';

export const EV_CONTRACT_CATEGORY = 'evContract';

/** `evContract-<normalised EMAID>`, e.g. `evContract-DE8AACA2B3C4D5L`. */
export const evContractStream = (emaid: string): string => streamName(EV_CONTRACT_CATEGORY, emaid);
