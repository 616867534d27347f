import type { EventMetadata } from '@roaming/event-store';
import { currentCorrelationId, type Principal } from '@roaming/platform';
import { CLEARING_HOUSE_NAMESPACE, DomainError, type IdGenerator, uuidV5 } from '@roaming/shared-kernel';

/** What a handler needs to know about the request besides its body. */
export interface RequestContext {
  principal: Principal;
  /** The Idempotency-Key header, already checked. */
  idempotencyKey?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Checks an Idempotency-Key header: short and printable, because it ends up in stream ids and message ids. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(value.trim())) {
    throw DomainError.validation('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 128 printable characters', {
      field: 'Idempotency-Key',
      rule: 'format',
    });
  }
  return value.trim();
}

/**
 * The id of a new aggregate: random, or — when the caller sent an Idempotency-Key — derived from the key and the
 * caller, so that a retried request addresses the same stream and finds its first attempt there.
 */
export function newAggregateId(purpose: string, context: RequestContext, ids: IdGenerator): string {
  if (!context.idempotencyKey) return ids.uuid();
  return uuidV5(`${purpose}:${context.principal.partnerId}:${context.idempotencyKey}`, CLEARING_HOUSE_NAMESPACE);
}

/**
 * Metadata stamped on every event a request appends (ARCHITECTURE.md §4): the correlation id of the request,
 * the actor (the party acted for, or the partner for operator actions) and the key that authenticated the call.
 */
export function eventMetadata(context: RequestContext, actor: string): EventMetadata {
  const correlationId = currentCorrelationId();
  return {
    correlationId,
    causationId: correlationId,
    actor,
    partnerId: context.principal.partnerId,
    keyId: context.principal.keyId,
  };
}
