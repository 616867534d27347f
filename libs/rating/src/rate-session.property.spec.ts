import { Decimal, RoundingMode } from '@roaming/shared-kernel';
import { Random } from '../../../test/load/src/scenario/random';
import { compileTariff, type RatingOptions, rateSession, rateSessionWith, type RatingResult } from './rate-session';
import { ratingFingerprint } from './rating-fingerprint';
import type { TariffJson } from './tariff.model';
import { randomSession, randomTariff } from './testing/random-rating';

/**
 * Property tests over seeded random tariffs and sessions (issue 6 "Done when": rating is deterministic). Each case
 * names its seed, so a failure is replayed with `new Random(seed, 'rating')`.
 */
const CASES = 400;
const SEED = 20260306;
const RULES: RatingOptions[] = [
  {},
  { rounding: RoundingMode.HALF_EVEN },
  { rounding: RoundingMode.DOWN, per: 'line' },
  { rounding: RoundingMode.UP, per: 'total' },
  { per: 'total' },
];

function* cases() {
  for (let i = 0; i < CASES; i++) {
    const r = new Random(SEED + i, 'rating');
    yield { seed: SEED + i, tariff: randomTariff(r), session: randomSession(r), options: RULES[i % RULES.length] };
  }
}

const sum = (values: string[]) => values.reduce((s, v) => s.add(Decimal.parse(v)), Decimal.ZERO);
const reversedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reversedKeys)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .reverse()
            .map(([k, v]) => [k, reversedKeys(v)]),
        )
      : value;

function explain(seed: number, tariff: TariffJson, result: RatingResult) {
  return `seed ${seed}: ${JSON.stringify({ tariff, result })}`;
}

describe('rateSession properties (issue 6: deterministic, adds up, never negative)', () => {
  it(`is deterministic: the same inputs give identical JSON, whatever the key order (${CASES} cases)`, () => {
    for (const { seed, tariff, session, options } of cases()) {
      const first = JSON.stringify(rateSession(tariff, session, options));
      const copy = JSON.parse(JSON.stringify({ tariff, session })) as { tariff: TariffJson; session: typeof session };
      const again = JSON.stringify(rateSession(copy.tariff, copy.session, options));
      const reordered = JSON.stringify(
        rateSession(reversedKeys(tariff) as TariffJson, reversedKeys(session) as typeof session, options),
      );
      if (again !== first || reordered !== first) throw new Error(`not deterministic, seed ${seed}`);
      expect(ratingFingerprint(reversedKeys(tariff) as TariffJson, session, options)).toBe(
        ratingFingerprint(tariff, session, options),
      );
    }
  });

  it('gives identical results with a compiled tariff (compileTariff once, rateSessionWith per record)', () => {
    for (const { seed, tariff, session, options } of cases()) {
      const compiled = compileTariff(tariff);
      const expected = JSON.stringify(rateSession(tariff, session, options));
      if (JSON.stringify(rateSessionWith(compiled, session, options)) !== expected) {
        throw new Error(`compiled rating differs, seed ${seed}`);
      }
      // and a compiled tariff is not changed by use
      if (JSON.stringify(rateSessionWith(compiled, session, options)) !== expected) {
        throw new Error(`second use of a compiled tariff differs, seed ${seed}`);
      }
    }
  });

  it('adds up: per line the lines sum to the totals exactly; per total the totals are the rounded sums', () => {
    for (const { seed, tariff, session, options } of cases()) {
      const result = rateSession(tariff, session, options);
      const { scale, mode, per } = result.rounding;
      const excl = sum(result.lines.map((l) => l.amountExclVat));
      const vat = sum(result.lines.map((l) => l.vatAmount));
      for (const line of result.lines) {
        expect(
          Decimal.parse(line.amountInclVat).equals(
            Decimal.parse(line.amountExclVat).add(Decimal.parse(line.vatAmount)),
          ),
        ).toBe(true);
      }
      const expected = per === 'line' ? { excl, vat } : { excl: excl.round(scale, mode), vat: vat.round(scale, mode) };
      const actual = {
        excl: Decimal.parse(result.totalExclVat),
        vat: Decimal.parse(result.totalVat),
        incl: Decimal.parse(result.totalInclVat),
      };
      if (
        !actual.excl.equals(expected.excl) ||
        !actual.vat.equals(expected.vat) ||
        !actual.incl.equals(actual.excl.add(actual.vat))
      ) {
        throw new Error(`totals do not add up: ${explain(seed, tariff, result)}`);
      }
      for (const total of [result.totalExclVat, result.totalVat, result.totalInclVat]) {
        expect(Decimal.parse(total).scale).toBe(scale);
      }
    }
  });

  it('is never negative for non-negative prices: lines (but a max-price cap) and totals, and honours min/max', () => {
    for (const { seed, tariff, session, options } of cases()) {
      const result = rateSession(tariff, session, options);
      const { scale, mode } = result.rounding;
      for (const line of result.lines) {
        if (line.type === 'MAX_PRICE') continue;
        if (Decimal.parse(line.amountExclVat).isNegative() || Decimal.parse(line.vatAmount).isNegative()) {
          throw new Error(`negative line: ${explain(seed, tariff, result)}`);
        }
      }
      const total = Decimal.parse(result.totalExclVat);
      if (total.isNegative() || Decimal.parse(result.totalVat).isNegative()) {
        throw new Error(`negative total: ${explain(seed, tariff, result)}`);
      }
      if (tariff.minPrice && total.compare(Decimal.parse(tariff.minPrice).round(scale, mode)) < 0) {
        throw new Error(`below minPrice: ${explain(seed, tariff, result)}`);
      }
      if (tariff.maxPrice && total.compare(Decimal.parse(tariff.maxPrice).round(scale, mode)) > 0) {
        throw new Error(`above maxPrice: ${explain(seed, tariff, result)}`);
      }
    }
  });

  it('bills at least what was used: billed quantity ≥ quantity on every line, and sums the session’s energy', () => {
    for (const { seed, tariff, session, options } of cases()) {
      const result = rateSession(tariff, session, options);
      for (const line of result.lines) {
        if (Decimal.parse(line.billedQuantity).compare(Decimal.parse(line.quantity)) < 0) {
          throw new Error(`billed below used: ${explain(seed, tariff, result)}`);
        }
      }
      const energyLines = result.lines.filter((l) => l.type === 'ENERGY');
      const priced = tariff.elements.every((e) => e.restrictions === undefined) && energyLines.length > 0;
      if (priced) {
        const used = sum(energyLines.map((l) => l.quantity));
        const charged = sum(session.periods.map((p) => p.energyWh));
        // quantities are shown in kWh with 6 decimals: equal to the milli-Wh
        expect(
          used
            .subtract(charged.multiply(Decimal.parse('0.001')))
            .abs()
            .compare(Decimal.parse('0.000001')),
        ).toBeLessThanOrEqual(0);
      }
    }
  });
});
