import { RoundingMode } from '@roaming/shared-kernel';
import { type ChargingSessionJson, sessionFromTotals } from './charging-session';
import { rateSession } from './rate-session';
import type { TariffJson } from './tariff.model';

const charging = (startedAt: string, endedAt: string, energyWh: string, timeZone = 'UTC'): ChargingSessionJson =>
  sessionFromTotals({ startedAt, endedAt, energyWh, timeZone });

const totals = (tariff: TariffJson, session: ChargingSessionJson, rounding?: RoundingMode) => {
  const { totalExclVat, totalVat, totalInclVat } = rateSession(tariff, session, { rounding });
  return { totalExclVat, totalVat, totalInclVat };
};

describe('rateSession: worked examples', () => {
  it('prices energy per kWh and rounds the line half up at the cent, VAT from the rounded amount', () => {
    // 12.345 kWh × 0.30 = 3.7035 → 3.70; VAT 19 % of 3.70 = 0.703 → 0.70; 3.70 + 0.70 = 4.40.
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
    };
    const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '12345'));
    expect(result).toEqual({
      currency: 'EUR',
      totalExclVat: '3.70',
      totalVat: '0.70',
      totalInclVat: '4.40',
      lines: [
        {
          elementIndex: 0,
          type: 'ENERGY',
          quantity: '12.345',
          billedQuantity: '12.345',
          unitPrice: '0.30',
          vatPercent: '19',
          amountExclVat: '3.70',
          vatAmount: '0.70',
          amountInclVat: '4.40',
        },
      ],
      rounding: { scale: 2, mode: 'HALF_UP', per: 'line' },
    });
  });

  it('bills in whole step sizes (OCPI step_size): 6 minutes in 5-minute steps are 10, 1.2 kWh in 1 kWh steps are 2', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        {
          priceComponents: [
            { type: 'ENERGY', price: '0.25', stepSize: 1000 },
            { type: 'TIME', price: '0.05', stepSize: 300 },
          ],
        },
      ],
    };
    const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T10:06:00Z', '1200'));
    expect(result.lines.map((l) => [l.type, l.quantity, l.billedQuantity, l.amountExclVat])).toEqual([
      ['ENERGY', '1.2', '2', '0.50'],
      ['TIME', '6', '10', '0.50'],
    ]);
    expect(result.totalExclVat).toBe('1.00');
  });

  it('applies a night window that crosses midnight, in the EVSE time zone (22:00–06:00 Europe/Berlin)', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.20' }],
          restrictions: { startTime: '22:00', endTime: '06:00' },
        },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    };
    // 21:00–23:00 Berlin (CET, UTC+1) with 10 kWh evenly: 5 kWh by day at 0.30 + 5 kWh by night at 0.20.
    const evening = rateSession(
      tariff,
      charging('2026-03-02T20:00:00Z', '2026-03-02T22:00:00Z', '10000', 'Europe/Berlin'),
    );
    expect(evening.lines.map((l) => [l.elementIndex, l.quantity, l.amountExclVat])).toEqual([
      [0, '5', '1.00'],
      [1, '5', '1.50'],
    ]);
    expect(evening.totalExclVat).toBe('2.50');
    // 05:00–07:00 the next morning: the first hour still belongs to the night window that began the day before.
    const morning = rateSession(
      tariff,
      charging('2026-03-03T04:00:00Z', '2026-03-03T06:00:00Z', '10000', 'Europe/Berlin'),
    );
    expect(morning.lines.map((l) => [l.elementIndex, l.quantity])).toEqual([
      [0, '5'],
      [1, '5'],
    ]);
    // The same instants read in UTC: 04:00–06:00 lies wholly in the night window, 20:00–22:00 wholly outside it.
    expect(totals(tariff, charging('2026-03-03T04:00:00Z', '2026-03-03T06:00:00Z', '10000')).totalExclVat).toBe('2.00');
    expect(totals(tariff, charging('2026-03-02T20:00:00Z', '2026-03-02T22:00:00Z', '10000')).totalExclVat).toBe('3.00');
  });

  it('raises a total below minPrice and caps one above maxPrice with an adjustment line taxed at the tariff rate', () => {
    const min: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      minPrice: '1.00',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
    };
    const low = rateSession(min, charging('2026-03-02T10:00:00Z', '2026-03-02T10:30:00Z', '2000'));
    // 0.60 + adjustment 0.40 = 1.00; VAT 0.114 → 0.11 and 0.076 → 0.08.
    expect(low.lines.map((l) => [l.type, l.amountExclVat, l.vatAmount])).toEqual([
      ['ENERGY', '0.60', '0.11'],
      ['MIN_PRICE', '0.40', '0.08'],
    ]);
    expect({ excl: low.totalExclVat, vat: low.totalVat, incl: low.totalInclVat }).toEqual({
      excl: '1.00',
      vat: '0.19',
      incl: '1.19',
    });
    const max: TariffJson = { ...min, minPrice: undefined, maxPrice: '10.00' };
    const high = rateSession(max, charging('2026-03-02T10:00:00Z', '2026-03-02T12:00:00Z', '50000'));
    expect(high.lines.at(-1)).toMatchObject({ type: 'MAX_PRICE', amountExclVat: '-5.00', vatAmount: '-0.95' });
    expect(high.totalExclVat).toBe('10.00');
    expect(high.totalInclVat).toBe('11.90');
  });

  it('charges a flat fee once, energy while charging and parking time after charging ends', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        {
          priceComponents: [
            { type: 'FLAT', price: '1.00' },
            { type: 'ENERGY', price: '0.30' },
            { type: 'PARKING_TIME', price: '0.10', stepSize: 60 },
          ],
        },
      ],
    };
    const session = sessionFromTotals({
      startedAt: '2026-03-02T10:00:00Z',
      chargingEndedAt: '2026-03-02T11:00:00Z',
      endedAt: '2026-03-02T11:30:00Z',
      energyWh: '20000',
      timeZone: 'UTC',
    });
    const result = rateSession(tariff, session);
    expect(result.lines.map((l) => [l.type, l.quantity, l.amountExclVat])).toEqual([
      ['ENERGY', '20', '6.00'],
      ['PARKING_TIME', '30', '3.00'],
      ['FLAT', '1', '1.00'],
    ]);
    expect(result.totalExclVat).toBe('10.00');
  });

  it('prices weekends differently, cutting a session at local midnight', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        { priceComponents: [{ type: 'ENERGY', price: '0.25' }], restrictions: { daysOfWeek: ['SATURDAY', 'SUNDAY'] } },
        { priceComponents: [{ type: 'ENERGY', price: '0.35' }] },
      ],
    };
    // Sunday 2026-03-01 23:00 to Monday 01:00: 5 kWh at the weekend price, 5 kWh at the weekday price.
    const result = rateSession(tariff, charging('2026-03-01T23:00:00Z', '2026-03-02T01:00:00Z', '10000'));
    expect(result.lines.map((l) => [l.elementIndex, l.amountExclVat])).toEqual([
      [0, '1.25'],
      [1, '1.75'],
    ]);
  });

  it('cuts a period where an energy tier ends: the first 10 kWh at 0.40, the rest at 0.30', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        { priceComponents: [{ type: 'ENERGY', price: '0.40' }], restrictions: { maxKwh: '10' } },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    };
    const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:30:00Z', '15000'));
    expect(result.lines.map((l) => [l.elementIndex, l.quantity, l.amountExclVat])).toEqual([
      [0, '10', '4.00'],
      [1, '5', '1.50'],
    ]);
  });

  it('charges a blocking fee per minute only after two hours (minDurationSeconds)', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        { priceComponents: [{ type: 'TIME', price: '0.10' }], restrictions: { minDurationSeconds: 7200 } },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    };
    const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T13:00:00Z', '30000'));
    expect(result.lines.map((l) => [l.type, l.quantity, l.amountExclVat])).toEqual([
      ['ENERGY', '30', '9.00'],
      ['TIME', '60', '6.00'],
    ]);
  });

  it('prices fast charging by power (minPowerKw), taking the average power of a period', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        { priceComponents: [{ type: 'ENERGY', price: '0.59' }], restrictions: { minPowerKw: '50' } },
        { priceComponents: [{ type: 'ENERGY', price: '0.39' }] },
      ],
    };
    expect(totals(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '75000')).totalExclVat).toBe(
      '44.25',
    );
    expect(totals(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '11000')).totalExclVat).toBe('4.29');
  });

  it('rounds as asked: 0.125 is 0.13 half up and 0.12 half even; yen have no minor unit', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.25' }] }],
    };
    const session = charging('2026-03-02T10:00:00Z', '2026-03-02T10:10:00Z', '500');
    expect(totals(tariff, session).totalExclVat).toBe('0.13');
    expect(totals(tariff, session, RoundingMode.HALF_EVEN).totalExclVat).toBe('0.12');
    const yen: TariffJson = {
      currency: 'JPY',
      vatPercent: '10',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '45' }] }],
    };
    expect(totals(yen, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '3300'))).toEqual({
      totalExclVat: '149',
      totalVat: '15',
      totalInclVat: '164',
    });
  });

  it('charges nothing for a dimension no element prices, and is a pure function of its inputs', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.30' }],
          restrictions: { startTime: '08:00', endTime: '20:00' },
        },
      ],
    };
    const session = charging('2026-03-02T21:00:00Z', '2026-03-02T22:00:00Z', '10000');
    expect(rateSession(tariff, session)).toEqual(rateSession(tariff, session));
    expect(totals(tariff, session)).toEqual({ totalExclVat: '0.00', totalVat: '0.00', totalInclVat: '0.00' });
  });

  it('refuses a session with gaps, energy while parking or an unknown time zone', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
    };
    const period = {
      startedAt: '2026-03-02T10:00:00Z',
      endedAt: '2026-03-02T11:00:00Z',
      state: 'CHARGING' as const,
      energyWh: '1',
    };
    expect(() =>
      rateSession(tariff, {
        timeZone: 'UTC',
        periods: [period, { ...period, startedAt: '2026-03-02T11:05:00Z', endedAt: '2026-03-02T12:00:00Z' }],
      }),
    ).toThrow(
      expect.objectContaining({ code: 'SESSION_INVALID', details: expect.objectContaining({ rule: 'contiguous' }) }),
    );
    expect(() => rateSession(tariff, { timeZone: 'UTC', periods: [{ ...period, state: 'PARKING' }] })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ rule: 'none-while-parking' }) }),
    );
    expect(() => rateSession(tariff, { timeZone: 'Mars/Olympus', periods: [period] })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ rule: 'iana-zone' }) }),
    );
  });
});

