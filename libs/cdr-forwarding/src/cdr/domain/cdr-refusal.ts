import { CLEARING_HOUSE_NAMESPACE, type DomainEvent, uuidV5 } from '@roaming/shared-kernel';

/**
 * A CPO sent a record for an EVSE of another operator: refused (403) and kept for the audit trail on a stream of the
 * SUBMITTER (never on the EVSE operator's record streams, which another party must not be able to block).
 */
export const CDR_REFUSAL_CATEGORY = 'cdrRefusal';

export type CdrForeignEvseRefused = DomainEvent<
  'CdrForeignEvseRefused',
  { submitterPartyIds: string[]; cdrId: string; evseId: string; operatorPartyId: string; refusedAt: string }
>;

export function cdrRefusalStream(submitterPartyIds: readonly string[], cdrId: string): string {
  return `${CDR_REFUSAL_CATEGORY}-${uuidV5(`${[...submitterPartyIds].sort().join(',')}:${cdrId}`, CLEARING_HOUSE_NAMESPACE)}`;
}
