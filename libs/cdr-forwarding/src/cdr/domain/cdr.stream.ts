import { CLEARING_HOUSE_NAMESPACE, uuidV5 } from '@roaming/shared-kernel';

/**
 * Stream naming of the CDR aggregate: `cdr-<uuid v5 of "<cpoPartyId>:<cdrId>">`. The id is derived from the natural
 * key (the CPO's own CDR id is unique per CPO, as in OCPI and OCHP), so the same CDR sent twice, over REST or Kafka,
 * lands on the same stream and the clearing house keeps one final record per session. Built here without the event
 * store's helper so that domain/ depends on the shared kernel only; the category satisfies that helper's grammar.
 */
export const CDR_CATEGORY = 'cdr';

export function cdrStreamId(cpoPartyId: string, cdrId: string): string {
  if (cpoPartyId.length === 0 || cdrId.length === 0) throw new Error('cpoPartyId and cdrId must not be empty');
  return uuidV5(`${cpoPartyId}:${cdrId}`, CLEARING_HOUSE_NAMESPACE);
}

export function cdrStream(cpoPartyId: string, cdrId: string): string {
  return `${CDR_CATEGORY}-${cdrStreamId(cpoPartyId, cdrId)}`;
}
