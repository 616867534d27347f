import type { EventMetadata } from '@roaming/event-store';
import { currentCorrelationId, type Principal } from '@roaming/platform';
import { CLEARING_HOUSE_NAMESPACE, DomainError, type IdGenerator, uuidV5 } from '@roaming/shared-kernel';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(value.trim())) {
    throw DomainError.validation(
      'IDEMPOTENCY_KEY_INVALID',
      'Idempotency-Key must be 1 to 128 visible ASCII characters',
      {
        field: IDEMPOTENCY_KEY_HEADER,
        rule: 'format',
      },
    );
  }
  return value.trim();
}

/** Random, or derived from (caller, Idempotency-Key) so that a retried request finds its first attempt. */
export function newAggregateId(
  purpose: string,
  principal: Principal,
  idempotencyKey: string | undefined,
  ids: IdGenerator,
) {
  return idempotencyKey
    ? uuidV5(`${purpose}:${principal.partnerId}:${idempotencyKey}`, CLEARING_HOUSE_NAMESPACE)
    : ids.uuid();
}

export function requestMetadata(principal: Principal): EventMetadata {
  const correlationId = currentCorrelationId();
  return {
    correlationId,
    causationId: correlationId,
    actor: principal.partnerId,
    keyId: principal.keyId,
    channel: 'rest',
  };
}
