import { DomainError } from '@roaming/shared-kernel';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** 1 to 255 visible ASCII characters, or absent. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw DomainError.validation(
      'IDEMPOTENCY_KEY_INVALID',
      `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters`,
      { field: IDEMPOTENCY_KEY_HEADER, rule: 'format' },
    );
  }
  return key;
}
