import { Decimal, RoundingMode } from '@roaming/shared-kernel';
import {
  type ChargingPeriod,
  type ChargingSession,
  type ChargingSessionJson,
  parseChargingSession,
} from './charging-session';
import { minorUnitDigits } from './currency-minor-unit';
import { ceilToMultiple, divideToInteger, ratio } from './decimal-math';
import { instantOf, localDates, localTime, offsetTransitions } from './local-time';
import { parseTariff, type Restrictions, type Tariff } from './tariff';
import type { PriceComponentType, TariffJson } from './tariff.model';

/** One line of a rating: what one tariff element charged for one dimension (or a min/max price adjustment). */
export interface RatedLine {
  /** Index of the tariff element that priced it; null for a min/max price adjustment. */
  elementIndex: number | null;
  type: PriceComponentType | 'MIN_PRICE' | 'MAX_PRICE';
  /** Used: kWh (ENERGY), minutes (TIME, PARKING_TIME), sessions (FLAT); 6 decimals at most, for reading. */
  quantity: string;
  /** Billed, after the step size (OCPI step_size): what the amount is for. */
  billedQuantity: string;
  /** Excluding VAT, per unit of quantity. */
  unitPrice: string;
  vatPercent: string;
  amountExclVat: string;
  vatAmount: string;
  amountInclVat: string;
}

export interface RatingResult {
  currency: string;
  totalExclVat: string;
  totalVat: string;
  totalInclVat: string;
  lines: RatedLine[];
  /** How amounts were rounded (the agreement's rounding rule, see RatingOptions), at the currency's minor unit. */
  rounding: { scale: number; mode: RoundingMode; per: RoundingPer };
}

/**
 * Where amounts are rounded to the currency's minor unit:
 * - 'line' (default): each line's amount excluding VAT is rounded, its VAT is computed from that rounded amount and
 *   rounded too; totals are sums of rounded lines, so the breakdown adds up to the cent (what OCPI and most CPO
 *   invoices show);
 * - 'total': lines carry exact amounts (up to 12 fraction digits, never rounded); only the totals are rounded:
 *   totalExclVat = round(Σ line amounts excl. VAT), totalVat = round(Σ line VAT), totalInclVat = their sum. The lines
 *   then add up to the totals before rounding (OCPI issue 401, rounding per line or per total).
 */
export type RoundingPer = 'line' | 'total';

/** The rounding rule of a roaming agreement; absent fields take the defaults (HALF_UP per line). */
export interface RatingOptions {
  /** The rounding mode; default HALF_UP (commercial rounding). */
  rounding?: RoundingMode;
  /** Round each line or only the totals; default 'line'. */
  per?: RoundingPer;
}

/** The rounding rule with its defaults filled in: what a rating is reproducible from. */
export function roundingRule(options: RatingOptions = {}): { mode: RoundingMode; per: RoundingPer } {
  return { mode: options.rounding ?? RoundingMode.HALF_UP, per: options.per ?? 'line' };
}

type Dimension = 'ENERGY' | 'TIME' | 'PARKING_TIME';
const KWH = 1000n;
const MINUTE_MS = 60_000n;
const HOUR_MS = 3_600_000n;
const EXACT = 12;

/** A piece of a period within which no restriction changes. */
interface Slice {
  start: number;
  ms: bigint;
  charging: boolean;
  energyWh: Decimal;
  /** Energy charged in the session before the slice. */
  energyBeforeWh: Decimal;
  powerKw: Decimal;
  /** Local time at `start`, filled in on first use. */
  local?: { minute: number; weekday: number };
}

/**
 * Rates a charging session against a tariff — a pure function: same inputs, same result, nothing read from the clock.
 *
 * 1. The session is cut where any restriction of the tariff can change: at the local times of day the elements name
 *    (and at midnight when days of the week matter), at the durations and at the energy totals they name (energy is
 *    spread evenly over its period, so an energy bound falls at a computed instant).
 * 2. For each piece and each dimension it uses (ENERGY always; TIME while charging; PARKING_TIME while parking), the
 *    first element that prices that dimension and whose restrictions all hold at the start of the piece prices it
 *    (OCPI 2.2 element selection). FLAT is charged once, by the first element with a FLAT component that applies at
 *    the start of the session (or, failing that, later). A zero-length session (end = start, 0 Wh) has no energy or
 *    time to price: only its flat fee, and minPrice (step 5), apply.
 * 3. Step sizes (OCPI step_size) apply to the session's total of a dimension: it is billed in whole steps of the last
 *    element that priced it, and what the rounding adds is charged at that element's price.
 * 4. Each line (element × dimension) is charged exactly and then rounded once, at the currency's minor unit (cents for
 *    EUR), half up unless `options.rounding` says otherwise; its VAT is rounded the same way from the rounded amount.
 *    Totals are sums of rounded lines, so the breakdown always adds up (OCPI issue 401: rounding per line or per total).
 *    With `options.per: 'total'` lines stay exact and only the totals are rounded (see RoundingPer).
 * 5. minPrice/maxPrice bound the total excluding VAT by adjustment lines: a MIN_PRICE line taxed at the tariff's VAT
 *    rate, or MAX_PRICE lines that reduce each VAT rate's share in proportion (see priceBound).
 */
