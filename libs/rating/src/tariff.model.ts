/**
 * The tariff model, in the JSON shape events, messages and request bodies carry (amounts and quantities as decimal
 * strings, never JSON numbers). Close to OCPI 2.2's Tariff, with prices per minute instead of per hour:
 * - ENERGY: price per kWh, step size in Wh;
 * - TIME: price per minute of charging, step size in seconds;
 * - PARKING_TIME: price per minute of not charging (connected, idle), step size in seconds;
 * - FLAT: price per session (charged once), no step size.
 * Prices are excluding VAT; the VAT rate is a percentage, per component or for the whole tariff.
 */
export type PriceComponentType = 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'FLAT';
export const PRICE_COMPONENT_TYPES: readonly PriceComponentType[] = ['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'];

export type DayOfWeek = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';
/** In the order JavaScript numbers them (Sunday = 0). */
export const DAYS_OF_WEEK: readonly DayOfWeek[] = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
];

export interface PriceComponentJson {
  type: PriceComponentType;
  /** Excluding VAT: per kWh (ENERGY), per minute (TIME, PARKING_TIME), per session (FLAT). */
  price: string;
  /** Billing block: Wh for ENERGY, seconds for TIME and PARKING_TIME; 1 = exact. Ignored for FLAT. */
  stepSize?: number;
  /** VAT percentage of this component ('19', '7.7'); absent = the tariff's vatPercent. */
  vatPercent?: string;
}

/**
 * When an element applies. Times of day and days of week are local to the EVSE (the session's time zone); an end
 * time before the start time crosses midnight ('22:00'–'06:00'). min is inclusive, max exclusive.
 */
export interface TariffRestrictionsJson {
  startTime?: string;
  endTime?: string;
  daysOfWeek?: DayOfWeek[];
  /** Energy charged in the session so far, kWh. */
  minKwh?: string;
  maxKwh?: string;
  /** Charging power, kW. */
  minPowerKw?: string;
  maxPowerKw?: string;
  /** Time since the session started, seconds. */
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
}

export interface TariffElementJson {
  priceComponents: PriceComponentJson[];
  restrictions?: TariffRestrictionsJson;
}

export interface TariffJson {
  /** ISO 4217; every price of the tariff is in it. */
  currency: string;
  /** VAT percentage for components that give none ('19'); '0' when prices are net of any tax. */
  vatPercent: string;
  /** Bounds on the session's total excluding VAT. */
  minPrice?: string;
  maxPrice?: string;
  /** Tried in order: for each part of a session and each dimension, the first element that applies prices it. */
  elements: TariffElementJson[];
}
