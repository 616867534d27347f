import { canonicalJson, Decimal, DomainError, isIsoCurrencyCode } from '@roaming/shared-kernel';
import { TariffErrors } from './tariff.errors';
import {
  DAYS_OF_WEEK,
  type DayOfWeek,
  PRICE_COMPONENT_TYPES,
  type PriceComponentJson,
  type PriceComponentType,
  type TariffElementJson,
  type TariffJson,
  type TariffRestrictionsJson,
} from './tariff.model';

export const MAX_TARIFF_ELEMENTS = 50;
const MAX_STEP_SIZE = 86_400;
const MAX_PERCENT = Decimal.fromInteger(100);

/** A checked tariff, with exact numbers: what rateSession works with. */
export interface Tariff {
  currency: string;
  vatPercent: Decimal;
  minPrice: Decimal | null;
  maxPrice: Decimal | null;
  elements: TariffElement[];
}

export interface TariffElement {
  components: PriceComponent[];
  restrictions: Restrictions;
}

export interface PriceComponent {
  type: PriceComponentType;
  price: Decimal;
  stepSize: number;
  vatPercent: Decimal;
}

export interface Restrictions {
  /** Minutes after local midnight; the window crosses midnight when end < start. */
  startMinute: number | null;
  endMinute: number | null;
  /** JavaScript day numbers (Sunday = 0). */
  days: ReadonlySet<number> | null;
  minWh: Decimal | null;
  maxWh: Decimal | null;
  minPowerKw: Decimal | null;
  maxPowerKw: Decimal | null;
  minDurationSeconds: number | null;
  maxDurationSeconds: number | null;
}

const TARIFF_FIELDS = new Set(['currency', 'vatPercent', 'minPrice', 'maxPrice', 'elements']);
const ELEMENT_FIELDS = new Set(['priceComponents', 'restrictions']);
const COMPONENT_FIELDS = new Set(['type', 'price', 'stepSize', 'vatPercent']);
const RESTRICTION_FIELDS = new Set([
  'startTime',
  'endTime',
  'daysOfWeek',
  'minKwh',
  'maxKwh',
  'minPowerKw',
  'maxPowerKw',
  'minDurationSeconds',
  'maxDurationSeconds',
]);
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Checks a tariff and returns it twice: exact (for rating) and as canonical JSON (for events and messages, with
 * defaults filled in). Every broken rule is a validation error whose code names the kind of rule (negative price,
 * inconsistent restriction, …) and whose details name the field and the rule. Validation and rating share this one
 * definition, so a tariff the registry accepted is one the rating engine can use.
 */
export function parseTariff(input: unknown): { tariff: Tariff; json: TariffJson } {
  const raw = object(input, '(root)');
  unknownFields(raw, TARIFF_FIELDS, '');
  const currency = raw.currency;
  if (typeof currency !== 'string' || !isIsoCurrencyCode(currency)) throw TariffErrors.currency('currency');
  const vatPercent = percent(raw.vatPercent, 'vatPercent');
  const minPrice = raw.minPrice === undefined || raw.minPrice === null ? null : amount(raw.minPrice, 'minPrice');
  const maxPrice = raw.maxPrice === undefined || raw.maxPrice === null ? null : amount(raw.maxPrice, 'maxPrice');
  if (minPrice && maxPrice && minPrice.compare(maxPrice) > 0) throw TariffErrors.priceRange();

  if (!Array.isArray(raw.elements) || raw.elements.length === 0) {
    throw TariffErrors.elements('elements', 'required', 'elements must hold at least one tariff element');
  }
  if (raw.elements.length > MAX_TARIFF_ELEMENTS) {
    throw TariffErrors.elements('elements', 'max-size', `a tariff has at most ${MAX_TARIFF_ELEMENTS} elements`);
  }
  const parsed = raw.elements.map((element: unknown, index: number) =>
    parseElement(element, `elements.${index}`, vatPercent),
  );
  return {
    tariff: { currency, vatPercent, minPrice, maxPrice, elements: parsed.map((p) => p.element) },
    json: {
      currency,
      vatPercent: vatPercent.toString(),
      ...(minPrice ? { minPrice: minPrice.toString() } : {}),
      ...(maxPrice ? { maxPrice: maxPrice.toString() } : {}),
      elements: parsed.map((p) => p.json),
    },
  };
}

/** Whether two tariffs mean the same: their canonical JSON is equal, whatever the order of their keys. */
export function sameTariff(a: TariffJson, b: TariffJson): boolean {
  return canonicalJson(parseTariff(a).json) === canonicalJson(parseTariff(b).json);
}