export function rateSession(
  tariff: TariffJson,
  session: ChargingSessionJson,
  options: RatingOptions = {},
): RatingResult {
  return rate(parseTariff(tariff).tariff, parseChargingSession(session), options);
}

/**
 * A tariff checked once, to rate many sessions with (a published tariff version never changes, so settlement compiles
 * it once and reuses it). rateSessionWith(compileTariff(t), s, o) gives exactly what rateSession(t, s, o) gives.
 */
export interface CompiledTariff {
  readonly tariff: Tariff;
}

export function compileTariff(tariff: TariffJson): CompiledTariff {
  return { tariff: parseTariff(tariff).tariff };
}

/** rateSession with a compiled tariff: the session is still checked, the tariff is not parsed again. */
export function rateSessionWith(
  compiled: CompiledTariff,
  session: ChargingSessionJson,
  options: RatingOptions = {},
): RatingResult {
  return rate(compiled.tariff, parseChargingSession(session), options);
}

/** rateSession on a tariff and a session already checked. */
export function rate(tariff: Tariff, session: ChargingSession, options: RatingOptions = {}): RatingResult {
  const { mode, per } = roundingRule(options);
  const scale = minorUnitDigits(tariff.currency);
  const rule: Rule = { scale, mode, per };

  const slices = cut(session, tariff);
  const volumes = new Map<string, { elementIndex: number; type: Dimension; volume: bigint | Decimal }>();
  const lastUsed = new Map<Dimension, number>();
  for (const slice of slices) {
    // A moment (a period of no length) has no time and, by parseChargingSession, no energy: it prices no dimension.
    if (slice.ms === 0n) continue;
    for (const dimension of dimensionsOf(slice)) {
      const elementIndex = tariff.elements.findIndex(
        (e) => e.components.some((c) => c.type === dimension) && applies(e.restrictions, slice, session),
      );
      if (elementIndex < 0) continue;
      const key = `${elementIndex}:${dimension}`;
      const current = volumes.get(key);
      const add = dimension === 'ENERGY' ? slice.energyWh : slice.ms;
      volumes.set(key, { elementIndex, type: dimension, volume: plus(current?.volume, add) });
      lastUsed.set(dimension, elementIndex);
    }
  }

  const lines: RatedLine[] = [];
  for (const dimension of ['ENERGY', 'TIME', 'PARKING_TIME'] as const) {
    const entries = [...volumes.values()].filter((v) => v.type === dimension);
    if (entries.length === 0) continue;
    const last = lastUsed.get(dimension) as number;
    const step = BigInt(componentOf(tariff, last, dimension).stepSize);
    const extra = stepExtra(entries, dimension, step);
    for (const entry of entries.sort((a, b) => a.elementIndex - b.elementIndex)) {
      const component = componentOf(tariff, entry.elementIndex, dimension);
      const billed = entry.elementIndex === last ? plus(entry.volume, extra) : entry.volume;
      lines.push(
        line(entry.elementIndex, dimension, entry.volume, billed, component.price, component.vatPercent, rule),
      );
    }
  }
  const flat = flatElement(tariff, slices, session);
  if (flat !== null) {
    const component = componentOf(tariff, flat, 'FLAT');
    lines.push(line(flat, 'FLAT', 1n, 1n, component.price, component.vatPercent, rule));
  }

  lines.push(...priceBound(tariff, lines, rule));
  const total = (pick: (l: RatedLine) => string) =>
    lines.reduce((sum, l) => sum.add(Decimal.parse(pick(l))), Decimal.ZERO).round(scale, mode);
  const totalExclVat = total((l) => l.amountExclVat);
  const totalVat = total((l) => l.vatAmount);
  return {
    currency: tariff.currency,
    totalExclVat: totalExclVat.toString(),
    totalVat: totalVat.toString(),
    totalInclVat: totalExclVat.add(totalVat).toString(),
    lines,
    rounding: { scale, mode, per },
  };
}

