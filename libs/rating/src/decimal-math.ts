import { Decimal, RoundingMode } from '@roaming/shared-kernel';

/**
 * value × numerator ÷ denominator, brought to `scale` fraction digits with `mode`. The shared Decimal multiplies and
 * adds exactly but has no division: rating needs it only to share energy and money out over time, so it divides here,
 * once, at a precision well below a cent.
 */
export function ratio(
  value: Decimal,
  numerator: bigint,
  denominator: bigint,
  scale: number,
  mode: RoundingMode = RoundingMode.HALF_UP,
): Decimal {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  // value = units / 10^s, so the result in units of 10^-scale is units × num × 10^scale / (den × 10^s).
  const top = value.units * numerator * 10n ** BigInt(scale);
  const bottom = denominator * 10n ** BigInt(value.scale);
  const quotient = top / bottom; // truncates towards zero
  const remainder = top % bottom;
  if (remainder === 0n) return Decimal.fromUnits(quotient, scale);
  const away = quotient + (top < 0n ? -1n : 1n);
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  switch (mode) {
    case RoundingMode.DOWN:
      return Decimal.fromUnits(quotient, scale);
    case RoundingMode.UP:
      return Decimal.fromUnits(away, scale);
    case RoundingMode.HALF_UP:
      return Decimal.fromUnits(twice >= bottom ? away : quotient, scale);
    case RoundingMode.HALF_EVEN: {
      const roundAway = twice > bottom || (twice === bottom && quotient % 2n !== 0n);
      return Decimal.fromUnits(roundAway ? away : quotient, scale);
    }
  }
}

/** a ÷ b as a whole number, rounded half up (both positive). */
export function divideToInteger(a: Decimal, b: Decimal): bigint {
  const scale = Math.max(a.scale, b.scale);
  const top = a.round(scale, RoundingMode.HALF_UP).units;
  const bottom = b.round(scale, RoundingMode.HALF_UP).units;
  if (bottom <= 0n) throw new RangeError('divisor must be positive');
  return (2n * top + bottom) / (2n * bottom);
}

/** The smallest multiple of `step` that is ≥ value (value ≥ 0). */
export function ceilToMultiple(value: bigint, step: bigint): bigint {
  if (value <= 0n) return 0n;
  return ((value + step - 1n) / step) * step;
}
