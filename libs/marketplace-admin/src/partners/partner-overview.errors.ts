import { DomainError } from '@roaming/shared-kernel';

export const partnerNotFound = (partnerId: string) =>
  DomainError.notFound('PARTNER_NOT_FOUND', `partner ${partnerId} is not known to the marketplace overview`);
