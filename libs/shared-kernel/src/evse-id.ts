import { DomainError } from './domain-error';
import { isIsoCountryCode } from './iso-3166';
import { PartyId } from './party-id';

/**
 * ISO 15118-2 Annex H EVSE id (as restated by eMI3 and OCHP):
 *   <EVSEID>          = <Country Code> <S> <EVSE Operator ID> <S> <ID Type> <Power Outlet ID>
 *   <Country Code>    = 2 ALPHA                     (ISO 3166-1 alpha-2)
 *   <EVSE Operator ID>= 3 (ALPHA / DIGIT)
 *   <ID Type>         = "E"
 *   <Power Outlet ID> = (ALPHA / DIGIT) *30 (ALPHA / DIGIT / <S>)
 *   <S>               = *1 ( "*" )                  (optional separator)
 * so 7 to 37 characters without the two leading separators, case-insensitive. The fixed widths of country and
 * operator make the form without separators unambiguous. OICP's regex allows only 30 outlet characters, ISO 31;
 * we follow ISO because we receive ids from every protocol.
 */
const EVSE_ID_PATTERN = /^([A-Z]{2})\*?([A-Z0-9]{3})\*?E([A-Z0-9][A-Z0-9*]{0,30})$/;

/**
 * The id of one EVSE, normalised to upper case with '*' after the country code and after the operator id
 * ('DE*ABC*E123456*1'). Separators inside the power outlet id are kept as given, since operators use them to
 * structure the id (station*connector) and two such ids may differ only there.
 */
export class EvseId {
  /** 'DE*ABC*E123456*1'. */
  readonly value: string;

  private constructor(
    /** The EVSE operator (CPO) the id was issued to: country code and operator id. */
    readonly operatorId: PartyId,
    /** The part after the 'E', as given apart from case ('123456*1'). */
    readonly powerOutletId: string,
  ) {
    this.value = `${operatorId.countryCode}*${operatorId.partyId}*E${powerOutletId}`;
  }

  /** Parses 'DE*ABC*E123456*1', 'DEABCE123456*1', 'de*abc*e1', … ignoring surrounding white space. */
  static parse(input: string, field = 'evseId'): EvseId {
    if (typeof input !== 'string' || input.trim() === '') {
      throw invalid(`${field} is required`, field, 'required');
    }
    const match = EVSE_ID_PATTERN.exec(input.trim().toUpperCase());
    if (!match) {
      throw invalid(
        `${field} '${input}' must follow ISO 15118-2 <country 2><*><operator 3><*>E<power outlet id 1..31>, like DE*ABC*E123456*1`,
        field,
        'format',
      );
    }
    const [, countryCode, operator, powerOutletId] = match;
    if (!isIsoCountryCode(countryCode)) {
      throw invalid(
        `${field} '${input}' starts with ${countryCode}, not an ISO 3166-1 country code`,
        field,
        'country-code',
      );
    }
    return new EvseId(PartyId.of(countryCode, operator), powerOutletId);
  }

  static isValid(input: string): boolean {
    try {
      EvseId.parse(input);
      return true;
    } catch {
      return false;
    }
  }

  get countryCode(): string {
    return this.operatorId.countryCode;
  }

  /** Whether the EVSE belongs to this operator: a CPO may only report for EVSEs under its own operator id. */
  isOperatedBy(party: PartyId): boolean {
    return this.operatorId.equals(party);
  }

  equals(other: EvseId): boolean {
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
  return DomainError.validation('EVSE_ID_INVALID', message, { field, rule });
}
