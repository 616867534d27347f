/**
 * Fraction digits of a currency's minor unit (ISO 4217 "E" column) for the currencies that do not have two. Amounts
 * are rounded to this when a line of a rating is charged.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function minorUnitDigits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}
