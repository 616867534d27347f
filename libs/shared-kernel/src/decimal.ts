import { DomainError } from './domain-error';

/**
 * How a value is brought to fewer fraction digits. Rounding is always named by the caller: a price computed by the
 * clearing house must come out to the cent the tariff and the operator's own invoice say, not to whatever a default did.
 */
export const RoundingMode = {
  /** Ties go away from zero (commercial rounding: 0.125 → 0.13, -0.125 → -0.13). */
  HALF_UP: 'HALF_UP',
  /** Ties go to the even neighbour (banker's rounding: 0.125 → 0.12, 0.135 → 0.14). */
  HALF_EVEN: 'HALF_EVEN',
  /** Towards zero: the dropped digits are cut off. */
  DOWN: 'DOWN',
  /** Away from zero: any dropped digit rounds the magnitude up. */
  UP: 'UP',
} as const;
export type RoundingMode = (typeof RoundingMode)[keyof typeof RoundingMode];

const ROUNDING_MODES: ReadonlySet<string> = new Set(Object.values(RoundingMode));

export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === 'string' && ROUNDING_MODES.has(value);
}

/** Plain decimal notation only: no exponent, no leading '+', no bare '.5' or '5.'. */
const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Inputs longer than this are refused rather than parsed: no amount, price or quantity we handle needs more. */
const MAX_INPUT_DIGITS = 40;

export interface DecimalParseOptions {
  /** The stable error code thrown for bad input; callers name their own (e.g. MONEY_INVALID). */
  readonly code?: string;
  /** The field named in the error details. */
  readonly field?: string;
}

/**
 * An exact decimal number: an integer count of units (BigInt) and a scale, value = units / 10^scale. No binary
 * floating point is involved anywhere, so 0.1 + 0.2 is 0.3 and a sum of a thousand CDR amounts is exact.
 * Addition and multiplication are exact (the scale grows as needed); only `round` drops digits, with a named mode.
 */
export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);

  private constructor(
    /** The value times 10^scale. */
    readonly units: bigint,
    /** Number of fraction digits carried (the value 1.50 has scale 2). */
    readonly scale: number,
  ) {}

  /** Parses a decimal string such as '12.34', '-0.5' or '7'. Throws a validation DomainError otherwise. */
  static parse(input: string, options: DecimalParseOptions = {}): Decimal {
    const code = options.code ?? 'DECIMAL_INVALID';
    const field = options.field ?? 'value';
    if (typeof input !== 'string') {
      throw DomainError.validation(code, `${field} must be a decimal string`, { field, rule: 'type' });
    }
    const match = DECIMAL_PATTERN.exec(input.trim());
    if (!match) {
      throw DomainError.validation(code, `${field} must be a plain decimal number like 12.34, got '${input}'`, {
        field,
        rule: 'format',
      });
    }
    const [, sign, integer, fraction = ''] = match;
    if (integer.length + fraction.length > MAX_INPUT_DIGITS) {
      throw DomainError.validation(code, `${field} has more than ${MAX_INPUT_DIGITS} digits`, {
        field,
        rule: 'precision',
      });
    }
    const magnitude = BigInt(integer + fraction);
    return new Decimal(sign ? -magnitude : magnitude, fraction.length);
  }

  /** Like parse, but returns undefined instead of throwing. */
  static tryParse(input: string): Decimal | undefined {
    try {
      return Decimal.parse(input);
    } catch {
      return undefined;
    }
  }

  /** A decimal from an already-scaled integer: fromUnits(1234n, 2) is 12.34. */
  static fromUnits(units: bigint, scale: number): Decimal {
    assertScale(scale);
    return new Decimal(units, scale);
  }

  /** An integer value; accepts only safe integers, never a fraction, so no float slips in. */
  static fromInteger(value: number | bigint): Decimal {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`not a safe integer: ${value}`);
    }
    return new Decimal(BigInt(value), 0);
  }

  /** Accepts a Decimal as is, or parses a string. */
  static from(value: Decimal | string, options: DecimalParseOptions = {}): Decimal {
    return value instanceof Decimal ? value : Decimal.parse(value, options);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.unitsAt(scale) + other.unitsAt(scale), scale);
  }

  subtract(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  /** Exact product; the scale is the sum of both scales (1.25 × 0.5 = 0.625). */
  multiply(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  negate(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.negate() : this;
  }

  /**
   * The value with exactly `scale` fraction digits. Raising the scale is exact; lowering it drops digits as `mode`
   * says. The mode is required even when nothing is dropped, so every call site states its policy.
   */
  round(scale: number, mode: RoundingMode): Decimal {
    assertScale(scale);
    if (!isRoundingMode(mode)) throw new RangeError(`unknown rounding mode: ${String(mode)}`);
    if (scale >= this.scale) return new Decimal(this.unitsAt(scale), scale);

    const divisor = 10n ** BigInt(this.scale - scale);
    const quotient = this.units / divisor; // BigInt division truncates towards zero
    const remainder = this.units % divisor; // carries the sign of units
    if (remainder === 0n) return new Decimal(quotient, scale);

    const awayFromZero = quotient + (this.units < 0n ? -1n : 1n);
    const twiceRemainder = 2n * (remainder < 0n ? -remainder : remainder);
    switch (mode) {
      case RoundingMode.DOWN:
        return new Decimal(quotient, scale);
      case RoundingMode.UP:
        return new Decimal(awayFromZero, scale);
      case RoundingMode.HALF_UP:
        return new Decimal(twiceRemainder >= divisor ? awayFromZero : quotient, scale);
      case RoundingMode.HALF_EVEN: {
        const roundAway = twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n !== 0n);
        return new Decimal(roundAway ? awayFromZero : quotient, scale);
      }
    }
  }

  /** The same value with at least `scale` fraction digits (never drops a digit): 12.34 → 12.3400 for scale 4. */
  withMinScale(scale: number): Decimal {
    assertScale(scale);
    return scale > this.scale ? new Decimal(this.unitsAt(scale), scale) : this;
  }

  /** The same value without trailing fraction zeros: 12.3400 → 12.34, 5.00 → 5. */
  stripTrailingZeros(): Decimal {
    let units = this.units;
    let scale = this.scale;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return new Decimal(units, scale);
  }

  /** -1, 0 or 1; compares values, so 1.5 and 1.50 are equal. */
  compare(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unitsAt(scale);
    const b = other.unitsAt(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Numeric equality (1.5 equals 1.50); compare `toString()` when the scale matters too. */
  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  isPositive(): boolean {
    return this.units > 0n;
  }

  isInteger(): boolean {
    return this.units % 10n ** BigInt(this.scale) === 0n;
  }

  /** The integer value; throws if a fraction would be lost (round first). */
  toBigInt(): bigint {
    if (!this.isInteger()) throw new RangeError(`${this.toString()} is not an integer`);
    return this.units / 10n ** BigInt(this.scale);
  }

  /** Plain notation with exactly `scale` fraction digits: '12.34', '-0.05', '7'. Never an exponent. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const integer = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale);
    return `${negative ? '-' : ''}${integer}${this.scale > 0 ? `.${fraction}` : ''}`;
  }

  /** Serialises as a string, the only JSON form that keeps every digit. */
  toJSON(): string {
    return this.toString();
  }

  private unitsAt(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }
}

function assertScale(scale: number): void {
  if (!Number.isSafeInteger(scale) || scale < 0) throw new RangeError(`scale must be a non-negative integer: ${scale}`);
}
