import { ConfigValidationError, type ConfigViolation, type Environment } from '@roaming/platform';
import { Decimal } from '@roaming/shared-kernel';

/**
 * Settings of CDR intake, read from the environment at boot (the only place that reads them):
 * - `CDR_UNKNOWN_EVSE` = `reject` (default: a record for an EVSE station-management never published is refused with
 *   CDR_UNKNOWN_EVSE) or `accept` (such a record is judged without the EVSE's facts: the 1 MW power bound, UTC; for
 *   worlds without station data, such as the load harness's generated EVSEs);
 * - `CDR_PRICE_TOLERANCE_ABSOLUTE` (default 0.01 currency unit) and `CDR_PRICE_TOLERANCE_PERCENT` (default 0.5):
 *   a CPO total within max(absolute, percent of the hub price) of the hub's price is MATCHED.
 */
export class CdrIntakeSettings {
  constructor(
    readonly unknownEvse: 'reject' | 'accept' = 'reject',
    readonly toleranceAbsolute = '0.01',
    readonly tolerancePercent = '0.5',
  ) {}
}

export function loadCdrIntakeSettings(env: Environment = process.env): CdrIntakeSettings {
  const violations: ConfigViolation[] = [];
  const unknownEvse = env.CDR_UNKNOWN_EVSE?.trim() || 'reject';
  if (unknownEvse !== 'reject' && unknownEvse !== 'accept') {
    violations.push({ variable: 'CDR_UNKNOWN_EVSE', rule: 'one-of', message: 'must be reject or accept' });
  }
  const decimal = (variable: string, fallback: string): string => {
    const raw = env[variable]?.trim();
    if (!raw) return fallback;
    const value = Decimal.tryParse(raw);
    if (value && !value.isNegative()) return value.toString();
    violations.push({ variable, rule: 'non-negative-decimal', message: 'must be a decimal number ≥ 0' });
    return fallback;
  };
  const absolute = decimal('CDR_PRICE_TOLERANCE_ABSOLUTE', '0.01');
  const percent = decimal('CDR_PRICE_TOLERANCE_PERCENT', '0.5');
  if (violations.length > 0) throw new ConfigValidationError('cdr-forwarding', violations);
  return new CdrIntakeSettings(unknownEvse as 'reject' | 'accept', absolute, percent);
}
