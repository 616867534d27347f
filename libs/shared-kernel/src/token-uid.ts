import { DomainError } from './domain-error';

/** ISO 14443 cards have 4-, 7- or 10-byte UIDs; lengths in between are accepted for other RFID families. */
const MIN_BYTES = 4;
const MAX_BYTES = 10;

/**
 * The UID of an RFID token as hexadecimal, normalised to upper case without separators ('04A2B3C4D5E6F7'), which is
 * how OICP and OCHP exchange it (big endian, no zero-filling). Readers print it with ':' or spaces between bytes
 * ('04:a2:b3:c4'); those are accepted as long as each group holds whole bytes. Error messages leave the UID out:
 * it identifies a driver's card.
 */
export class TokenUid {
  private constructor(readonly value: string) {}

  static parse(input: string, field = 'uid'): TokenUid {
    if (typeof input !== 'string' || input.trim() === '') {
      throw invalid(`${field} is required`, field, 'required');
    }
    const groups = input.trim().split(/[: ]/);
    if (groups.some((group) => !/^[0-9A-Fa-f]+$/.test(group) || group.length % 2 !== 0)) {
      throw invalid(
        `${field} must be hexadecimal bytes, optionally separated by ':' or spaces between bytes`,
        field,
        'format',
      );
    }
    const hex = groups.join('').toUpperCase();
    const bytes = hex.length / 2;
    if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
      throw invalid(`${field} must be ${MIN_BYTES} to ${MAX_BYTES} bytes long, got ${bytes}`, field, 'length');
    }
    return new TokenUid(hex);
  }

  static isValid(input: string): boolean {
    try {
      TokenUid.parse(input);
      return true;
    } catch {
      return false;
    }
  }

  get byteLength(): number {
    return this.value.length / 2;
  }

  equals(other: TokenUid): boolean {
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
  return DomainError.validation('TOKEN_UID_INVALID', message, { field, rule });
}
