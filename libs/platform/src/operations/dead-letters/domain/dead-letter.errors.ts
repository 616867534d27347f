import { DomainError } from '@roaming/shared-kernel';

export const deadLetterNotFound = (letterId: string) =>
  DomainError.notFound('DEAD_LETTER_NOT_FOUND', `dead letter ${letterId} does not exist`);

export const deadLetterNotParked = (letterId: string, status: string) =>
  DomainError.illegalState(
    'DEAD_LETTER_NOT_PARKED',
    `dead letter ${letterId} is ${status}; only a parked message can be replayed or discarded`,
    { status },
  );