interface Rule {
  scale: number;
  mode: RoundingMode;
  per: RoundingPer;
}

function dimensionsOf(slice: Slice): Dimension[] {
  return slice.charging ? ['ENERGY', 'TIME'] : ['PARKING_TIME'];
}

function componentOf(tariff: Tariff, elementIndex: number, type: PriceComponentType) {
  const component = tariff.elements[elementIndex].components.find((c) => c.type === type);
  if (!component) throw new Error(`element ${elementIndex} has no ${type} component`);
  return component;
}

function plus(a: bigint | Decimal | undefined, b: bigint | Decimal): bigint | Decimal {
  if (a === undefined) return b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  return (a as Decimal).add(b as Decimal);
}

/** What billing in whole steps adds to a dimension's session total (Wh or ms); a step of 1 bills it exactly. */
function stepExtra(entries: { volume: bigint | Decimal }[], dimension: Dimension, step: bigint): bigint | Decimal {
  if (step === 1n) return dimension === 'ENERGY' ? Decimal.ZERO : 0n;
  if (dimension === 'ENERGY') {
    const total = entries.reduce((sum: Decimal, e) => sum.add(e.volume as Decimal), Decimal.ZERO);
    const wholeWh = total.round(0, RoundingMode.UP).toBigInt();
    return Decimal.fromInteger(ceilToMultiple(wholeWh, step)).subtract(total);
  }
  const total = entries.reduce((sum: bigint, e) => sum + (e.volume as bigint), 0n);
  return ceilToMultiple(total, step * 1000n) - total;
}

function line(
  elementIndex: number,
  type: PriceComponentType,
  used: bigint | Decimal,
  billed: bigint | Decimal,
  price: Decimal,
  vatPercent: Decimal,
  rule: Rule,
): RatedLine {
  let exact: Decimal;
  let quantity: Decimal;
  let billedQuantity: Decimal;
  if (type === 'ENERGY') {
    quantity = ratio(used as Decimal, 1n, KWH, 6);
    billedQuantity = ratio(billed as Decimal, 1n, KWH, 6);
    exact = ratio(price.multiply(billed as Decimal), 1n, KWH, EXACT);
  } else if (type === 'FLAT') {
    quantity = Decimal.fromInteger(1);
    billedQuantity = quantity;
    exact = price;
  } else {
    quantity = ratio(Decimal.fromInteger(used as bigint), 1n, MINUTE_MS, 6);
    billedQuantity = ratio(Decimal.fromInteger(billed as bigint), 1n, MINUTE_MS, 6);
    exact = ratio(price, billed as bigint, MINUTE_MS, EXACT);
  }
  return priced(
    elementIndex,
    type,
    quantity.stripTrailingZeros(),
    billedQuantity.stripTrailingZeros(),
    price,
    vatPercent,
    exact,
    rule,
  );
}

function priced(
  elementIndex: number | null,
  type: RatedLine['type'],
  quantity: Decimal,
  billedQuantity: Decimal,
  unitPrice: Decimal,
  vatPercent: Decimal,
  exact: Decimal,
  { scale, mode, per }: Rule,
): RatedLine {
  let excl: Decimal;
  let vat: Decimal;
  if (per === 'line') {
    excl = exact.round(scale, mode);
    vat = ratio(excl.multiply(vatPercent), 1n, 100n, scale, mode);
  } else {
    // Exact: amounts carry at most EXACT digits and a percentage at most a few, so ÷ 100 loses nothing here.
    excl = exact.stripTrailingZeros().withMinScale(scale);
    const product = excl.multiply(vatPercent);
    vat = ratio(product, 1n, 100n, product.scale + 2, mode)
      .stripTrailingZeros()
      .withMinScale(scale);
  }
  return {
    elementIndex,
    type,
    quantity: quantity.toString(),
    billedQuantity: billedQuantity.toString(),
    unitPrice: unitPrice.toString(),
    vatPercent: vatPercent.toString(),
    amountExclVat: excl.toString(),
    vatAmount: vat.toString(),
    amountInclVat: excl.add(vat).toString(),
  };
}

