/**
 * How far a partner message's signing time (x-signed-at, covered by its signature) may be from the time the broker
 * appended it to the door's log. Without a bound, a copy of a message the door refused for a passing reason (partner
 * suspended, EVSE not known yet: the refusal frees its message id again) could be produced again by anyone holding
 * it and be applied long after, e.g. an old EVSE status recorded as new. The append time, not the hub's clock when it
 * consumes, is what counts: a backlog the hub consumes late after an outage is not refused.
 */
export interface PartnerMessageFreshnessRule {
  /** The oldest a signing time may be when the message is appended (default 5 minutes). */
  readonly maxAgeMs: number;
  /** How far the partner's clock may run ahead of the broker's (default 30 seconds). */
  readonly clockSkewMs: number;
}

export const DEFAULT_PARTNER_MESSAGE_FRESHNESS: PartnerMessageFreshnessRule = Object.freeze({
  maxAgeMs: 5 * 60_000,
  clockSkewMs: 30_000,
});

export type PartnerMessageFreshness = 'fresh' | 'too-old' | 'ahead';

/** Where a signing time stands against the append time under the rule. */
export function partnerMessageFreshness(
  signedAt: Date,
  appendedAt: Date,
  rule: PartnerMessageFreshnessRule,
): PartnerMessageFreshness {
  const age = appendedAt.getTime() - signedAt.getTime();
  if (age > rule.maxAgeMs) return 'too-old';
  if (-age > rule.clockSkewMs) return 'ahead';
  return 'fresh';
}