function parseElement(
  input: unknown,
  field: string,
  tariffVat: Decimal,
): { element: TariffElement; json: TariffElementJson } {
  const raw = object(input, field);
  unknownFields(raw, ELEMENT_FIELDS, `${field}.`);
  const components = raw.priceComponents;
  if (!Array.isArray(components) || components.length === 0) {
    throw TariffErrors.elements(
      `${field}.priceComponents`,
      'required',
      'an element needs at least one price component',
    );
  }
  const seen = new Set<PriceComponentType>();
  const parsed = components.map((component: unknown, index: number) => {
    const at = `${field}.priceComponents.${index}`;
    const result = parseComponent(component, at, tariffVat);
    if (seen.has(result.component.type)) {
      throw TariffErrors.elements(`${at}.type`, 'one-per-type', `an element prices each dimension at most once`);
    }
    seen.add(result.component.type);
    return result;
  });
  const restrictions = parseRestrictions(raw.restrictions, `${field}.restrictions`);
  return {
    element: { components: parsed.map((p) => p.component), restrictions: restrictions.restrictions },
    json: {
      priceComponents: parsed.map((p) => p.json),
      ...(restrictions.json ? { restrictions: restrictions.json } : {}),
    },
  };
}

function parseComponent(
  input: unknown,
  field: string,
  tariffVat: Decimal,
): { component: PriceComponent; json: PriceComponentJson } {
  const raw = object(input, field);
  unknownFields(raw, COMPONENT_FIELDS, `${field}.`);
  const type = raw.type as PriceComponentType;
  if (!PRICE_COMPONENT_TYPES.includes(type)) throw TariffErrors.componentType(`${field}.type`);
  const price = amount(raw.price, `${field}.price`);
  let stepSize = 1;
  if (raw.stepSize !== undefined && raw.stepSize !== null) {
    const value = raw.stepSize;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_STEP_SIZE) {
      throw TariffErrors.stepSize(`${field}.stepSize`);
    }
    stepSize = type === 'FLAT' ? 1 : value;
  }
  const ownVat =
    raw.vatPercent === undefined || raw.vatPercent === null ? null : percent(raw.vatPercent, `${field}.vatPercent`);
  return {
    component: { type, price, stepSize, vatPercent: ownVat ?? tariffVat },
    json: {
      type,
      price: price.toString(),
      ...(type === 'FLAT' ? {} : { stepSize }),
      ...(ownVat ? { vatPercent: ownVat.toString() } : {}),
    },
  };
}

