import type { ChargingPeriodJson, ChargingSessionJson } from '../charging-session';
import type {
  DayOfWeek,
  PriceComponentJson,
  PriceComponentType,
  TariffElementJson,
  TariffJson,
  TariffRestrictionsJson,
} from '../tariff.model';

/**
 * Generators of valid tariffs and sessions for property tests and benchmarks. They take any seeded source of
 * randomness (test/load/src/scenario/random.ts `Random` fits), so a failing case is replayed from its seed.
 */
export interface RandomSource {
  /** Uniform integer in [0, n). */
  int(n: number): number;
  chance(probability: number): boolean;
}

const pick = <T>(r: RandomSource, values: readonly T[]): T => values[r.int(values.length)];

const CURRENCIES = ['EUR', 'EUR', 'EUR', 'CHF', 'JPY', 'KWD'] as const;
const VAT_RATES = ['0', '19', '20', '7.7', '10', '21'] as const;
const ZONES = ['UTC', 'Europe/Berlin', 'Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo'] as const;
const DAYS: readonly DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const STEPS: Record<Exclude<PriceComponentType, 'FLAT'>, readonly number[]> = {
  ENERGY: [1, 1, 100, 500, 1000],
  TIME: [1, 1, 60, 300, 900],
  PARKING_TIME: [1, 60, 300, 900],
};

/** A non-negative decimal string with up to `digits` fraction digits, below `max`. */
export function randomAmount(r: RandomSource, max: number, digits: number): string {
  const units = r.int(max * 10 ** digits);
  const text = units.toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

const hhmm = (minute: number) =>
  `${Math.floor(minute / 60)
    .toString()
    .padStart(2, '0')}:${(minute % 60).toString().padStart(2, '0')}`;

function randomRestrictions(r: RandomSource): TariffRestrictionsJson | undefined {
  const restrictions: TariffRestrictionsJson = {};
  if (r.chance(0.5)) {
    const start = r.int(96) * 15;
    let end = r.int(96) * 15;
    if (end === start) end = (start + 8 * 60) % 1440;
    restrictions.startTime = hhmm(start);
    restrictions.endTime = hhmm(end);
  }
  if (r.chance(0.2)) restrictions.daysOfWeek = DAYS.filter(() => r.chance(0.5)).concat(pick(r, DAYS));
  if (restrictions.daysOfWeek) restrictions.daysOfWeek = [...new Set(restrictions.daysOfWeek)];
  if (r.chance(0.15)) restrictions.maxKwh = String(5 + r.int(40));
  if (r.chance(0.1)) restrictions.minPowerKw = String(11 + r.int(100));
  if (r.chance(0.15)) restrictions.minDurationSeconds = 600 * (1 + r.int(24));
  return Object.keys(restrictions).length > 0 ? restrictions : undefined;
}

function randomElement(r: RandomSource, restricted: boolean, digits: number): TariffElementJson {
  const types = (['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'] as const).filter(() => r.chance(0.5));
  if (types.length === 0) types.push(pick(r, ['ENERGY', 'TIME', 'PARKING_TIME'] as const));
  const priceComponents = types.map((type): PriceComponentJson => {
    const component: PriceComponentJson = {
      type,
      price: type === 'ENERGY' ? randomAmount(r, 1, digits + 2) : randomAmount(r, type === 'FLAT' ? 3 : 1, digits + 1),
    };
    if (type !== 'FLAT') component.stepSize = pick(r, STEPS[type]);
    if (r.chance(0.15)) component.vatPercent = pick(r, VAT_RATES);
    return component;
  });
  const restrictions = restricted ? randomRestrictions(r) : undefined;
  return { priceComponents, ...(restrictions ? { restrictions } : {}) };
}

/** A tariff with 1–4 elements, mixed restrictions and step sizes, sometimes a min and/or max price. */
export function randomTariff(r: RandomSource): TariffJson {
  const currency = pick(r, CURRENCIES);
  const digits = currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2;
  const count = 1 + r.int(4);
  const elements = Array.from({ length: count }, (_, index) =>
    randomElement(r, index < count - 1 || r.chance(0.3), digits),
  );
  const tariff: TariffJson = { currency, vatPercent: pick(r, VAT_RATES), elements };
  if (r.chance(0.2)) tariff.minPrice = randomAmount(r, 3, digits);
  if (r.chance(0.2)) {
    const max = randomAmount(r, 60, digits);
    if (!tariff.minPrice || Number(max) >= Number(tariff.minPrice)) tariff.maxPrice = max;
  }
  return tariff;
}

/**
 * A session of 1–4 back-to-back periods starting with charging (charging and parking alternate) anywhere in 2026,
 * 1 minute to 6 hours each, energy in Wh with up to 3 fraction digits, sometimes a stated power.
 */
export function randomSession(r: RandomSource): ChargingSessionJson {
  let at = Date.UTC(2026, 0, 1) + r.int(365 * 86_400) * 1000;
  const periods: ChargingPeriodJson[] = [];
  const count = 1 + r.int(4);
  for (let i = 0; i < count; i++) {
    const ms = (60 + r.int(6 * 3600 - 60)) * 1000;
    const charging = i % 2 === 0;
    const hours = ms / 3_600_000;
    const energyWh = charging ? randomAmount(r, Math.max(1, Math.floor(hours * 50_000)), r.chance(0.5) ? 0 : 3) : '0';
    const period: ChargingPeriodJson = {
      startedAt: new Date(at).toISOString(),
      endedAt: new Date(at + ms).toISOString(),
      state: charging ? 'CHARGING' : 'PARKING',
      energyWh,
    };
    if (charging && r.chance(0.2)) period.powerKw = String(3 + r.int(150));
    periods.push(period);
    at += ms;
  }
  return { timeZone: pick(r, ZONES), periods };
}
