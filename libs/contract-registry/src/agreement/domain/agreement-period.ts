import { parseInstant } from '../../shared/instant';
import { AgreementErrors } from './agreement.errors';

export interface AgreementPeriod {
  validFrom: string;
  /** null = open-ended. */
  validUntil: string | null;
}

/**
 * Checks an agreement period: ISO instants, the end after the start, and an end still ahead (an agreement that has
 * already run out when it is offered could never be used). Returns canonical instants.
 */
export function parseAgreementPeriod(
  input: { validFrom: string; validUntil?: string | null },
  now: string,
): AgreementPeriod {
  const validFrom = parseInstant(input.validFrom, 'validFrom', 'AGREEMENT_PERIOD_INVALID');
  const validUntil =
    input.validUntil === undefined || input.validUntil === null
      ? null
      : parseInstant(input.validUntil, 'validUntil', 'AGREEMENT_PERIOD_INVALID');
  if (validUntil !== null && validUntil <= validFrom) {
    throw AgreementErrors.periodInvalid('validUntil', 'after-validFrom', 'validUntil must be later than validFrom');
  }
  if (validUntil !== null && validUntil <= now) {
    throw AgreementErrors.periodInvalid('validUntil', 'in-future', 'validUntil must lie in the future');
  }
  return { validFrom, validUntil };
}

/** Half-open periods [from, until) overlap when each starts before the other ends. */
export function periodsOverlap(a: AgreementPeriod, b: AgreementPeriod): boolean {
  const aStartsBeforeBEnds = b.validUntil === null || a.validFrom < b.validUntil;
  const bStartsBeforeAEnds = a.validUntil === null || b.validFrom < a.validUntil;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}
