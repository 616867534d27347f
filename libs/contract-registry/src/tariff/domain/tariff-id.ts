import { DomainError } from '@roaming/shared-kernel';

/**
 * A CPO's own name for one of its tariffs: 1 to 36 letters, digits or . _ - (OCPI Tariff.id is a CiString(36);
 * OCHP's OperatorID + 'T' + 9 characters fits). Case is kept: 'AC-STANDARD' and 'ac-standard' are two tariffs.
 */
const TARIFF_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;

export function parseTariffId(value: unknown, field: string, code = 'TARIFF_ID_INVALID'): string {
  const id = typeof value === 'string' ? value.trim() : '';
  if (!TARIFF_ID.test(id)) {
    throw DomainError.validation(
      code,
      `${field} must be 1 to 36 letters, digits or . _ - (starting with one of the first two)`,
      {
        field,
        rule: 'tariff-id',
      },
    );
  }
  return id;
}
