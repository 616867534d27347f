import { Decimal, RoundingMode } from './decimal';
import { Energy } from './energy';

function invalid(rule: string) {
  return expect.objectContaining({ code: 'ENERGY_INVALID', kind: 'validation', details: { field: 'energy', rule } });
}

describe('Energy', () => {
  it('holds whole watt-hours', () => {
    expect(Energy.wh(7500).wattHours).toBe(7500);
    expect(Energy.wh(7500n).wattHours).toBe(7500);
    expect(Energy.wh(0).isZero()).toBe(true);
    expect(Energy.ZERO.isZero()).toBe(true);
    expect(Energy.wh(-0).wattHours).toBe(0);
    expect(Object.is(Energy.wh(-0).wattHours, 0)).toBe(true);
    expect(Energy.wh(12).toString()).toBe('12 Wh');
  });

  it.each([
    [-1, 'non-negative'],
    [1.5, 'integer'],
    [Number.NaN, 'integer'],
    [Number.POSITIVE_INFINITY, 'integer'],
    [Number.MAX_SAFE_INTEGER + 1, 'range'],
  ])('wh refuses %p', (value, rule) => {
    expect(() => Energy.wh(value)).toThrow(invalid(rule));
  });

  it('wh refuses a bigint beyond the safe range and a string', () => {
    expect(() => Energy.wh(2n ** 60n)).toThrow(invalid('range'));
    expect(() => Energy.wh('7500' as unknown as number)).toThrow(invalid('integer'));
  });

  it.each([
    ['7.5', 7500],
    ['0', 0],
    ['0.001', 1],
    ['12.345', 12345],
    ['7.5000', 7500],
    ['1000000', 1_000_000_000],
  ])('kwh(%j) is %d Wh', (kwh, wh) => {
    expect(Energy.kwh(kwh).wattHours).toBe(wh);
  });

  it('accepts a Decimal', () => {
    expect(Energy.kwh(Decimal.parse('22.05')).wattHours).toBe(22050);
  });

  it('refuses sub-Wh precision unless a rounding mode is given', () => {
    expect(() => Energy.kwh('7.5005')).toThrow(invalid('precision'));
    expect(Energy.kwh('7.5005', RoundingMode.HALF_UP).wattHours).toBe(7501);
    expect(Energy.kwh('7.5005', RoundingMode.HALF_EVEN).wattHours).toBe(7500);
    expect(Energy.kwh('7.5005', RoundingMode.DOWN).wattHours).toBe(7500);
    expect(Energy.kwh('7.5001', RoundingMode.UP).wattHours).toBe(7501);
  });

  it.each([
    ['-1', 'non-negative'],
    ['-0.0001', 'non-negative'],
    ['7,5', 'format'],
    ['1e3', 'format'],
    ['99999999999999', 'range'],
  ])('kwh refuses %j', (kwh, rule) => {
    expect(() => Energy.kwh(kwh, RoundingMode.HALF_UP)).toThrow(invalid(rule));
  });

  it('kwh refuses a float', () => {
    expect(() => Energy.kwh(7.5 as unknown as string)).toThrow(invalid('type'));
  });

  it('adds and subtracts, never going below zero', () => {
    expect(Energy.wh(1200).add(Energy.kwh('0.8')).wattHours).toBe(2000);
    expect(Energy.wh(15_000).subtract(Energy.wh(7_500)).wattHours).toBe(7500);
    expect(() => Energy.wh(7_500).subtract(Energy.wh(15_000))).toThrow(invalid('non-negative'));
    expect(() => Energy.wh(Number.MAX_SAFE_INTEGER).add(Energy.wh(1))).toThrow(invalid('range'));
  });

  it('compares', () => {
    expect(Energy.wh(1).compare(Energy.wh(2))).toBe(-1);
    expect(Energy.wh(2).compare(Energy.wh(2))).toBe(0);
    expect(Energy.wh(3).compare(Energy.wh(2))).toBe(1);
    expect(Energy.kwh('7.5').equals(Energy.wh(7500))).toBe(true);
  });

  it('renders kWh as a decimal string', () => {
    expect(Energy.wh(7500).toKwhString()).toBe('7.500');
    expect(Energy.wh(7500).toKwhString(1)).toBe('7.5');
    expect(Energy.wh(7500).toKwhString(5)).toBe('7.50000');
    expect(Energy.wh(12).toKwhString()).toBe('0.012');
    expect(Energy.wh(7550).toKwhString(1, RoundingMode.HALF_UP)).toBe('7.6');
    expect(Energy.wh(7550).toKwhString(1, RoundingMode.HALF_EVEN)).toBe('7.6');
    expect(Energy.wh(7450).toKwhString(1, RoundingMode.HALF_EVEN)).toBe('7.4');
    expect(() => Energy.wh(7550).toKwhString(1)).toThrow(invalid('precision'));
  });

  it('gives the exact kWh as a Decimal for rating', () => {
    expect(Energy.wh(7500).toKwh().toString()).toBe('7.500');
  });

  it('serialises as a number of Wh and reads it back', () => {
    expect(JSON.stringify({ energy: Energy.kwh('7.5') })).toBe('{"energy":7500}');
    expect(Energy.fromJSON(7500).wattHours).toBe(7500);
    expect(() => Energy.fromJSON('7500')).toThrow(invalid('type'));
    expect(() => Energy.fromJSON(7.5)).toThrow(invalid('integer'));
  });
});
