import { outsidePartyScope } from './auth.errors';
import { PartyId } from '@roaming/shared-kernel';
import type { Principal } from './principal';

/**
 * A party sees and changes only its own data: throws PARTY_SCOPE (403) unless the principal holds `partyId`
 * (compared in normalized form, so `DE*ABC` matches `DEABC`). Returns the normalized id.
 */
export function assertActsFor(principal: Principal, partyId: string): string {
  // A malformed id can't be one the principal holds: refuse it as out of scope rather than parse-fail here.
  const canonical = PartyId.isValid(partyId) ? PartyId.parse(partyId).value : partyId;
  if (!principal.partyIds.includes(canonical)) throw outsidePartyScope(canonical);
  return canonical;
}
