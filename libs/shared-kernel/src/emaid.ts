import { DomainError } from './domain-error';
import { emaidCheckDigit } from './emaid-check-digit';
import { isIsoCountryCode } from './iso-3166';
import { PartyId } from './party-id';

/**
 * ISO 15118-2 Annex H eMA id (contract id), as restated by OCHP and eMI3:
 *   <EMAID>        = <Country Code> <S> <Provider ID> <S> <eMA Instance> <S> <Check Digit>
 *   <Country Code> = 2 ALPHA                (ISO 3166-1 alpha-2)
 *   <Provider ID>  = 3 (ALPHA / DIGIT)
 *   <eMA Instance> = 9 (ALPHA / DIGIT)
 *   <Check Digit>  = *1 (ALPHA / DIGIT)     (optional, "highly recommended")
 *   <S>            = *1 ( "-" )             (optional separator)
 * i.e. 14 or 15 characters without separators, case-insensitive.
 *
 * The instance is any 9 alphanumerics. eMI3 and OICP write it as 'C' + 8 characters (DE-8EO-CAET5E4XY-3), but
 * ISO does not require the 'C', the published check-digit vectors (FRXYZ123456789…) have none, and DIN SPEC 91286
 * ids are carried over by prefixing '00' to their 6-character instance (DE-8AA-123A56-3 → DE-8AA-00123A563-…),
 * so requiring it would refuse valid contracts.
 */
const EMAID_PATTERN = /^([A-Z]{2})-?([A-Z0-9]{3})-?([A-Z0-9]{9})(?:-?([A-Z0-9]))?$/;

/**
 * An e-mobility account id (eMA id / EMAID / EVCO id): the contract an EV driver holds with an EVSP.
 * Normalised to 15 upper-case characters without separators, always with its check character (computed when the
 * input had none, verified when it had one). Error messages leave the id out: it identifies a driver's contract.
 */
export class Emaid {
  /** 'DE8AACA2B3C4D5L': country, provider, instance, check character. */
  readonly value: string;

  private constructor(
    /** The EVSP that issued the contract: country code and provider id. */
    readonly providerId: PartyId,
    /** The 9-character eMA instance chosen by the provider. */
    readonly instance: string,
    readonly checkDigit: string,
  ) {
    this.value = `${providerId.value}${instance}${checkDigit}`;
  }

  /** Parses 'DE-8AA-CA2B3C4D5-L', 'DE8AACA2B3C4D5L', 'de8aaca2b3c4d5', … ignoring surrounding white space. */
  static parse(input: string, field = 'emaid'): Emaid {
    if (typeof input !== 'string' || input.trim() === '') {
      throw invalid(`${field} is required`, field, 'required');
    }
    const match = EMAID_PATTERN.exec(input.trim().toUpperCase());
    if (!match) {
      throw invalid(
        `${field} must follow ISO 15118-2 <country 2>-<provider 3>-<instance 9>-<check digit, optional>, like DE-8AA-CA2B3C4D5-L`,
        field,
        'format',
      );
    }
    const [, countryCode, provider, instance, given] = match;
    if (!isIsoCountryCode(countryCode)) {
      throw invalid(`${field} starts with ${countryCode}, not an ISO 3166-1 country code`, field, 'country-code');
    }
    const expected = emaidCheckDigit(`${countryCode}${provider}${instance}`);
    if (given !== undefined && given !== expected) {
      throw DomainError.validation('EMAID_CHECK_DIGIT', `${field} has a wrong check digit`, {
        field,
        rule: 'check-digit',
      });
    }
    return new Emaid(PartyId.of(countryCode, provider), instance, expected);
  }

  static isValid(input: string): boolean {
    try {
      Emaid.parse(input);
      return true;
    } catch {
      return false;
    }
  }

  get countryCode(): string {
    return this.providerId.countryCode;
  }

  /** Whether this contract was issued by the given EVSP (routing an authorization or a CDR to its home provider). */
  isIssuedBy(party: PartyId): boolean {
    return this.providerId.equals(party);
  }

  /** The form for people: 'DE-8AA-CA2B3C4D5-L' (all three separators, as OCHP asks when separators are used). */
  withSeparators(): string {
    return `${this.providerId.countryCode}-${this.providerId.partyId}-${this.instance}-${this.checkDigit}`;
  }

  equals(other: Emaid): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}

function invalid(message: string, field: string, rule: string): DomainError {
  return DomainError.validation('EMAID_INVALID', message, { field, rule });
}
