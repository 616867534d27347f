import { DomainError } from '@roaming/shared-kernel';
import { parseTariff, sameTariff } from './tariff';

const valid = {
  currency: 'EUR',
  vatPercent: '19',
  minPrice: '0.50',
  maxPrice: '80',
  elements: [
    {
      priceComponents: [
        { type: 'ENERGY', price: '0.35', stepSize: 1 },
        { type: 'TIME', price: '0.05', stepSize: 60, vatPercent: '7' },
        { type: 'FLAT', price: '1.00' },
      ],
      restrictions: { startTime: '22:00', endTime: '06:00', daysOfWeek: ['SUNDAY', 'MONDAY'], maxKwh: '40' },
    },
    { priceComponents: [{ type: 'PARKING_TIME', price: '0.10', stepSize: 300 }] },
  ],
};

function refusal(change: (tariff: Record<string, unknown>) => void): DomainError {
  const tariff = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  change(tariff);
  try {
    parseTariff(tariff);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the tariff was accepted');
}

const element = (t: Record<string, unknown>) => (t.elements as Record<string, unknown>[])[0];
const restrictions = (t: Record<string, unknown>) => element(t).restrictions as Record<string, unknown>;
const component = (t: Record<string, unknown>, i = 0) => (element(t).priceComponents as Record<string, unknown>[])[i];

describe('parseTariff: one definition for validation and rating (IEC 63119 UC2-1/UC2-2)', () => {
  it('accepts a valid tariff and gives it back canonical, days in week order, FLAT without a step size', () => {
    const { json } = parseTariff(valid);
    expect(json).toEqual({
      currency: 'EUR',
      vatPercent: '19',
      minPrice: '0.50',
      maxPrice: '80',
      elements: [
        {
          priceComponents: [
            { type: 'ENERGY', price: '0.35', stepSize: 1 },
            { type: 'TIME', price: '0.05', stepSize: 60, vatPercent: '7' },
            { type: 'FLAT', price: '1.00' },
          ],
          restrictions: { startTime: '22:00', endTime: '06:00', daysOfWeek: ['SUNDAY', 'MONDAY'], maxKwh: '40' },
        },
        { priceComponents: [{ type: 'PARKING_TIME', price: '0.10', stepSize: 300 }] },
      ],
    });
    expect(parseTariff(json).json).toEqual(json);
  });

  it('tells two tariffs that differ only in key order apart from two that differ in a price', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        elements: valid.elements,
        vatPercent: '19',
        currency: 'EUR',
        maxPrice: '80',
        minPrice: '0.50',
      }),
    );
    expect(sameTariff(valid as never, reordered)).toBe(true);
    expect(sameTariff(valid as never, { ...reordered, maxPrice: '81' })).toBe(false);
  });

  it.each([
    [
      'a negative price',
      (t: Record<string, unknown>) => (component(t).price = '-0.10'),
      'TARIFF_PRICE_NEGATIVE',
      'elements.0.priceComponents.0.price',
      'non-negative',
    ],
    [
      'a negative minimum price',
      (t: Record<string, unknown>) => (t.minPrice = '-1'),
      'TARIFF_PRICE_NEGATIVE',
      'minPrice',
      'non-negative',
    ],
    [
      'a price as a JSON number',
      (t: Record<string, unknown>) => (component(t).price = 0.35),
      'TARIFF_PRICE_INVALID',
      'elements.0.priceComponents.0.price',
      'decimal-string',
    ],
    [
      'minPrice above maxPrice',
      (t: Record<string, unknown>) => (t.minPrice = '90'),
      'TARIFF_PRICE_RANGE_INVALID',
      'minPrice',
      'min-not-above-max',
    ],
    [
      'an unknown currency',
      (t: Record<string, unknown>) => (t.currency = 'EURO'),
      'TARIFF_CURRENCY_INVALID',
      'currency',
      'iso-4217',
    ],
    [
      'VAT above 100 %',
      (t: Record<string, unknown>) => (t.vatPercent = '119'),
      'TARIFF_VAT_INVALID',
      'vatPercent',
      'range-0-100',
    ],
    [
      'a component VAT that is not a decimal',
      (t: Record<string, unknown>) => (component(t, 1).vatPercent = 'seven'),
      'TARIFF_VAT_INVALID',
      'elements.0.priceComponents.1.vatPercent',
      'decimal-string',
    ],
    [
      'no elements',
      (t: Record<string, unknown>) => (t.elements = []),
      'TARIFF_ELEMENTS_INVALID',
      'elements',
      'required',
    ],
    [
      'an element without price components',
      (t: Record<string, unknown>) => (element(t).priceComponents = []),
      'TARIFF_ELEMENTS_INVALID',
      'elements.0.priceComponents',
      'required',
    ],
    [
      'a dimension priced twice in one element',
      (t: Record<string, unknown>) => (component(t, 1).type = 'ENERGY'),
      'TARIFF_ELEMENTS_INVALID',
      'elements.0.priceComponents.1.type',
      'one-per-type',
    ],
    [
      'an unknown component type',
      (t: Record<string, unknown>) => (component(t).type = 'KWH'),
      'TARIFF_COMPONENT_TYPE_INVALID',
      'elements.0.priceComponents.0.type',
      'one-of',
    ],
    [
      'a step size of 0',
      (t: Record<string, unknown>) => (component(t, 1).stepSize = 0),
      'TARIFF_STEP_SIZE_INVALID',
      'elements.0.priceComponents.1.stepSize',
      'positive-integer',
    ],
    [
      'minKwh not below maxKwh',
      (t: Record<string, unknown>) => (restrictions(t).minKwh = '40'),
      'TARIFF_RESTRICTION_INCONSISTENT',
      'elements.0.restrictions.maxKwh',
      'min-below-max',
    ],
    [
      'minPowerKw above maxPowerKw',
      (t: Record<string, unknown>) => Object.assign(restrictions(t), { minPowerKw: '50', maxPowerKw: '22' }),
      'TARIFF_RESTRICTION_INCONSISTENT',
      'elements.0.restrictions.maxPowerKw',
      'min-below-max',
    ],
    [
      'a minimum duration above the maximum',
      (t: Record<string, unknown>) =>
        Object.assign(restrictions(t), { minDurationSeconds: 3600, maxDurationSeconds: 600 }),
      'TARIFF_RESTRICTION_INCONSISTENT',
      'elements.0.restrictions.maxDurationSeconds',
      'min-below-max',
    ],
    [
      'a time window of no length',
      (t: Record<string, unknown>) => (restrictions(t).endTime = '22:00'),
      'TARIFF_RESTRICTION_INCONSISTENT',
      'elements.0.restrictions.endTime',
      'start-differs-from-end',
    ],
    [
      'a start time without an end time',
      (t: Record<string, unknown>) => delete restrictions(t).endTime,
      'TARIFF_RESTRICTION_INCONSISTENT',
      'elements.0.restrictions.endTime',
      'start-and-end-together',
    ],
    [
      'a day listed twice',
      (t: Record<string, unknown>) => (restrictions(t).daysOfWeek = ['MONDAY', 'MONDAY']),
      'TARIFF_RESTRICTION_INCONSISTENT',
      'elements.0.restrictions.daysOfWeek.1',
      'days-unique',
    ],
    [
      'an unknown day',
      (t: Record<string, unknown>) => (restrictions(t).daysOfWeek = ['FUNDAY']),
      'TARIFF_RESTRICTION_INVALID',
      'elements.0.restrictions.daysOfWeek.0',
      'one-of',
    ],
    [
      'a time of day that is not HH:MM',
      (t: Record<string, unknown>) => (restrictions(t).startTime = '25:00'),
      'TARIFF_RESTRICTION_INVALID',
      'elements.0.restrictions.startTime',
      'hh-mm',
    ],
    [
      'a negative kWh bound',
      (t: Record<string, unknown>) => (restrictions(t).maxKwh = '-1'),
      'TARIFF_RESTRICTION_INVALID',
      'elements.0.restrictions.maxKwh',
      'non-negative',
    ],
    [
      'an unknown field',
      (t: Record<string, unknown>) => (restrictions(t).reservation = 'RESERVATION'),
      'TARIFF_FIELD_UNKNOWN',
      'elements.0.restrictions.reservation',
      'known-field',
    ],
  ])('refuses %s, naming the field and the rule', (_case, change, code, field, rule) => {
    const error = refusal(change);
    expect(error.code).toBe(code);
    expect(error.kind).toBe('validation');
    expect(error.details).toEqual({ field, rule });
  });
});