describe('rateSession: a zero-length session (end = start, 0 Wh), a record the CDR intake accepts', () => {
  // 2026-03-02 21:30 UTC is 22:30 in Berlin: inside a 22:00–06:00 night window there, outside it in UTC.
  const instant = '2026-03-02T21:30:00Z';
  const zeroLength = (timeZone = 'Europe/Berlin') => charging(instant, instant, '0', timeZone);
  const feeTariff: TariffJson = {
    currency: 'EUR',
    vatPercent: '19',
    elements: [
      {
        priceComponents: [
          { type: 'FLAT', price: '0.50' },
          { type: 'ENERGY', price: '0.20' },
          { type: 'TIME', price: '0.05' },
        ],
        restrictions: { startTime: '22:00', endTime: '06:00' },
      },
      {
        priceComponents: [
          { type: 'FLAT', price: '1.00' },
          { type: 'ENERGY', price: '0.30' },
          { type: 'TIME', price: '0.10', stepSize: 300 },
          { type: 'PARKING_TIME', price: '0.10' },
        ],
      },
    ],
  };

  it('prices no energy and no time, only the session fee (FLAT) of the element in force at its start', () => {
    const result = rateSession(feeTariff, zeroLength());
    expect(result.lines).toEqual([
      {
        elementIndex: 0,
        type: 'FLAT',
        quantity: '1',
        billedQuantity: '1',
        unitPrice: '0.50',
        vatPercent: '19',
        amountExclVat: '0.50',
        vatAmount: '0.10',
        amountInclVat: '0.60',
      },
    ]);
    expect(result).toMatchObject({ totalExclVat: '0.50', totalVat: '0.10', totalInclVat: '0.60' });
    // The same instant read in UTC (21:30) is outside the night window: the day element's fee, and its TIME step
    // size does not bill a step for no time.
    expect(
      rateSession(feeTariff, zeroLength('UTC')).lines.map((l) => [l.elementIndex, l.type, l.amountExclVat]),
    ).toEqual([[1, 'FLAT', '1.00']]);
  });

  it('is raised to minPrice; without a session fee or a minimum it costs nothing', () => {
    const perUse: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1000 }] }],
    };
    expect(rateSession(perUse, zeroLength())).toMatchObject({
      totalExclVat: '0.00',
      totalVat: '0.00',
      totalInclVat: '0.00',
      lines: [],
    });
    const minimum = rateSession({ ...perUse, minPrice: '2.00' }, zeroLength());
    expect(minimum.lines.map((l) => [l.type, l.amountExclVat, l.vatAmount])).toEqual([['MIN_PRICE', '2.00', '0.38']]);
    expect(minimum.totalInclVat).toBe('2.38');
  });

  it('a charging period of no length before parking (charging duration 0, 0 Wh) prices the parking and the fee', () => {
    const parkedOnly = sessionFromTotals({
      startedAt: '2026-03-02T12:00:00Z',
      chargingEndedAt: '2026-03-02T12:00:00Z',
      endedAt: '2026-03-02T12:30:00Z',
      energyWh: '0',
      timeZone: 'UTC',
    });
    expect(rateSession(feeTariff, parkedOnly).lines.map((l) => [l.elementIndex, l.type, l.quantity])).toEqual([
      [1, 'PARKING_TIME', '30'],
      [1, 'FLAT', '1'],
    ]);
  });

  it('refuses energy in a period of no length and a period that ends before it starts', () => {
    expect(() => rateSession(feeTariff, charging(instant, instant, '1'))).toThrow(
      expect.objectContaining({
        code: 'SESSION_INVALID',
        details: expect.objectContaining({ field: 'periods.0.energyWh', rule: 'none-in-no-time' }),
      }),
    );
    expect(() => rateSession(feeTariff, charging(instant, '2026-03-02T21:29:59Z', '0'))).toThrow(
      expect.objectContaining({
        code: 'SESSION_INVALID',
        details: expect.objectContaining({ field: 'periods.0.endedAt', rule: 'not-before-start' }),
      }),
    );
  });
});
