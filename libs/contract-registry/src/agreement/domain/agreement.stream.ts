import { streamName } from '@roaming/shared-kernel';

export const AGREEMENT_CATEGORY = 'agreement';

/** `agreement-<agreementId uuid>`. */
export const agreementStream = (agreementId: string): string => streamName(AGREEMENT_CATEGORY, agreementId);