/**
 * minPrice / maxPrice bound the total excluding VAT (OCPI min_price, max_price), both taken at the currency's minor
 * unit with the agreement's rounding mode.
 * - Below minPrice: one MIN_PRICE line adds the difference, taxed at the tariff's VAT rate (it is a charge of its own).
 * - Above maxPrice: the cap is a reduction of what was charged, so it reduces each VAT rate's share in proportion:
 *   one MAX_PRICE line per VAT rate of the lines (in order of first appearance), each taxed at that rate; the
 *   rate with the largest share takes what rounding leaves, so the lines add up to the cap exactly. (Taxing the whole
 *   reduction at the tariff rate could make the VAT of a session negative when its components carry other rates.)
 */
function priceBound(tariff: Tariff, lines: RatedLine[], rule: Rule): RatedLine[] {
  const total = lines.reduce((sum, l) => sum.add(Decimal.parse(l.amountExclVat)), Decimal.ZERO);
  const adjustment = (type: 'MIN_PRICE' | 'MAX_PRICE', difference: Decimal, vatPercent: Decimal) =>
    priced(null, type, Decimal.fromInteger(1), Decimal.fromInteger(1), difference, vatPercent, difference, rule);

  const min = tariff.minPrice?.round(rule.scale, rule.mode);
  if (min && total.compare(min) < 0) return [adjustment('MIN_PRICE', min.subtract(total), tariff.vatPercent)];
  const max = tariff.maxPrice?.round(rule.scale, rule.mode);
  if (!max || total.compare(max) <= 0) return [];

  const reduction = max.subtract(total); // negative
  const shares = new Map<string, { vatPercent: Decimal; amount: Decimal }>();
  for (const line of lines) {
    const vatPercent = Decimal.parse(line.vatPercent);
    const key = vatPercent.stripTrailingZeros().toString();
    const share = shares.get(key) ?? { vatPercent, amount: Decimal.ZERO };
    share.amount = share.amount.add(Decimal.parse(line.amountExclVat));
    shares.set(key, share);
  }
  const positive = [...shares.values()].filter((share) => share.amount.isPositive());
  const largest = positive.reduce((a, b) => (b.amount.compare(a.amount) > 0 ? b : a));
  // reduction × share ÷ total, at the minor unit (per line) or at the exact scale (per total)
  const scale = rule.per === 'line' ? rule.scale : EXACT;
  const totalUnits = total.withMinScale(0);
  const parts = positive.map((share) =>
    share === largest
      ? null
      : ratio(reduction.multiply(share.amount), 10n ** BigInt(totalUnits.scale), totalUnits.units, scale, rule.mode),
  );
  const rest = parts.reduce((sum: Decimal, part) => (part ? sum.subtract(part) : sum), reduction);
  return positive.map((share, index) => adjustment('MAX_PRICE', parts[index] ?? rest, share.vatPercent));
}

/** The element charging the session's flat fee: the first with FLAT that applies at the start (or later). */
function flatElement(tariff: Tariff, slices: Slice[], session: ChargingSession): number | null {
  for (const slice of slices) {
    const index = tariff.elements.findIndex(
      (e) => e.components.some((c) => c.type === 'FLAT') && applies(e.restrictions, slice, session),
    );
    if (index >= 0) return index;
  }
  return null;
}

/** The local time at the start of a slice, computed once per slice. */
function localOf(slice: Slice, session: ChargingSession): { minute: number; weekday: number } {
  slice.local ??= localTime(slice.start, session.timeZone);
  return slice.local;
}

/** Whether an element's restrictions all hold at the start of a slice. */
function applies(r: Restrictions, slice: Slice, session: ChargingSession): boolean {
  if (r.startMinute !== null && r.endMinute !== null) {
    const minute = localOf(slice, session).minute;
    const inside =
      r.startMinute < r.endMinute
        ? minute >= r.startMinute && minute < r.endMinute
        : minute >= r.startMinute || minute < r.endMinute;
    if (!inside) return false;
  }
  if (r.days && !r.days.has(localOf(slice, session).weekday)) return false;
  if (r.minWh && slice.energyBeforeWh.compare(r.minWh) < 0) return false;
  if (r.maxWh && slice.energyBeforeWh.compare(r.maxWh) >= 0) return false;
  if (r.minPowerKw && slice.powerKw.compare(r.minPowerKw) < 0) return false;
  if (r.maxPowerKw && slice.powerKw.compare(r.maxPowerKw) >= 0) return false;
  const elapsed = (slice.start - session.start) / 1000;
  if (r.minDurationSeconds !== null && elapsed < r.minDurationSeconds) return false;
  if (r.maxDurationSeconds !== null && elapsed >= r.maxDurationSeconds) return false;
  return true;
}

