import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { type FieldError, ProblemException } from './problem-details';

export const REQUEST_INVALID = 'REQUEST_INVALID';

/**
 * class-validator nests errors of nested objects and arrays; clients want one entry per broken rule with a dotted
 * path (`tokens.0.uid`) and the constraint name as the rule (`isString`, `whitelistValidation`, …).
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const property = error.property === undefined || error.property === '' ? '' : String(error.property);
    const field = [parentPath, property].filter((part) => part !== '').join('.') || '(root)';
    for (const [rule, message] of Object.entries(error.constraints ?? {})) flat.push({ field, rule, message });
    if (error.children && error.children.length > 0) {
      flat.push(...flattenValidationErrors(error.children, field === '(root)' ? '' : field));
    }
  }
  return flat;
}

export function requestInvalid(errors: FieldError[]): ProblemException {
  const fields = [...new Set(errors.map((error) => error.field))];
  return new ProblemException(400, REQUEST_INVALID, `The request has invalid fields: ${fields.join(', ')}`, {
    errors,
  });
}

/**
 * The global pipe: strips nothing silently (unknown fields are refused), converts payloads to the DTO classes,
 * and answers with REQUEST_INVALID problem details listing every broken rule.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Rejected values may be secrets (API keys, tokens): never echo them back.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => requestInvalid(flattenValidationErrors(errors)),
  });
}
