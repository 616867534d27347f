import { DomainError } from '@roaming/shared-kernel';

export const AuthorizationErrors = {
  /** The id is taken by a different request (e.g. an Idempotency-Key reused for another token or EVSE). */
  exists: (authorizationId: string): DomainError =>
    DomainError.conflict(
      'AUTHORIZATION_EXISTS',
      `authorization ${authorizationId} was already decided for a different request`,
      { authorizationId },
    ),
};
