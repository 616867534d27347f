import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@roaming/platform';
import { ReceiveCdrRequestDto } from './receive-cdr.request.dto';

export class InboundCdrInvalidError extends Error {
  constructor(readonly violations: string[]) {
    super(`the CDR is invalid: ${violations.join('; ')}`);
    this.name = 'InboundCdrInvalidError';
  }
}

/**
 * Checks a Kafka body against the same DTO and rules the REST door applies (unknown fields refused), so a CDR is
 * judged alike whichever door it came through. Throws InboundCdrInvalidError listing every broken rule.
 */
export async function validateInboundCdr(body: unknown): Promise<ReceiveCdrRequestDto> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InboundCdrInvalidError(['the body must be a JSON object']);
  }
  const dto = plainToInstance(ReceiveCdrRequestDto, body);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw new InboundCdrInvalidError(flattenValidationErrors(errors).map((e) => `${e.field}: ${e.message}`));
  }
  return dto;
}