function parseRestrictions(
  input: unknown,
  field: string,
): { restrictions: Restrictions; json: TariffRestrictionsJson | null } {
  const none: Restrictions = {
    startMinute: null,
    endMinute: null,
    days: null,
    minWh: null,
    maxWh: null,
    minPowerKw: null,
    maxPowerKw: null,
    minDurationSeconds: null,
    maxDurationSeconds: null,
  };
  if (input === undefined || input === null) return { restrictions: none, json: null };
  const raw = object(input, field);
  unknownFields(raw, RESTRICTION_FIELDS, `${field}.`);
  const json: TariffRestrictionsJson = {};

  const startMinute = timeOfDay(raw.startTime, `${field}.startTime`);
  const endMinute = timeOfDay(raw.endTime, `${field}.endTime`);
  if ((startMinute === null) !== (endMinute === null)) {
    throw TariffErrors.inconsistent(
      `${field}.${startMinute === null ? 'startTime' : 'endTime'}`,
      'start-and-end-together',
      'startTime and endTime come together',
    );
  }
  if (startMinute !== null && startMinute === endMinute) {
    throw TariffErrors.inconsistent(`${field}.endTime`, 'start-differs-from-end', 'an empty time window never applies');
  }
  if (startMinute !== null) {
    json.startTime = raw.startTime as string;
    json.endTime = raw.endTime as string;
  }

  let days: Set<number> | null = null;
  if (raw.daysOfWeek !== undefined && raw.daysOfWeek !== null) {
    if (!Array.isArray(raw.daysOfWeek) || raw.daysOfWeek.length === 0) {
      throw TariffErrors.restriction(`${field}.daysOfWeek`, 'required', 'daysOfWeek must name at least one day');
    }
    days = new Set();
    for (const [index, day] of (raw.daysOfWeek as unknown[]).entries()) {
      const number = DAYS_OF_WEEK.indexOf(day as DayOfWeek);
      if (number < 0) {
        throw TariffErrors.restriction(`${field}.daysOfWeek.${index}`, 'one-of', 'a day is MONDAY … SUNDAY');
      }
      if (days.has(number)) {
        throw TariffErrors.inconsistent(
          `${field}.daysOfWeek.${index}`,
          'days-unique',
          `${String(day)} is listed twice`,
        );
      }
      days.add(number);
    }
    json.daysOfWeek = DAYS_OF_WEEK.filter((_, number) => days?.has(number));
  }

  const range = (minKey: string, maxKey: string, parse: (v: unknown, f: string) => Decimal | null) => {
    const min = parse(raw[minKey], `${field}.${minKey}`);
    const max = parse(raw[maxKey], `${field}.${maxKey}`);
    if (min !== null && max !== null && min.compare(max) >= 0) {
      throw TariffErrors.inconsistent(`${field}.${maxKey}`, 'min-below-max', `${minKey} must be below ${maxKey}`);
    }
    return { min, max };
  };
  const kwh = range('minKwh', 'maxKwh', quantity);
  const power = range('minPowerKw', 'maxPowerKw', quantity);
  const duration = range('minDurationSeconds', 'maxDurationSeconds', seconds);
  if (kwh.min) json.minKwh = kwh.min.toString();
  if (kwh.max) json.maxKwh = kwh.max.toString();
  if (power.min) json.minPowerKw = power.min.toString();
  if (power.max) json.maxPowerKw = power.max.toString();
  if (duration.min) json.minDurationSeconds = Number(duration.min.toBigInt());
  if (duration.max) json.maxDurationSeconds = Number(duration.max.toBigInt());

  const thousand = Decimal.fromInteger(1000);
  return {
    restrictions: {
      startMinute,
      endMinute,
      days,
      minWh: kwh.min ? kwh.min.multiply(thousand) : null,
      maxWh: kwh.max ? kwh.max.multiply(thousand) : null,
      minPowerKw: power.min,
      maxPowerKw: power.max,
      minDurationSeconds: duration.min ? Number(duration.min.toBigInt()) : null,
      maxDurationSeconds: duration.max ? Number(duration.max.toBigInt()) : null,
    },
    json: Object.keys(json).length > 0 ? json : null,
  };
}

function object(input: unknown, field: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw TariffErrors.elements(field, 'object', `${field} must be an object`);
  }
  return input as Record<string, unknown>;
}

function unknownFields(raw: Record<string, unknown>, known: ReadonlySet<string>, prefix: string): void {
  const unknown = Object.keys(raw).find((key) => !known.has(key));
  if (unknown !== undefined) throw TariffErrors.unknownField(`${prefix}${unknown}`);
}

/** A money amount excluding VAT: a decimal string, not negative. */
function amount(value: unknown, field: string): Decimal {
  const decimal = decimalOf(value, field, (f, rule, message) => TariffErrors.price(f, rule, message));
  if (decimal.isNegative()) throw TariffErrors.negativePrice(field);
  return decimal;
}

function percent(value: unknown, field: string): Decimal {
  const decimal = decimalOf(value, field, (f, rule) => TariffErrors.vat(f, rule));
  if (decimal.isNegative() || decimal.compare(MAX_PERCENT) > 0) throw TariffErrors.vat(field, 'range-0-100');
  return decimal;
}

function quantity(value: unknown, field: string): Decimal | null {
  if (value === undefined || value === null) return null;
  const decimal = decimalOf(value, field, (f, rule, message) => TariffErrors.restriction(f, rule, message));
  if (decimal.isNegative()) throw TariffErrors.restriction(field, 'non-negative', `${field} must not be negative`);
  return decimal;
}

function seconds(value: unknown, field: string): Decimal | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw TariffErrors.restriction(field, 'non-negative-integer', `${field} must be a whole number of seconds, ≥ 0`);
  }
  return Decimal.fromInteger(value);
}

function timeOfDay(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  const match = typeof value === 'string' ? TIME_OF_DAY.exec(value) : null;
  if (!match) throw TariffErrors.restriction(field, 'hh-mm', `${field} must be a local time of day like 22:00`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function decimalOf(
  value: unknown,
  field: string,
  error: (field: string, rule: string, message: string) => DomainError,
): Decimal {
  if (typeof value !== 'string') throw error(field, 'decimal-string', `${field} must be a decimal string like "0.35"`);
  const decimal = Decimal.tryParse(value);
  if (!decimal) throw error(field, 'decimal-string', `${field} must be a decimal string like "0.35"`);
  return decimal;
}
