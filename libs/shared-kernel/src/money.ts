import { Decimal, RoundingMode } from './decimal';
import { DomainError } from './domain-error';
import { isIsoCurrencyCode } from './iso-4217';

/** The JSON shape of money in events and messages: the amount as a decimal string, never a JSON number. */
export interface MoneyJson {
  readonly amount: string;
  readonly currency: string;
}

/**
 * Amounts in JSON carry at least four fraction digits, the precision tariffs price energy and time in
 * (0.2950 EUR/kWh), so amounts and unit prices print alike. Digits beyond four are kept, never rounded away.
 */
const JSON_MIN_SCALE = 4;

/**
 * An exact amount of one ISO 4217 currency. Arithmetic is decimal (see Decimal) and never mixes currencies;
 * rounding happens only where the caller asks for it, with a named mode.
 */
export class Money {
  private constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  /** Money.of('12.34', 'EUR'). The currency must be an active ISO 4217 code in upper case. */
  static of(amount: string | Decimal, currency: string): Money {
    return new Money(Decimal.from(amount, { code: 'MONEY_INVALID', field: 'amount' }), parseCurrency(currency));
  }

  static zero(currency: string): Money {
    return new Money(Decimal.ZERO, parseCurrency(currency));
  }

  /** Reads the JSON shape written by toJSON (from an event, a message or a request body). */
  static fromJSON(json: unknown): Money {
    if (typeof json !== 'object' || json === null) {
      throw DomainError.validation('MONEY_INVALID', 'money must be an object { amount, currency }', {
        field: 'money',
        rule: 'type',
      });
    }
    const { amount, currency } = json as Record<string, unknown>;
    return Money.of(amount as string, currency as string);
  }

  add(other: Money): Money {
    this.assertSameCurrency(other, 'add');
    return new Money(this.amount.add(other.amount), this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other, 'subtract');
    return new Money(this.amount.subtract(other.amount), this.currency);
  }

  /** Exact product with a quantity or rate given as a decimal string, e.g. a price per kWh times '7.5'. */
  multiply(factor: string | Decimal): Money {
    return new Money(
      this.amount.multiply(Decimal.from(factor, { code: 'MONEY_INVALID', field: 'factor' })),
      this.currency,
    );
  }

  negate(): Money {
    return new Money(this.amount.negate(), this.currency);
  }

  /** Brings the amount to `scale` fraction digits, e.g. round(2, RoundingMode.HALF_UP) for an invoice line in EUR. */
  round(scale: number, mode: RoundingMode): Money {
    return new Money(this.amount.round(scale, mode), this.currency);
  }

  /** -1, 0 or 1. Comparing different currencies is refused, not guessed. */
  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other, 'compare');
    return this.amount.compare(other.amount);
  }

  /** Same currency and same value (12.3 EUR equals 12.30 EUR); different currencies are simply not equal. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  isNegative(): boolean {
    return this.amount.isNegative();
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  isPositive(): boolean {
    return this.amount.isPositive();
  }

  toJSON(): MoneyJson {
    return { amount: this.amount.withMinScale(JSON_MIN_SCALE).toString(), currency: this.currency };
  }

  /** '12.34 EUR', for logs and messages. */
  toString(): string {
    return `${this.amount.toString()} ${this.currency}`;
  }

  private assertSameCurrency(other: Money, operation: string): void {
    if (other.currency !== this.currency) {
      throw DomainError.validation(
        'MONEY_CURRENCY_MISMATCH',
        `cannot ${operation} ${other.currency} and ${this.currency} amounts`,
        { field: 'currency', rule: 'same-currency', currencies: [this.currency, other.currency] },
      );
    }
  }
}

function parseCurrency(currency: string): string {
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw DomainError.validation('MONEY_INVALID', 'currency must be three upper-case letters (ISO 4217)', {
      field: 'currency',
      rule: 'format',
    });
  }
  if (!isIsoCurrencyCode(currency)) {
    throw DomainError.validation('MONEY_INVALID', `currency ${currency} is not an active ISO 4217 code`, {
      field: 'currency',
      rule: 'iso-4217',
    });
  }
  return currency;
}
