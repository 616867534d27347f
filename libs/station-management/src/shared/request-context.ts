import type { EventMetadata } from '@roaming/event-store';
import { currentCorrelationId, type Principal } from '@roaming/platform';
import { CLEARING_HOUSE_NAMESPACE, DomainError, EvseId, type IdGenerator, uuidV5 } from '@roaming/shared-kernel';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** Checks an Idempotency-Key header: it ends up in stream and message ids, so short and printable. */
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

/** A new aggregate's id: random, or derived from (caller, Idempotency-Key) so that a retry finds its first attempt. */
export function newAggregateId(
  purpose: string,
  principal: Principal,
  idempotencyKey: string | undefined,
  ids: IdGenerator,
) {
  if (!idempotencyKey) return ids.uuid();
  return uuidV5(`${purpose}:${principal.partnerId}:${idempotencyKey}`, CLEARING_HOUSE_NAMESPACE);
}

/** Metadata of the events one request appends (ARCHITECTURE.md §4). */
export function requestMetadata(principal: Principal, channel: 'rest' | 'kafka' = 'rest'): EventMetadata {
  const correlationId = currentCorrelationId();
  return { correlationId, causationId: correlationId, actor: principal.partnerId, keyId: principal.keyId, channel };
}

/** Parses an EVSE id and checks that the caller acts for its operator (a CPO reports only for its own EVSEs). */
export function ownEvse(raw: string, partyIds: readonly string[], field = 'evseId'): EvseId {
  const evseId = EvseId.parse(raw, field);
  if (!partyIds.includes(evseId.operatorId.value)) throw evseNotOwned(evseId.value, evseId.operatorId.value, field);
  return evseId;
}

export function evseNotOwned(evseId: string, operatorId: string, field = 'evseId'): DomainError {
  return DomainError.forbidden(
    'EVSE_NOT_OWNED',
    `EVSE ${evseId} belongs to operator ${operatorId}, for which the caller does not act.`,
    { field, rule: 'own-evse', evseId, operatorId },
  );
}
