import { PartyId } from '@roaming/shared-kernel';

/**
 * A party id as principals carry it (`DEABC`): the shared kernel's PartyId does the parsing, so the rule and its
 * error code (`PARTY_ID_INVALID`) are the same at every door.
 */
export function normalizePartyId(raw: string, field = 'partyId'): string {
  return PartyId.parse(raw, field).value;
}
