import { cdrStreamId } from '../../cdr/domain/cdr.stream';

/**
 * A record's delivery stream, with the id of the record's own stream: `cdrDelivery-<uuid of cpo:cdrId>`. Opened when a
 * WEBHOOK record is queued; a record the intake routed to its EVSP's topic (CdrForwarded.deliveryChannel TOPIC) has
 * none until the EVSP acknowledges it (its CdrForwarded is its delivery: deliveredByTopic), so a replay of this
 * category alone does not list it.
 */
export const CDR_DELIVERY_CATEGORY = 'cdrDelivery';

export function cdrDeliveryStream(cpoPartyId: string, cdrId: string): string {
  return `${CDR_DELIVERY_CATEGORY}-${cdrStreamId(cpoPartyId, cdrId)}`;
}
