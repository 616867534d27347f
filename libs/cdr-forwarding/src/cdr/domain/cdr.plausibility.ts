import type { CdrRecord } from './cdr-record';
import type { CdrRejectionCode } from './cdr.errors';

/**
 * No EV charger delivers more than this (today's megawatt chargers stop at about 1 MW); a CDR claiming more energy
 * than 1 MW could deliver over its duration is "wrong but consistent data" (GeM UC 1511 failure b).
 */
export const MAX_PLAUSIBLE_POWER_W = 1_000_000;
const MS_PER_HOUR = 3_600_000;

export interface CdrRefusal {
  readonly code: CdrRejectionCode;
  readonly reason: string;
}

/**
 * The plausibility rules a clearing house applies before routing (GeM 984 "validates the CDR"; OCHP's plausibility
 * check). Pure: depends on the record only, so a re-sent identical CDR always gets the same verdict.
 */
export function checkPlausibility(cdr: CdrRecord): CdrRefusal | undefined {
  const durationMs = Date.parse(cdr.endedAt) - Date.parse(cdr.startedAt);
  if (durationMs < 0) {
    return {
      code: 'CDR_END_BEFORE_START',
      reason: `the session ends (${cdr.endedAt}) before it starts (${cdr.startedAt})`,
    };
  }
  // energy ≤ power × time, compared in integers: Wh × 3 600 000 ms/h against W × ms.
  if (BigInt(cdr.energyWh) * BigInt(MS_PER_HOUR) > BigInt(MAX_PLAUSIBLE_POWER_W) * BigInt(durationMs)) {
    return {
      code: 'CDR_IMPLAUSIBLE_ENERGY',
      reason:
        `${cdr.energyWh} Wh in ${Math.round(durationMs / 1000)} s is more than ` +
        `${MAX_PLAUSIBLE_POWER_W / 1000} kW could deliver`,
    };
  }
  if (cdr.totalCost.amount.startsWith('-')) {
    return {
      code: 'CDR_NEGATIVE_COST',
      reason: `the total cost ${cdr.totalCost.amount} ${cdr.totalCost.currency} is negative; corrections are credit records, not negative CDRs`,
    };
  }
  return undefined;
}
