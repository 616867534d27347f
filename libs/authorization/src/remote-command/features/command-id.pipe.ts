import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@roaming/shared-kernel';

/** A command id in a path: a UUID, else 400 naming the rule. */
export function commandIdPipe(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      DomainError.validation('COMMAND_ID_INVALID', 'commandId must be a UUID', { field: 'commandId', rule: 'uuid' }),
  });
}
