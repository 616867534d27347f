import { DomainError } from '@roaming/shared-kernel';
import type { Role } from './principal';

/** Missing, unknown and revoked keys look the same to the caller: no oracle for key guessing. */
export function unauthenticated(): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    'unauthorized',
    'A valid API key is required (Authorization: Bearer <key> or X-API-Key: <key>).',
  );
}

export function partnerSuspended(partnerId: string): DomainError {
  return DomainError.forbidden('PARTNER_SUSPENDED', `Partner ${partnerId} is suspended.`, { partnerId });
}

export function roleRequired(required: readonly Role[]): DomainError {
  const names = required.map((role) => `'${role}'`).join(', ');
  return DomainError.forbidden(
    'ROLE_REQUIRED',
    required.length === 1
      ? `This operation requires the role ${names}.`
      : `This operation requires one of the roles ${names}.`,
    { requiredRoles: [...required] },
  );
}

export function outsidePartyScope(partyId: string): DomainError {
  return DomainError.forbidden('PARTY_SCOPE', `The caller does not act for party ${partyId}.`, { partyId });
}
