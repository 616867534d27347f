import { RoundingMode } from '@roaming/shared-kernel';
import { type ChargingSessionJson, sessionFromTotals } from './charging-session';
import { rateSession } from './rate-session';
import { RATING_ENGINE_VERSION, ratingFingerprint, ratingInputs } from './rating-fingerprint';
import type { TariffJson } from './tariff.model';

const charging = (startedAt: string, endedAt: string, energyWh: string, timeZone = 'UTC'): ChargingSessionJson =>
  sessionFromTotals({ startedAt, endedAt, energyWh, timeZone });

const rows = (result: ReturnType<typeof rateSession>) =>
  result.lines.map((l) => [l.elementIndex, l.type, l.quantity, l.billedQuantity, l.amountExclVat]);

describe('rateSession: more worked examples (issue 6, IEC 63119 6.4.3)', () => {
  describe('OCPI-style step sizes (energy in Wh, time in s)', () => {
    it('bills energy in 500 Wh steps: 12 345.6 Wh are billed as 12.5 kWh', () => {
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '0',
        elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.35', stepSize: 500 }] }],
      };
      const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '12345.6'));
      // 12.5 × 0.35 = 4.375 → 4.38 half up
      expect(rows(result)).toEqual([[0, 'ENERGY', '12.3456', '12.5', '4.38']]);
    });

    it('rounds the session total of a dimension up to the step of the last element that priced it', () => {
      // Element 0 (10:00–11:00) has 1-minute steps, element 1 15-minute steps. 10:30–11:07:30 is 30 min in element 0
      // and 7.5 min in element 1; the total 37.5 min is billed in steps of the LAST element (900 s) → 45 min, the
      // 7.5 extra minutes charged at element 1's price (OCPI 2.2 step_size: "billed from the last element").
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '0',
        elements: [
          {
            priceComponents: [{ type: 'TIME', price: '0.12', stepSize: 60 }],
            restrictions: { startTime: '10:00', endTime: '11:00' },
          },
          { priceComponents: [{ type: 'TIME', price: '0.06', stepSize: 900 }] },
        ],
      };
      const result = rateSession(tariff, charging('2026-03-02T10:30:00Z', '2026-03-02T11:07:30Z', '5000'));
      expect(rows(result)).toEqual([
        [0, 'TIME', '30', '30', '3.60'],
        [1, 'TIME', '7.5', '15', '0.90'],
      ]);
      expect(result.totalExclVat).toBe('4.50');
    });

    it('bills parking in 15-minute steps: 20 minutes parked are 30 minutes billed', () => {
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '0',
        elements: [
          {
            priceComponents: [
              { type: 'ENERGY', price: '0.30' },
              { type: 'PARKING_TIME', price: '0.10', stepSize: 900 },
            ],
          },
        ],
      };
      const session = sessionFromTotals({
        startedAt: '2026-03-02T10:00:00Z',
        chargingEndedAt: '2026-03-02T10:40:00Z',
        endedAt: '2026-03-02T11:00:00Z',
        energyWh: '10000',
        timeZone: 'UTC',
      });
      expect(rows(rateSession(tariff, session))).toEqual([
        [0, 'ENERGY', '10', '10', '3.00'],
        [0, 'PARKING_TIME', '20', '30', '3.00'],
      ]);
    });
  });

  describe('time of day crossing midnight (22:00–06:00), a session 21:30–07:00 in Europe/Berlin', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        {
          priceComponents: [
            { type: 'ENERGY', price: '0.20' },
            { type: 'PARKING_TIME', price: '0.00' },
          ],
          restrictions: { startTime: '22:00', endTime: '06:00' },
        },
        {
          priceComponents: [
            { type: 'ENERGY', price: '0.30' },
            { type: 'PARKING_TIME', price: '0.10' },
          ],
        },
      ],
    };

    it('charging all the time: 8 h of night energy, 1.5 h of day energy', () => {
      // 2026-01-15 21:30 CET = 20:30Z; 2026-01-16 07:00 CET = 06:00Z; 19 kWh evenly = 2 kWh per hour.
      const result = rateSession(
        tariff,
        charging('2026-01-15T20:30:00Z', '2026-01-16T06:00:00Z', '19000', 'Europe/Berlin'),
      );
      expect(rows(result)).toEqual([
        [0, 'ENERGY', '16', '16', '3.20'],
        [1, 'ENERGY', '3', '3', '0.90'],
      ]);
      expect(result.totalExclVat).toBe('4.10');
    });

    it('charging until 05:30, then parked: parking is free at night and charged from 06:00', () => {
      const session = sessionFromTotals({
        startedAt: '2026-01-15T20:30:00Z',
        chargingEndedAt: '2026-01-16T04:30:00Z',
        endedAt: '2026-01-16T06:00:00Z',
        energyWh: '16000',
        timeZone: 'Europe/Berlin',
      });
      const result = rateSession(tariff, session);
      expect(rows(result)).toEqual([
        [0, 'ENERGY', '15', '15', '3.00'],
        [1, 'ENERGY', '1', '1', '0.30'],
        [0, 'PARKING_TIME', '30', '30', '0.00'],
        [1, 'PARKING_TIME', '60', '60', '6.00'],
      ]);
      expect(result.totalExclVat).toBe('9.30');
    });

    it('reads the window in local time across a daylight-saving change (Berlin, night of 2026-03-29)', () => {
      // 21:30 CET (20:30Z) to 07:00 CEST (05:00Z): 8.5 real hours, of which 22:00 CET–06:00 CEST is 7 real hours.
      const result = rateSession(
        tariff,
        charging('2026-03-28T20:30:00Z', '2026-03-29T05:00:00Z', '17000', 'Europe/Berlin'),
      );
      expect(rows(result)).toEqual([
        [0, 'ENERGY', '14', '14', '2.80'],
        [1, 'ENERGY', '3', '3', '0.90'],
      ]);
    });
  });

  describe('energy tiers (maxKwh)', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        { priceComponents: [{ type: 'ENERGY', price: '0.40' }], restrictions: { maxKwh: '10' } },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    };

    it('prices exactly the first 10 kWh at the first tier, whatever the durations and energies (2,000 sessions)', () => {
      // Before the fix, shares of energy rounded per piece left the first piece a µWh short of 10 kWh, so the next
      // piece still "started below 10 kWh" and the whole session was priced at the first tier (1,395 of these 2,000).
      for (let s = 1; s < 2000; s++) {
        const start = Date.parse('2026-03-02T10:00:00Z');
        const energyWh = (15000 + s * 3.7).toFixed(3);
        const result = rateSession(
          tariff,
          charging(new Date(start).toISOString(), new Date(start + 3_600_000 + s * 7_919).toISOString(), energyWh),
        );
        const quantities = result.lines.map((l) => [l.elementIndex, l.quantity]);
        const rest = (Number(energyWh) / 1000 - 10).toFixed(6).replace(/\.?0+$/, '');
        if (
          JSON.stringify(quantities) !==
          JSON.stringify([
            [0, '10'],
            [1, rest],
          ])
        ) {
          throw new Error(`case ${s}: ${JSON.stringify(quantities)}`);
        }
      }
    });

    it('15,003.7 Wh over 1 h 0 min 7.919 s: 10 kWh at 0.40 and 5.0037 kWh at 0.30', () => {
      const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:07.919Z', '15003.7'));
      expect(rows(result)).toEqual([
        [0, 'ENERGY', '10', '10', '4.00'],
        [1, 'ENERGY', '5.0037', '5.0037', '1.50'],
      ]);
    });
  });

  it('starts a window whose start time the clocks skip at the jump (02:30–03:30 on the night of 02:00 → 03:00)', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '0',
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.10' }],
          restrictions: { startTime: '02:30', endTime: '03:30' },
        },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    };
    // 00:00Z–02:00Z = 01:00 CET … 01:59:59 CET, 03:00 CEST … 04:00 CEST; the window holds 03:00–03:30 CEST (30 min).
    const result = rateSession(
      tariff,
      charging('2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z', '2000', 'Europe/Berlin'),
    );
    expect(rows(result)).toEqual([
      [0, 'ENERGY', '0.5', '0.5', '0.05'],
      [1, 'ENERGY', '1.5', '1.5', '0.45'],
    ]);
  });

  describe('VAT', () => {
    it('taxes each component at its own rate, else at the tariff rate, and totals the VAT of the lines', () => {
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '19',
        elements: [
          {
            priceComponents: [
              { type: 'ENERGY', price: '0.30' },
              { type: 'TIME', price: '0.05', vatPercent: '7' },
              { type: 'FLAT', price: '1.00', vatPercent: '0' },
            ],
          },
        ],
      };
      const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '10000'));
      expect(result.lines.map((l) => [l.type, l.vatPercent, l.amountExclVat, l.vatAmount, l.amountInclVat])).toEqual([
        ['ENERGY', '19', '3.00', '0.57', '3.57'],
        ['TIME', '7', '3.00', '0.21', '3.21'],
        ['FLAT', '0', '1.00', '0.00', '1.00'],
      ]);
      expect([result.totalExclVat, result.totalVat, result.totalInclVat]).toEqual(['7.00', '0.78', '7.78']);
    });

    it('bounds by minPrice with the adjustment taxed at the tariff rate, whatever the components’ rates', () => {
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '20',
        minPrice: '2.50',
        elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.40', vatPercent: '5' }] }],
      };
      const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T10:20:00Z', '2500'));
      expect(result.lines.map((l) => [l.type, l.vatPercent, l.amountExclVat, l.vatAmount])).toEqual([
        ['ENERGY', '5', '1.00', '0.05'],
        ['MIN_PRICE', '20', '1.50', '0.30'],
      ]);
      expect([result.totalExclVat, result.totalVat, result.totalInclVat]).toEqual(['2.50', '0.35', '2.85']);
    });

    it('caps at maxPrice even when steps and a flat fee push the total over it', () => {
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '19',
        maxPrice: '12.00',
        elements: [
          {
            priceComponents: [
              { type: 'FLAT', price: '2.00' },
              { type: 'ENERGY', price: '0.45', stepSize: 1000 },
            ],
          },
        ],
      };
      const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '30100'));
      // 31 kWh × 0.45 = 13.95 + 2.00 = 15.95 → capped by −3.95
      expect(result.lines.at(-1)).toMatchObject({ type: 'MAX_PRICE', amountExclVat: '-3.95', vatAmount: '-0.75' });
      expect([result.totalExclVat, result.totalVat, result.totalInclVat]).toEqual(['12.00', '2.28', '14.28']);
    });
    it('spreads a max-price cap over the VAT rates in proportion, so VAT follows the reduced amounts', () => {
      // Energy 3.00 at 19 % and time 3.00 at 7 %, capped at 4.50: −0.75 at each rate (the cap used to be taxed
      // wholly at the tariff rate, which made VAT negative when most of the amount carried a lower rate).
      const tariff: TariffJson = {
        currency: 'EUR',
        vatPercent: '19',
        maxPrice: '4.50',
        elements: [
          {
            priceComponents: [
              { type: 'ENERGY', price: '0.30' },
              { type: 'TIME', price: '0.05', vatPercent: '7' },
            ],
          },
        ],
      };
      const result = rateSession(tariff, charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '10000'));
      expect(result.lines.map((l) => [l.type, l.vatPercent, l.amountExclVat, l.vatAmount])).toEqual([
        ['ENERGY', '19', '3.00', '0.57'],
        ['TIME', '7', '3.00', '0.21'],
        ['MAX_PRICE', '19', '-0.75', '-0.14'],
        ['MAX_PRICE', '7', '-0.75', '-0.05'],
      ]);
      expect([result.totalExclVat, result.totalVat, result.totalInclVat]).toEqual(['4.50', '0.59', '5.09']);
    });
  });

  describe('the agreement’s rounding rule', () => {
    // Two lines of exactly 0.125 each: element 0 prices 10:00–11:00, element 1 the rest; 1 kWh over 10:30–11:30.
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.25' }],
          restrictions: { startTime: '10:00', endTime: '11:00' },
        },
        { priceComponents: [{ type: 'ENERGY', price: '0.25' }] },
      ],
    };
    const session = charging('2026-03-02T10:30:00Z', '2026-03-02T11:30:00Z', '1000');

    it('per line (default), half up: 0.13 + 0.13', () => {
      const result = rateSession(tariff, session);
      expect(result.lines.map((l) => [l.amountExclVat, l.vatAmount])).toEqual([
        ['0.13', '0.02'],
        ['0.13', '0.02'],
      ]);
      expect([result.totalExclVat, result.totalVat, result.totalInclVat]).toEqual(['0.26', '0.04', '0.30']);
      expect(result.rounding).toEqual({ scale: 2, mode: 'HALF_UP', per: 'line' });
    });

    it('per line, half even: 0.12 + 0.12', () => {
      const result = rateSession(tariff, session, { rounding: RoundingMode.HALF_EVEN });
      expect(result.totalExclVat).toBe('0.24');
    });

    it('per total: exact lines, only the totals are rounded (0.25, VAT 0.0475 → 0.05)', () => {
      const result = rateSession(tariff, session, { per: 'total' });
      expect(result.lines.map((l) => [l.amountExclVat, l.vatAmount, l.amountInclVat])).toEqual([
        ['0.125', '0.02375', '0.14875'],
        ['0.125', '0.02375', '0.14875'],
      ]);
      expect([result.totalExclVat, result.totalVat, result.totalInclVat]).toEqual(['0.25', '0.05', '0.30']);
      expect(result.rounding).toEqual({ scale: 2, mode: 'HALF_UP', per: 'total' });
    });

    it('per total with a max price: the adjustment is exact and the total lands on the cap', () => {
      const capped: TariffJson = { ...tariff, maxPrice: '0.20' };
      const result = rateSession(capped, session, { per: 'total' });
      expect(result.lines.at(-1)).toMatchObject({ type: 'MAX_PRICE', amountExclVat: '-0.05' });
      expect(result.totalExclVat).toBe('0.20');
    });
  });

  describe('reproducibility', () => {
    const tariff: TariffJson = {
      currency: 'EUR',
      vatPercent: '19',
      elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
    };

    it('fingerprints the canonical inputs: key order and UTC offsets do not matter, the rounding rule does', () => {
      const session = charging('2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', '12345');
      const same = charging('2026-03-02T11:00:00+01:00', '2026-03-02T12:00:00+01:00', '12345');
      const reordered = JSON.parse(
        '{"elements":[{"priceComponents":[{"price":"0.30","type":"ENERGY"}]}],"vatPercent":"19","currency":"EUR"}',
      ) as TariffJson;
      const fingerprint = ratingFingerprint(tariff, session);
      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(ratingFingerprint(reordered, same)).toBe(fingerprint);
      expect(ratingFingerprint(tariff, session, { rounding: RoundingMode.HALF_UP, per: 'line' })).toBe(fingerprint);
      expect(ratingFingerprint(tariff, session, { per: 'total' })).not.toBe(fingerprint);
      expect(ratingInputs(tariff, same)).toEqual({
        engineVersion: RATING_ENGINE_VERSION,
        tariff: { ...tariff, elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30', stepSize: 1 }] }] },
        session: {
          timeZone: 'UTC',
          periods: [
            {
              startedAt: '2026-03-02T10:00:00.000Z',
              endedAt: '2026-03-02T11:00:00.000Z',
              state: 'CHARGING',
              energyWh: '12345',
            },
          ],
        },
        rounding: { mode: 'HALF_UP', per: 'line' },
      });
      // Re-running from the canonical inputs gives the identical rating.
      const inputs = ratingInputs(tariff, same);
      expect(JSON.stringify(rateSession(inputs.tariff, inputs.session, { rounding: inputs.rounding.mode }))).toBe(
        JSON.stringify(rateSession(tariff, session)),
      );
    });
  });
});
