export * from './tariff.model';
export * from './tariff.errors';
export { parseTariff, sameTariff, MAX_TARIFF_ELEMENTS, type Tariff } from './tariff';
export * from './charging-session';
export * from './rate-session';
export { minorUnitDigits } from './currency-minor-unit';
export { isTimeZone } from './local-time';
export * from './select-tariff';
export * from './rating-fingerprint';
