/**
 * Issue 6 "Speed": rate ≥ 20,000 records per second in one process (libs/rating, the engine settlement prices every
 * accepted record with).
 *
 *   node scripts/load.js --run test/load/settlement/rating-benchmark.ts [--records 200000] [--seed 6] [--warmup 20000]
 *
 * Generates N records (not timed): sessions of 10 minutes to 8 hours started anywhere in 2026, mostly in
 * Europe/Berlin, charged then often parked, each priced under one of a catalogue of mixed tariffs (day/night windows
 * crossing midnight, weekend prices, energy tiers, OCPI step sizes, parking fees, flat fees, min/max prices, VAT per
 * component) with one of the rounding rules. Then rates them all in one process, one after another, the way the
 * settlement pricer does: `rateSessionWith(compileTariff(tariff), session)` with each tariff compiled once (its
 * published version is immutable), and, for comparison, `rateSession(tariffJson, session)` parsing the tariff for
 * every record. Checks that both give identical results, and reports records per second against the target.
 * Prints the machine's load average: on a shared machine the figures depend on what else runs.
 */
import {
  type ChargingSessionJson,
  compileTariff,
  type RatingOptions,
  rateSession,
  rateSessionWith,
  sessionFromTotals,
  type TariffJson,
} from '@roaming/rating';
import { RoundingMode } from '@roaming/shared-kernel';
import { cpus, loadavg } from 'os';
import { performance } from 'perf_hooks';
import { Random } from '../src/scenario/random';

const TARGET_PER_SECOND = 20_000;

interface Options {
  records: number;
  seed: number;
  warmup: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { records: 200_000, seed: 6, warmup: 20_000 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (name === '--records') options.records = Math.floor(Number(argv[++i]));
    else if (name === '--seed') options.seed = Math.floor(Number(argv[++i]));
    else if (name === '--warmup') options.warmup = Math.floor(Number(argv[++i]));
    else throw new Error(`unknown option ${name}`);
  }
  if (!Number.isFinite(options.records) || options.records < 1) throw new Error('--records needs a number ≥ 1');
  if (!Number.isFinite(options.warmup) || options.warmup < 0) throw new Error('--warmup needs a number ≥ 0');
  return options;
}

/** The catalogue: what CPOs publish, from a plain energy price to a tariff using every kind of restriction. */
const TARIFFS: TariffJson[] = [
  { currency: 'EUR', vatPercent: '19', elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.39' }] }] },
  {
    currency: 'EUR',
    vatPercent: '19',
    elements: [
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.29', stepSize: 100 },
          { type: 'PARKING_TIME', price: '0.00' },
        ],
        restrictions: { startTime: '22:00', endTime: '06:00' },
      },
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.45', stepSize: 100 },
          { type: 'PARKING_TIME', price: '0.10', stepSize: 60 },
        ],
      },
    ],
  },
  {
    currency: 'EUR',
    vatPercent: '21',
    minPrice: '1.00',
    maxPrice: '60.00',
    elements: [
      { priceComponents: [{ type: 'FLAT', price: '0.50' }] },
      {
        priceComponents: [{ type: 'ENERGY', price: '0.35', stepSize: 1000 }],
        restrictions: { daysOfWeek: ['SATURDAY', 'SUNDAY'] },
      },
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.42' },
          { type: 'TIME', price: '0.02', stepSize: 300, vatPercent: '9' },
        ],
      },
    ],
  },
  {
    currency: 'EUR',
    vatPercent: '19',
    elements: [
      { priceComponents: [{ type: 'ENERGY', price: '0.59' }], restrictions: { minPowerKw: '50' } },
      { priceComponents: [{ type: 'ENERGY', price: '0.49' }], restrictions: { maxKwh: '20' } },
      { priceComponents: [{ type: 'ENERGY', price: '0.39' }] },
      {
        priceComponents: [{ type: 'TIME', price: '0.10', stepSize: 60 }],
        restrictions: { minDurationSeconds: 14400 },
      },
      { priceComponents: [{ type: 'PARKING_TIME', price: '0.15', stepSize: 900 }] },
    ],
  },
  {
    currency: 'EUR',
    vatPercent: '20',
    elements: [
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.30', stepSize: 500 },
          { type: 'TIME', price: '0.05', stepSize: 60 },
        ],
        restrictions: {
          startTime: '08:00',
          endTime: '20:00',
          daysOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
        },
      },
      {
        priceComponents: [
          { type: 'ENERGY', price: '0.25', stepSize: 500 },
          { type: 'TIME', price: '0.01', stepSize: 60 },
          { type: 'PARKING_TIME', price: '0.05', stepSize: 300 },
        ],
      },
    ],
  },
  {
    currency: 'CHF',
    vatPercent: '8.1',
    elements: [
      {
        priceComponents: [
          { type: 'FLAT', price: '1.00' },
          { type: 'ENERGY', price: '0.55' },
        ],
      },
    ],
  },
];