/** Cuts every period at each instant where a restriction of the tariff may change. */
function cut(session: ChargingSession, tariff: Tariff): Slice[] {
  const minutes = new Set<number>();
  const durations = new Set<number>();
  const energies: Decimal[] = [];
  for (const { restrictions: r } of tariff.elements) {
    if (r.startMinute !== null) minutes.add(r.startMinute);
    if (r.endMinute !== null) minutes.add(r.endMinute);
    if (r.days) minutes.add(0);
    if (r.minDurationSeconds !== null) durations.add(r.minDurationSeconds);
    if (r.maxDurationSeconds !== null) durations.add(r.maxDurationSeconds);
    if (r.minWh) energies.push(r.minWh);
    if (r.maxWh) energies.push(r.maxWh);
  }
  const slices: Slice[] = [];
  let before = Decimal.ZERO;
  for (const period of session.periods) {
    if (period.end === period.start) {
      // A period of no length is one moment, with nothing to share: it prices no dimension, but it is where a
      // zero-length session's flat fee is decided (flatElement), by the restrictions in force at that instant.
      const powerKw = period.powerKw ?? Decimal.ZERO;
      slices.push({
        start: period.start,
        ms: 0n,
        charging: period.charging,
        energyWh: Decimal.ZERO,
        energyBeforeWh: before,
        powerKw,
      });
      continue;
    }
    const cuts = new Set<number>();
    for (const date of minutes.size > 0 ? localDates(period.start, period.end, session.timeZone) : []) {
      for (const minute of minutes) cuts.add(instantOf(date.year, date.month, date.day, minute, session.timeZone));
    }
    if (minutes.size > 0) {
      for (const at of offsetTransitions(period.start, period.end, session.timeZone)) cuts.add(at);
    }
    for (const seconds of durations) cuts.add(session.start + seconds * 1000);
    /** Energy thresholds met inside the period: the instant (to the ms) and the exact energy into the period there. */
    const thresholds = new Map<number, Decimal>();
    if (period.charging && period.energyWh.isPositive()) {
      for (const threshold of energies) {
        const into = threshold.subtract(before);
        if (into.isPositive() && into.compare(period.energyWh) < 0) {
          const offset = divideToInteger(
            into.multiply(Decimal.fromInteger(period.end - period.start)),
            period.energyWh,
          );
          cuts.add(period.start + Number(offset));
          thresholds.set(period.start + Number(offset), into);
        }
      }
    }
    const points = [
      period.start,
      ...[...cuts].filter((t) => t > period.start && t < period.end).sort((a, b) => a - b),
      period.end,
    ];
    slices.push(...share(period, points, before, thresholds));
    before = before.add(period.energyWh);
  }
  return slices;
}

/**
 * Splits a period at `points`, sharing its energy by time: the energy charged by each point is the period's energy ×
 * the share of its time (to the µWh), except at an energy threshold of the tariff, where it is the threshold itself,
 * exactly, so the piece after a threshold starts at it (an element with maxKwh 10 never prices energy beyond 10 kWh
 * because a sum of rounded shares fell a µWh short). The running energy never decreases and never exceeds the period's.
 */
function share(period: ChargingPeriod, points: number[], before: Decimal, thresholds: Map<number, Decimal>): Slice[] {
  const total = BigInt(period.end - period.start);
  const power = period.powerKw ?? ratio(period.energyWh, HOUR_MS, total * KWH, 6);
  const slices: Slice[] = [];
  let given = Decimal.ZERO;
  for (let i = 0; i < points.length - 1; i++) {
    const end = points[i + 1];
    let by =
      i === points.length - 2
        ? period.energyWh
        : (thresholds.get(end) ?? ratio(period.energyWh, BigInt(end - period.start), total, 6));
    if (by.compare(given) < 0) by = given;
    if (by.compare(period.energyWh) > 0) by = period.energyWh;
    slices.push({
      start: points[i],
      ms: BigInt(end - points[i]),
      charging: period.charging,
      energyWh: by.subtract(given),
      energyBeforeWh: before.add(given),
      powerKw: power,
    });
    given = by;
  }
  return slices;
}
