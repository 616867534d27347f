import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';

export function sessionIdPipe(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      DomainError.validation('SESSION_ID_INVALID', 'sessionId must be a UUID', { field: 'sessionId', rule: 'uuid' }),
  });
}
