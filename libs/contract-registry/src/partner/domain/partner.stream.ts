import { streamName } from '@roaming/shared-kernel';

export const PARTNER_CATEGORY = 'partner';

/** `partner-<partnerId uuid>`. */
export const partnerStream = (partnerId: string): string => streamName(PARTNER_CATEGORY, partnerId);
