import { DomainError } from '@roaming/shared-kernel';

/** A tariff that breaks a rule: a stable code per kind of rule, the field path and the rule itself in the details. */
export const TariffErrors = {
  unknownField: (field: string) =>
    DomainError.validation('TARIFF_FIELD_UNKNOWN', `${field} is not a field of a tariff`, {
      field,
      rule: 'known-field',
    }),
  currency: (field: string) =>
    DomainError.validation('TARIFF_CURRENCY_INVALID', `${field} must be an active ISO 4217 code in upper case`, {
      field,
      rule: 'iso-4217',
    }),
  vat: (field: string, rule: string) =>
    DomainError.validation('TARIFF_VAT_INVALID', `${field} must be a percentage from 0 to 100, as a decimal string`, {
      field,
      rule,
    }),
  price: (field: string, rule: string, message: string) =>
    DomainError.validation('TARIFF_PRICE_INVALID', message, { field, rule }),
  negativePrice: (field: string) =>
    DomainError.validation('TARIFF_PRICE_NEGATIVE', `${field} must not be negative`, { field, rule: 'non-negative' }),
  priceRange: () =>
    DomainError.validation('TARIFF_PRICE_RANGE_INVALID', 'minPrice must not be above maxPrice', {
      field: 'minPrice',
      rule: 'min-not-above-max',
    }),
  elements: (field: string, rule: string, message: string) =>
    DomainError.validation('TARIFF_ELEMENTS_INVALID', message, { field, rule }),
  componentType: (field: string) =>
    DomainError.validation(
      'TARIFF_COMPONENT_TYPE_INVALID',
      `${field} must be one of ENERGY, TIME, PARKING_TIME, FLAT`,
      {
        field,
        rule: 'one-of',
      },
    ),
  stepSize: (field: string) =>
    DomainError.validation('TARIFF_STEP_SIZE_INVALID', `${field} must be a whole number from 1 to 86400`, {
      field,
      rule: 'positive-integer',
    }),
  restriction: (field: string, rule: string, message: string) =>
    DomainError.validation('TARIFF_RESTRICTION_INVALID', message, { field, rule }),
  inconsistent: (field: string, rule: string, message: string) =>
    DomainError.validation('TARIFF_RESTRICTION_INCONSISTENT', message, { field, rule }),
};
