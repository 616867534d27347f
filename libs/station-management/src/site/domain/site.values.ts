import { DomainError, EvseId, isIsoCountryCode } from '@roaming/shared-kernel';
import { parseInstant } from '../../shared/instant';
import type { Evse, SiteDetails } from './site.model';

/**
 * The rules of site data beyond its shape (the request DTOs check the shape): normalised EVSE ids, coordinates in
 * range, a real time zone, an energy mix that adds up, a well-formed load area, a validity period in order.
 */
export const SITE_ID = /^[A-Za-z0-9._-]{1,36}$/;
const LOAD_AREA_ID = /^([A-Z]{2}[A-Z0-9]{3}):[A-Za-z0-9._-]{1,64}$/;
const DECIMAL_DEGREES = /^-?\d{1,3}(\.\d{1,8})?$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function parseSiteId(siteId: string): string {
  if (!SITE_ID.test(siteId)) {
    throw DomainError.validation('SITE_ID_INVALID', 'siteId must be 1 to 36 letters, digits, ".", "_" or "-"', {
      field: 'siteId',
      rule: 'format',
    });
  }
  return siteId;
}

/** `<DSO party id>:<area>`, e.g. DEN01:LV-0042; the DSO part in the normalised party form. */
export function parseLoadAreaId(raw: string, field = 'loadAreaId'): string {
  // The grid operator part is a party id: accept DE*N01 / de-n01 and keep the normalised DEN01.
  const value = raw
    .trim()
    .replace(/^([A-Za-z]{2})[*-]?([A-Za-z0-9]{3}):/, (_m, c: string, p: string) => `${c}${p}:`.toUpperCase());
  if (!LOAD_AREA_ID.test(value) || !isIsoCountryCode(value.slice(0, 2))) {
    throw DomainError.validation(
      'LOAD_AREA_INVALID',
      `${field} must be <grid operator party id>:<area>, like DEN01:LV-0042`,
      { field, rule: 'format' },
    );
  }
  return value;
}

export function loadAreaOperator(loadAreaId: string): string {
  return loadAreaId.slice(0, loadAreaId.indexOf(':'));
}

export function parseSiteDetails(input: SiteDetails): SiteDetails {
  const latitude = degrees(input.coordinates.latitude, 90, 'coordinates.latitude');
  const longitude = degrees(input.coordinates.longitude, 180, 'coordinates.longitude');
  const country = input.address.country.toUpperCase();
  if (!isIsoCountryCode(country)) {
    throw DomainError.validation(
      'COUNTRY_INVALID',
      `address.country ${input.address.country} is not an ISO 3166-1 code`,
      {
        field: 'address.country',
        rule: 'iso-3166',
      },
    );
  }
  if (!isTimeZone(input.timeZone)) {
    throw DomainError.validation('TIME_ZONE_INVALID', `timeZone ${input.timeZone} is not an IANA time zone`, {
      field: 'timeZone',
      rule: 'iana-zone',
    });
  }
  for (const [i, hours] of input.openingHours.regularHours.entries()) {
    if (!HH_MM.test(hours.from) || !HH_MM.test(hours.to) || hours.from === hours.to) {
      throw DomainError.validation('OPENING_HOURS_INVALID', 'regular hours need from and to as distinct HH:MM times', {
        field: `openingHours.regularHours.${i}`,
        rule: 'hh-mm',
      });
    }
  }
  if (!input.openingHours.twentyFourSeven && input.openingHours.regularHours.length === 0) {
    throw DomainError.validation('OPENING_HOURS_INVALID', 'a site that is not open 24/7 needs regular hours', {
      field: 'openingHours.regularHours',
      rule: 'required',
    });
  }
  if (input.energyMix) {
    const total = input.energyMix.sources.reduce((sum, s) => sum + s.percentage, 0);
    if (total > 100) {
      throw DomainError.validation('ENERGY_MIX_INVALID', `energy sources add up to ${total} %, more than 100 %`, {
        field: 'energyMix.sources',
        rule: 'sum-at-most-100',
      });
    }
  }
  const validFrom = input.validFrom === null ? null : parseInstant(input.validFrom, 'validFrom');
  const validUntil = input.validUntil === null ? null : parseInstant(input.validUntil, 'validUntil');
  if (validFrom !== null && validUntil !== null && validUntil <= validFrom) {
    throw DomainError.validation('VALIDITY_PERIOD_INVALID', 'validUntil must be after validFrom', {
      field: 'validUntil',
      rule: 'after-valid-from',
    });
  }
  return {
    name: input.name,
    address: { ...input.address, country },
    coordinates: { latitude, longitude },
    timeZone: input.timeZone,
    openingHours: {
      twentyFourSeven: input.openingHours.twentyFourSeven,
      regularHours: input.openingHours.twentyFourSeven ? [] : input.openingHours.regularHours,
    },
    access: input.access,
    energyMix: input.energyMix,
    loadAreaId: input.loadAreaId === null ? null : parseLoadAreaId(input.loadAreaId),
    validFrom,
    validUntil,
  };
}

export function parseEvse(input: Evse, field = 'evse'): Evse {
  return {
    ...input,
    evseId: EvseId.parse(input.evseId, `${field}.evseId`).value,
    tariffIds: [...new Set(input.tariffIds)],
  };
}

function degrees(value: string, limit: number, field: string): string {
  const number = Number(value);
  if (!DECIMAL_DEGREES.test(value) || Math.abs(number) > limit) {
    throw DomainError.validation('COORDINATES_INVALID', `${field} must be decimal degrees within ±${limit}`, {
      field,
      rule: 'decimal-degrees',
    });
  }
  return value;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
