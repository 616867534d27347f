import { cdrStreamId } from '../../cdr/domain/cdr.stream';

/** One delivery stream per record, with the id of the record's own stream: `cdrDelivery-<uuid of cpo:cdrId>`. */
export const CDR_DELIVERY_CATEGORY = 'cdrDelivery';

export function cdrDeliveryStream(cpoPartyId: string, cdrId: string): string {
  return `${CDR_DELIVERY_CATEGORY}-${cdrStreamId(cpoPartyId, cdrId)}`;
}