const ZONES = ['Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin', 'Europe/Amsterdam', 'Europe/Zurich', 'UTC'];
const RULES: RatingOptions[] = [{}, {}, {}, { rounding: RoundingMode.HALF_EVEN }, { per: 'total' }];

interface RatingCase {
  tariff: number;
  session: ChargingSessionJson;
  options: RatingOptions;
}

function generate(count: number, seed: number): RatingCase[] {
  const r = new Random(seed, 'rating-benchmark');
  const cases: RatingCase[] = [];
  for (let i = 0; i < count; i++) {
    const start = Date.UTC(2026, 0, 1) + r.int(365 * 86_400) * 1000;
    const chargingS = 600 + r.int(8 * 3600 - 600);
    const parkingS = r.chance(0.6) ? r.int(3 * 3600) : 0;
    const kw = 3 + r.int(150);
    const energyWh = Math.min(Math.round((kw * chargingS) / 3.6), 120_000);
    cases.push({
      tariff: r.int(TARIFFS.length),
      session: sessionFromTotals({
        startedAt: new Date(start).toISOString(),
        chargingEndedAt: new Date(start + chargingS * 1000).toISOString(),
        endedAt: new Date(start + (chargingS + parkingS) * 1000).toISOString(),
        energyWh: r.chance(0.5) ? String(energyWh) : `${energyWh}.${r.int(1000).toString().padStart(3, '0')}`,
        timeZone: ZONES[r.int(ZONES.length)],
      }),
      options: RULES[r.int(RULES.length)],
    });
  }
  return cases;
}

function run(
  cases: readonly RatingCase[],
  rate: (c: RatingCase) => { totalInclVat: string },
): { seconds: number; perSecond: number; checksum: string } {
  let digest = 0;
  const started = performance.now();
  for (const c of cases) {
    const { totalInclVat } = rate(c);
    for (let i = 0; i < totalInclVat.length; i++) digest = (Math.imul(digest, 31) + totalInclVat.charCodeAt(i)) | 0;
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: Math.round(cases.length / seconds), checksum: (digest >>> 0).toString(16) };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const load = { atStart: loadavg() };
  const cases = generate(options.records, options.seed);
  const warmup = cases.slice(0, Math.min(options.warmup, cases.length));
  const compiled = TARIFFS.map((t) => compileTariff(t));

  // Identical results, record by record, on a sample (the property test in libs/rating checks the rest).
  for (const c of cases.slice(0, 2_000)) {
    const a = JSON.stringify(rateSession(TARIFFS[c.tariff], c.session, c.options));
    const b = JSON.stringify(rateSessionWith(compiled[c.tariff], c.session, c.options));
    if (a !== b) throw new Error(`compiled and plain rating differ: ${JSON.stringify(c)}`);
  }

  const withCompiled = (c: RatingCase) => rateSessionWith(compiled[c.tariff], c.session, c.options);
  const plain = (c: RatingCase) => rateSession(TARIFFS[c.tariff], c.session, c.options);
  run(warmup, withCompiled);
  const compiledRun = run(cases, withCompiled);
  run(warmup, plain);
  const plainRun = run(cases, plain);
  if (compiledRun.checksum !== plainRun.checksum) throw new Error('compiled and plain runs differ');

  const report = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
      loadAverage: { ...load, atEnd: loadavg() },
    },
    records: options.records,
    tariffs: TARIFFS.length,
    seed: options.seed,
    compiledTariff: compiledRun,
    parseTariffPerRecord: plainRun,
    target: { recordsPerSecond: TARGET_PER_SECOND, met: compiledRun.perSecond >= TARGET_PER_SECOND },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!report.target.met) process.exitCode = 1;
}

main();
