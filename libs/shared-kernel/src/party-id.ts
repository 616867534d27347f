import { DomainError } from './domain-error';
import { isIsoCountryCode } from './iso-3166';

/**
 * The written forms of a market party id: eMI3 / ISO 15118 operator ids use '*' (DE*ABC), provider ids use '-'
 * (DE-ABC) or nothing (DEABC). OCPI sends the two parts as separate country_code and party_id fields.
 */
const PARTY_ID_PATTERN = /^([A-Z]{2})[*-]?([A-Z0-9]{3})$/;

/**
 * A market party (CPO or EVSP): an ISO 3166-1 alpha-2 country code plus a three-character party id assigned by that
 * country's id registry (e.g. BDEW in DE). Case-insensitive; normalised to upper case without separator ('DEABC').
 */
export class PartyId {
  /** The normalised form: country code and party id, upper case, no separator ('DEABC'). */
  readonly value: string;

  private constructor(
    readonly countryCode: string,
    readonly partyId: string,
  ) {
    this.value = `${countryCode}${partyId}`;
  }

  /** Parses 'DE*ABC', 'DE-ABC' or 'DEABC' in any case, ignoring surrounding white space. */
  static parse(input: string, field = 'partyId'): PartyId {
    if (typeof input !== 'string' || input.trim() === '') {
      throw invalid(`${field} is required`, field, 'required');
    }
    const match = PARTY_ID_PATTERN.exec(input.trim().toUpperCase());
    if (!match) {
      throw invalid(
        `${field} '${input}' must be a country code and a 3-character party id, like DE*ABC, DE-ABC or DEABC`,
        field,
        'format',
      );
    }
    return PartyId.checked(match[1], match[2], field);
  }

  /** Builds a party id from its two parts, as OCPI carries them (country_code 'DE', party_id 'ABC'). */
  static of(countryCode: string, partyId: string): PartyId {
    const country = typeof countryCode === 'string' ? countryCode.trim().toUpperCase() : '';
    const party = typeof partyId === 'string' ? partyId.trim().toUpperCase() : '';
    if (!/^[A-Z]{2}$/.test(country)) {
      throw invalid('countryCode must be two letters (ISO 3166-1 alpha-2)', 'countryCode', 'format');
    }
    if (!/^[A-Z0-9]{3}$/.test(party)) {
      throw invalid('partyId must be three letters or digits', 'partyId', 'format');
    }
    return PartyId.checked(country, party, 'countryCode');
  }

  static isValid(input: string): boolean {
    try {
      PartyId.parse(input);
      return true;
    } catch {
      return false;
    }
  }

  private static checked(countryCode: string, partyId: string, field: string): PartyId {
    if (!isIsoCountryCode(countryCode)) {
      throw invalid(`${countryCode} is not an ISO 3166-1 alpha-2 country code`, field, 'country-code');
    }
    return new PartyId(countryCode, partyId);
  }

  equals(other: PartyId): boolean {
    return this.value === other.value;
  }

  /** The eMI3 operator form 'DE*ABC', as it appears inside EVSE ids. */
  toOperatorForm(): string {
    return `${this.countryCode}*${this.partyId}`;
  }

  /** The provider form 'DE-ABC', as it appears inside eMA ids written with separators. */
  toProviderForm(): string {
    return `${this.countryCode}-${this.partyId}`;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}

function invalid(message: string, field: string, rule: string): DomainError {
  return DomainError.validation('PARTY_ID_INVALID', message, { field, rule });
}
