import { cdrStreamId } from '../../cdr/domain/cdr.stream';

/** One reconciliation stream per record: `cdrReconciliation-<uuid of cpo:cdrId>`. */
export const CDR_RECONCILIATION_CATEGORY = 'cdrReconciliation';

export function cdrReconciliationStream(cpoPartyId: string, cdrId: string): string {
  return `${CDR_RECONCILIATION_CATEGORY}-${cdrStreamId(cpoPartyId, cdrId)}`;
}
