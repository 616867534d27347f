import { Decimal, RoundingMode } from './decimal';
import { DomainError } from './domain-error';
import { Money } from './money';

const eur = (amount: string) => Money.of(amount, 'EUR');
const mismatch = expect.objectContaining({
  code: 'MONEY_CURRENCY_MISMATCH',
  kind: 'validation',
  details: expect.objectContaining({ field: 'currency', rule: 'same-currency' }),
});
function invalid(field: string, rule: string) {
  return expect.objectContaining({ code: 'MONEY_INVALID', kind: 'validation', details: { field, rule } });
}

describe('Money', () => {
  it('holds an exact amount of an ISO 4217 currency', () => {
    const money = eur('12.34');
    expect(money.amount.toString()).toBe('12.34');
    expect(money.currency).toBe('EUR');
    expect(money.toString()).toBe('12.34 EUR');
    expect(Money.of(Decimal.parse('1.5'), 'CHF').toString()).toBe('1.5 CHF');
    expect(Money.zero('USD').isZero()).toBe(true);
  });

  it('writes JSON with a decimal-string amount of at least four fraction digits', () => {
    expect(eur('12.34').toJSON()).toEqual({ amount: '12.3400', currency: 'EUR' });
    expect(eur('7').toJSON()).toEqual({ amount: '7.0000', currency: 'EUR' });
    expect(eur('2.21250').toJSON()).toEqual({ amount: '2.21250', currency: 'EUR' });
    expect(JSON.stringify({ total: eur('-0.5') })).toBe('{"total":{"amount":"-0.5000","currency":"EUR"}}');
  });

  it('reads back what it wrote', () => {
    const money = eur('2.21250');
    const again = Money.fromJSON(JSON.parse(JSON.stringify(money)));
    expect(again.equals(money)).toBe(true);
    expect(again.toJSON()).toEqual(money.toJSON());
  });

  it.each([
    [null, 'money', 'type'],
    ['12.34 EUR', 'money', 'type'],
    [{ amount: 12.34, currency: 'EUR' }, 'amount', 'type'],
    [{ amount: '12,34', currency: 'EUR' }, 'amount', 'format'],
    [{ amount: '12.34' }, 'currency', 'format'],
  ])('fromJSON refuses %j', (json, field, rule) => {
    expect(() => Money.fromJSON(json)).toThrow(invalid(field, rule));
  });

  it('adds, subtracts and negates in one currency', () => {
    expect(eur('0.10').add(eur('0.20')).toString()).toBe('0.30 EUR');
    expect(eur('1').subtract(eur('1.25')).toString()).toBe('-0.25 EUR');
    expect(eur('1').subtract(eur('1.25')).isNegative()).toBe(true);
    expect(eur('1.25').negate().toString()).toBe('-1.25 EUR');
  });

  it('multiplies by a decimal quantity exactly, then rounds only when told', () => {
    const energyCost = eur('0.2950').multiply('7.5');
    expect(energyCost.toString()).toBe('2.21250 EUR');
    expect(energyCost.round(2, RoundingMode.HALF_UP).toString()).toBe('2.21 EUR');
    expect(energyCost.round(2, RoundingMode.UP).toString()).toBe('2.22 EUR');
    const tie = eur('0.35').multiply('7.5');
    expect(tie.toString()).toBe('2.625 EUR');
    expect(tie.round(2, RoundingMode.HALF_UP).toString()).toBe('2.63 EUR');
    expect(tie.round(2, RoundingMode.HALF_EVEN).toString()).toBe('2.62 EUR');
    expect(tie.round(2, RoundingMode.DOWN).toString()).toBe('2.62 EUR');
    expect(eur('0.125').round(2, RoundingMode.HALF_EVEN).toString()).toBe('0.12 EUR');
    expect(eur('0.125').round(2, RoundingMode.UP).toString()).toBe('0.13 EUR');
    expect(eur('10').multiply(Decimal.parse('0.19')).toString()).toBe('1.90 EUR');
  });

  it('refuses a factor that is not a decimal string', () => {
    expect(() => eur('1').multiply('7,5')).toThrow(invalid('factor', 'format'));
    expect(() => eur('1').multiply(7.5 as unknown as string)).toThrow(invalid('factor', 'type'));
  });

  it('compares within one currency', () => {
    expect(eur('1.50').compare(eur('1.5'))).toBe(0);
    expect(eur('1.49').compare(eur('1.5'))).toBe(-1);
    expect(eur('2').compare(eur('1.5'))).toBe(1);
    expect(eur('1.50').equals(eur('1.5'))).toBe(true);
    expect(eur('1.50').equals(Money.of('1.50', 'CHF'))).toBe(false);
    expect(eur('0.01').isPositive()).toBe(true);
  });

  it('never mixes currencies', () => {
    const chf = Money.of('1', 'CHF');
    expect(() => eur('1').add(chf)).toThrow(DomainError);
    expect(() => eur('1').add(chf)).toThrow(mismatch);
    expect(() => eur('1').subtract(chf)).toThrow(mismatch);
    expect(() => eur('1').compare(chf)).toThrow(mismatch);
  });

  it.each([
    ['12.345.6', 'EUR', 'amount', 'format'],
    ['1e3', 'EUR', 'amount', 'format'],
    ['', 'EUR', 'amount', 'format'],
    ['12.34', 'eur', 'currency', 'format'],
    ['12.34', 'EURO', 'currency', 'format'],
    ['12.34', '', 'currency', 'format'],
    ['12.34', 'ABC', 'currency', 'iso-4217'],
    ['12.34', 'DEM', 'currency', 'iso-4217'], // withdrawn (now EUR)
    ['12.34', 'HRK', 'currency', 'iso-4217'], // withdrawn 2023 (now EUR)
    ['12.34', 'XAU', 'currency', 'iso-4217'], // gold, not a currency a session is priced in
    ['12.34', 'XXX', 'currency', 'iso-4217'],
  ])('refuses %j %j', (amount, currency, field, rule) => {
    expect(() => Money.of(amount, currency)).toThrow(invalid(field, rule));
  });

  it('refuses a float amount', () => {
    expect(() => Money.of(12.34 as unknown as string, 'EUR')).toThrow(invalid('amount', 'type'));
  });

  it.each(['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'JPY', 'XCG', 'ZWG'])(
    'accepts %s',
    (currency) => {
      expect(Money.of('1', currency).currency).toBe(currency);
    },
  );
});
