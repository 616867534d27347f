import { Decimal, RoundingMode, isRoundingMode } from './decimal';

const d = (value: string) => Decimal.parse(value);

describe('Decimal', () => {
  describe('parse', () => {
    it.each([
      ['12.34', '12.34', 1234n, 2],
      ['-0.5', '-0.5', -5n, 1],
      ['7', '7', 7n, 0],
      ['0007.50', '7.50', 750n, 2],
      ['-0.00', '0.00', 0n, 2],
      [' 1.5 ', '1.5', 15n, 1],
      [
        '123456789012345678901234567890.123456789',
        '123456789012345678901234567890.123456789',
        123456789012345678901234567890123456789n,
        9,
      ],
    ])('reads %j as %s', (input, printed, units, scale) => {
      const value = d(input);
      expect(value.toString()).toBe(printed);
      expect(value.units).toBe(units);
      expect(value.scale).toBe(scale);
    });

    it.each(['', '1e3', '1.', '.5', '+1', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10', '--1', '1 000'])(
      'refuses %j',
      (input) => {
        expect(() => d(input)).toThrow(
          expect.objectContaining({ code: 'DECIMAL_INVALID', details: { field: 'value', rule: 'format' } }),
        );
        expect(Decimal.tryParse(input)).toBeUndefined();
      },
    );

    it('refuses absurdly long input', () => {
      expect(() => d('1'.repeat(41))).toThrow(
        expect.objectContaining({ details: { field: 'value', rule: 'precision' } }),
      );
    });

    it('refuses a number (floats never enter)', () => {
      expect(() => Decimal.parse(0.1 as unknown as string)).toThrow(
        expect.objectContaining({ code: 'DECIMAL_INVALID', details: { field: 'value', rule: 'type' } }),
      );
    });

    it('uses the caller’s code and field', () => {
      expect(() => Decimal.parse('x', { code: 'PRICE_INVALID', field: 'price' })).toThrow(
        expect.objectContaining({ code: 'PRICE_INVALID', details: { field: 'price', rule: 'format' } }),
      );
    });
  });

  it('builds from units, integers and strings', () => {
    expect(Decimal.fromUnits(1234n, 2).toString()).toBe('12.34');
    expect(Decimal.fromUnits(5n, 3).toString()).toBe('0.005');
    expect(Decimal.fromUnits(-5n, 3).toString()).toBe('-0.005');
    expect(Decimal.fromInteger(1000).toString()).toBe('1000');
    expect(Decimal.fromInteger(-3n).toString()).toBe('-3');
    expect(() => Decimal.fromInteger(1.5)).toThrow(RangeError);
    expect(() => Decimal.fromUnits(1n, -1)).toThrow(RangeError);
    const value = d('1.5');
    expect(Decimal.from(value)).toBe(value);
    expect(Decimal.from('1.5').equals(value)).toBe(true);
  });

  it('adds and subtracts exactly, where binary floats do not', () => {
    expect(d('0.1').add(d('0.2')).toString()).toBe('0.3');
    expect(d('1.005').add(d('2')).toString()).toBe('3.005');
    expect(d('1').subtract(d('1.25')).toString()).toBe('-0.25');
    let sum = Decimal.ZERO;
    for (let i = 0; i < 1000; i++) sum = sum.add(d('0.01'));
    expect(sum.toString()).toBe('10.00');
  });

  it('multiplies exactly, the scale growing as needed', () => {
    expect(d('0.2950').multiply(d('7.5')).toString()).toBe('2.21250');
    expect(d('-1.25').multiply(d('0.5')).toString()).toBe('-0.625');
    expect(d('1.1').multiply(d('1.1')).toString()).toBe('1.21');
  });

  it('negates and takes the absolute value', () => {
    expect(d('1.50').negate().toString()).toBe('-1.50');
    expect(d('-1.50').abs().toString()).toBe('1.50');
    expect(d('1.50').abs().toString()).toBe('1.50');
  });

  describe('round', () => {
    // value, HALF_UP, HALF_EVEN, DOWN, UP at 2 fraction digits
    it.each([
      ['1.234', '1.23', '1.23', '1.23', '1.24'],
      ['1.235', '1.24', '1.24', '1.23', '1.24'],
      ['1.245', '1.25', '1.24', '1.24', '1.25'],
      ['1.2451', '1.25', '1.25', '1.24', '1.25'],
      ['1.236', '1.24', '1.24', '1.23', '1.24'],
      ['-1.235', '-1.24', '-1.24', '-1.23', '-1.24'],
      ['-1.245', '-1.25', '-1.24', '-1.24', '-1.25'],
      ['-1.234', '-1.23', '-1.23', '-1.23', '-1.24'],
      ['-0.001', '0.00', '0.00', '0.00', '-0.01'],
      ['0.005', '0.01', '0.00', '0.00', '0.01'],
      ['2.5', '2.50', '2.50', '2.50', '2.50'],
      ['1.20000', '1.20', '1.20', '1.20', '1.20'],
    ])('%s → HALF_UP %s, HALF_EVEN %s, DOWN %s, UP %s', (value, halfUp, halfEven, down, up) => {
      expect(d(value).round(2, RoundingMode.HALF_UP).toString()).toBe(halfUp);
      expect(d(value).round(2, RoundingMode.HALF_EVEN).toString()).toBe(halfEven);
      expect(d(value).round(2, RoundingMode.DOWN).toString()).toBe(down);
      expect(d(value).round(2, RoundingMode.UP).toString()).toBe(up);
    });

    it('rounds to whole units', () => {
      expect(d('2.5').round(0, 'HALF_EVEN').toString()).toBe('2');
      expect(d('3.5').round(0, 'HALF_EVEN').toString()).toBe('4');
      expect(d('2.5').round(0, 'HALF_UP').toString()).toBe('3');
      expect(d('-2.5').round(0, 'HALF_UP').toString()).toBe('-3');
    });

    it('refuses an unknown mode or a negative scale', () => {
      expect(() => d('1.5').round(0, 'CEILING' as RoundingMode)).toThrow(RangeError);
      expect(() => d('1.5').round(-1, 'HALF_UP')).toThrow(RangeError);
      expect(() => d('1.5').round(1.5, 'HALF_UP')).toThrow(RangeError);
    });
  });

  it('pads to a minimum scale and strips trailing zeros without changing the value', () => {
    expect(d('12.34').withMinScale(4).toString()).toBe('12.3400');
    expect(d('12.34567').withMinScale(4).toString()).toBe('12.34567');
    expect(d('12.3400').stripTrailingZeros().toString()).toBe('12.34');
    expect(d('500.00').stripTrailingZeros().toString()).toBe('500');
    expect(d('0.000').stripTrailingZeros().toString()).toBe('0');
  });

  it('compares by value', () => {
    expect(d('1.5').compare(d('1.50'))).toBe(0);
    expect(d('1.5').equals(d('1.50'))).toBe(true);
    expect(d('1.49').compare(d('1.5'))).toBe(-1);
    expect(d('-1').compare(d('-2'))).toBe(1);
  });

  it('answers sign and integer questions', () => {
    expect(d('-0.01').isNegative()).toBe(true);
    expect(d('0.00').isZero()).toBe(true);
    expect(d('0.00').isNegative()).toBe(false);
    expect(d('0.01').isPositive()).toBe(true);
    expect(d('7500.000').isInteger()).toBe(true);
    expect(d('7500.001').isInteger()).toBe(false);
    expect(d('7500.000').toBigInt()).toBe(7500n);
    expect(d('-12').toBigInt()).toBe(-12n);
    expect(() => d('7500.5').toBigInt()).toThrow(RangeError);
  });

  it('serialises as a string', () => {
    expect(JSON.stringify({ price: d('0.2950') })).toBe('{"price":"0.2950"}');
  });

  it('knows its rounding modes', () => {
    expect(isRoundingMode('HALF_EVEN')).toBe(true);
    expect(isRoundingMode('half_even')).toBe(false);
    expect(isRoundingMode(undefined)).toBe(false);
  });
});
