/**
 * `evseStatusFeed-<operatorPartyId>`: the status reports of one EVSE operator, a dedicated high-rate category. One
 * stream per operator (not per EVSE) so that a whole Kafka batch of an operator is ONE append, and one partition
 * (Kafka keys status messages by the CPO) carries it in order; the latest status per EVSE is a projection.
 */
export const EVSE_STATUS_FEED_CATEGORY = 'evseStatusFeed';

export function evseStatusFeedStream(operatorPartyId: string): string {
  if (!operatorPartyId) throw new Error('a status feed needs an operator');
  return `${EVSE_STATUS_FEED_CATEGORY}-${operatorPartyId}`;
}
