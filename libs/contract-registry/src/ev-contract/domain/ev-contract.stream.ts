import { streamName } from '@roaming/shared-kernel';

export const EV_CONTRACT_CATEGORY = 'evContract';
export const CONTRACT_BATCH_CATEGORY = 'contractBatch';

/** `evContract-<normalised EMAID>`, e.g. `evContract-DE8AACA2B3C4D5L`: the changes made to one contract alone. */
export const evContractStream = (emaid: string): string => streamName(EV_CONTRACT_CATEGORY, emaid);

/** `contractBatch-<EMSP>+<batch id>`: one batch of an EVSP's contracts (cardinal id: the EVSP). */
export const contractBatchStream = (emspPartyId: string, batchId: string): string =>
  streamName(CONTRACT_BATCH_CATEGORY, `${emspPartyId}+${batchId}`);
