import { streamName } from '@roaming/shared-kernel';

export const TARIFF_CATEGORY = 'tariff';

/** `tariff-<CPO>+<tariff id>`, e.g. `tariff-DEABC+AC-STANDARD` (cardinal id: the CPO). */
export const tariffStream = (cpoPartyId: string, tariffId: string): string =>
  streamName(TARIFF_CATEGORY, `${cpoPartyId}+${tariffId}`);
