import { Decimal, RoundingMode } from './decimal';
import { DomainError } from './domain-error';

const WH_PER_KWH = Decimal.fromInteger(1000);

/**
 * An amount of delivered energy in whole watt-hours, the unit events store (meters and OCMF records count Wh; kWh
 * with three decimals is the same resolution). Never negative: a meter delta below zero is a broken record.
 */
export class Energy {
  static readonly ZERO = new Energy(0);

  private constructor(readonly wattHours: number) {}

  /** Energy.wh(7500). Accepts a non-negative safe integer only. */
  static wh(wattHours: number | bigint): Energy {
    if (typeof wattHours === 'bigint') {
      if (wattHours > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('energy is too large', 'range');
      return Energy.wh(Number(wattHours));
    }
    if (typeof wattHours !== 'number' || !Number.isInteger(wattHours)) {
      throw invalid('energy must be a whole number of watt-hours', 'integer');
    }
    if (wattHours < 0) throw invalid('energy must not be negative', 'non-negative');
    if (!Number.isSafeInteger(wattHours)) throw invalid('energy is too large', 'range');
    return new Energy(wattHours === 0 ? 0 : wattHours);
  }

  /**
   * Energy.kwh('7.5') is 7500 Wh. A value finer than 1 Wh ('7.5005') is refused unless a rounding mode says how to
   * drop the excess, so a quantity is never changed silently.
   */
  static kwh(kilowattHours: string | Decimal, mode?: RoundingMode): Energy {
    const kwh = Decimal.from(kilowattHours, { code: 'ENERGY_INVALID', field: 'energy' });
    if (kwh.isNegative()) throw invalid('energy must not be negative', 'non-negative');
    const wh = kwh.multiply(WH_PER_KWH);
    if (!wh.isInteger() && mode === undefined) {
      throw invalid(`${kwh.toString()} kWh is finer than 1 Wh; pass a rounding mode to accept rounding`, 'precision');
    }
    const whole = wh.round(0, mode ?? RoundingMode.DOWN).toBigInt();
    if (whole > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('energy is too large', 'range');
    return new Energy(Number(whole));
  }

  /** Reads the JSON form (a number of Wh). */
  static fromJSON(json: unknown): Energy {
    if (typeof json !== 'number') throw invalid('energy must be a number of Wh', 'type');
    return Energy.wh(json);
  }

  add(other: Energy): Energy {
    return Energy.wh(this.wattHours + other.wattHours);
  }

  /** The difference; refused when it would be negative (e.g. a meter stop value below its start value). */
  subtract(other: Energy): Energy {
    return Energy.wh(this.wattHours - other.wattHours);
  }

  compare(other: Energy): -1 | 0 | 1 {
    return this.wattHours < other.wattHours ? -1 : this.wattHours > other.wattHours ? 1 : 0;
  }

  equals(other: Energy): boolean {
    return this.wattHours === other.wattHours;
  }

  isZero(): boolean {
    return this.wattHours === 0;
  }

  /** The exact value in kWh (scale 3), ready to multiply a price per kWh with. */
  toKwh(): Decimal {
    return Decimal.fromUnits(BigInt(this.wattHours), 3);
  }

  /**
   * kWh as a decimal string with `scale` fraction digits ('7.500'). Fewer than three digits may drop Wh, which
   * is refused unless a rounding mode is given.
   */
  toKwhString(scale = 3, mode?: RoundingMode): string {
    const kwh = this.toKwh();
    const rounded = kwh.round(scale, mode ?? RoundingMode.DOWN);
    if (mode === undefined && !rounded.equals(kwh)) {
      throw invalid(`${this.wattHours} Wh does not fit ${scale} kWh decimals; pass a rounding mode`, 'precision');
    }
    return rounded.toString();
  }

  /** Events carry energy as a JSON number of Wh. */
  toJSON(): number {
    return this.wattHours;
  }

  toString(): string {
    return `${this.wattHours} Wh`;
  }
}

function invalid(message: string, rule: string): DomainError {
  return DomainError.validation('ENERGY_INVALID', message, { field: 'energy', rule });
}
