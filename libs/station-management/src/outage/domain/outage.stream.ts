/** `outage-<cpoPartyId>+<noticeId>`: one stream per notice, the operator's own notice id as natural key. */
export const OUTAGE_CATEGORY = 'outage';

export function outageStream(cpoPartyId: string, noticeId: string): string {
  if (!cpoPartyId || !noticeId) throw new Error('an outage stream needs an operator and a notice id');
  return `${OUTAGE_CATEGORY}-${cpoPartyId}+${noticeId}`;
}
