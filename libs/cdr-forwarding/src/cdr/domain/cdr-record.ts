import { DomainError, Emaid, EvseId, Money, type MoneyJson, TokenUid } from '@roaming/shared-kernel';
import { parseInstant } from './instant';

/**
 * A charge detail record as the clearing house keeps it: every id in its normalised form, times in UTC, energy in
 * whole Wh and the total cost as a canonical decimal string. The fields are eMI3 UC 200 step 15.1's "Send SDR/CDR"
 * (timestamp, EVSE id, eMA id, kWh, charging time) plus what OCPI adds for settlement (token, cost, authorization).
 */
export interface CdrRecord {
  /** The CPO's own id of the record; unique per CPO (the natural key with cpoPartyId). */
  readonly cdrId: string;
  /** The EVSE operator, taken from the EVSE id: a CPO reports only for its own EVSEs. */
  readonly cpoPartyId: string;
  readonly evseId: string;
  readonly emaid: string;
  readonly tokenUid: string;
  /** The clearing house's authorization the session ran under, when the CPO knows it. */
  readonly authorizationId: string | null;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly energyWh: number;
  readonly totalCost: MoneyJson;
}

/** What a CPO submits (REST body or Kafka message), before any parsing. */
export interface CdrSubmission {
  readonly cdrId: unknown;
  readonly evseId: unknown;
  readonly emaid: unknown;
  readonly tokenUid: unknown;
  readonly authorizationId?: unknown;
  readonly startedAt: unknown;
  readonly endedAt: unknown;
  readonly energyWh: unknown;
  readonly totalCost: unknown;
}

export interface ParsedCdr {
  readonly record: CdrRecord;
  /** The EVSP that issued the contract (ISO 15118 provider id inside the eMA id): where the CDR is routed. */
  readonly homeProviderPartyId: string;
}

export const CDR_ID_MAX_LENGTH = 64;
/** Printable ASCII without spaces: ids travel in URLs, Kafka keys and logs. */
const PRINTABLE_ID = /^[\x21-\x7e]+$/;

/**
 * Parses a submission into a CdrRecord with the shared-kernel value objects. Every structural fault is a validation
 * DomainError naming the field and the rule; business plausibility (times, energy, cost) is decided later, so that
 * an implausible but well-formed CDR is recorded and answered with a rejection instead of vanishing.
 */
export function parseCdrSubmission(input: CdrSubmission): ParsedCdr {
  const cdrId = parseId(input.cdrId, 'cdrId', 'CDR_ID_INVALID', true);
  const evse = EvseId.parse(input.evseId as string, 'evseId');
  const emaid = Emaid.parse(input.emaid as string, 'emaid');
  const tokenUid = TokenUid.parse(input.tokenUid as string, 'tokenUid');
  const authorizationId =
    input.authorizationId === undefined || input.authorizationId === null
      ? null
      : parseId(input.authorizationId, 'authorizationId', 'CDR_AUTHORIZATION_ID_INVALID', false);
  const startedAt = parseInstant(input.startedAt, 'startedAt');
  const endedAt = parseInstant(input.endedAt, 'endedAt');
  const energyWh = parseEnergyWh(input.energyWh);
  const totalCost = parseTotalCost(input.totalCost);
  return {
    record: {
      cdrId,
      cpoPartyId: evse.operatorId.value,
      evseId: evse.value,
      emaid: emaid.value,
      tokenUid: tokenUid.value,
      authorizationId,
      startedAt,
      endedAt,
      energyWh,
      totalCost,
    },
    homeProviderPartyId: emaid.providerId.value,
  };
}

/** Whether two records describe the same CDR (both normalised, so a field-by-field comparison is exact). */
export function sameCdrContent(a: CdrRecord, b: CdrRecord): boolean {
  return (
    a.cdrId === b.cdrId &&
    a.cpoPartyId === b.cpoPartyId &&
    a.evseId === b.evseId &&
    a.emaid === b.emaid &&
    a.tokenUid === b.tokenUid &&
    a.authorizationId === b.authorizationId &&
    a.startedAt === b.startedAt &&
    a.endedAt === b.endedAt &&
    a.energyWh === b.energyWh &&
    a.totalCost.amount === b.totalCost.amount &&
    a.totalCost.currency === b.totalCost.currency
  );
}

/** The fields in which two records of the same CDR differ, for the conflict's details (never their values). */
export function differingFields(a: CdrRecord, b: CdrRecord): string[] {
  const fields: (keyof CdrRecord)[] = [
    'evseId',
    'emaid',
    'tokenUid',
    'authorizationId',
    'startedAt',
    'endedAt',
    'energyWh',
  ];
  const differing: string[] = fields.filter((field) => a[field] !== b[field]);
  if (a.totalCost.amount !== b.totalCost.amount || a.totalCost.currency !== b.totalCost.currency) {
    differing.push('totalCost');
  }
  return differing;
}

function parseId(value: unknown, field: string, code: string, required: boolean): string {
  if (typeof value !== 'string' || value === '') {
    throw DomainError.validation(code, `${field} ${required ? 'is required' : 'must be a non-empty string'}`, {
      field,
      rule: required ? 'required' : 'type',
    });
  }
  if (value.length > CDR_ID_MAX_LENGTH) {
    throw DomainError.validation(code, `${field} must be at most ${CDR_ID_MAX_LENGTH} characters`, {
      field,
      rule: 'length',
    });
  }
  if (!PRINTABLE_ID.test(value)) {
    throw DomainError.validation(code, `${field} must be printable ASCII without spaces`, { field, rule: 'format' });
  }
  return value;
}

function parseEnergyWh(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw DomainError.validation('ENERGY_INVALID', 'energyWh must be a whole, non-negative number of watt-hours', {
      field: 'energyWh',
      rule: 'non-negative-integer',
    });
  }
  return value === 0 ? 0 : value;
}

/**
 * Canonical money: trailing zeros dropped, then at least four fraction digits (the platform's JSON scale), so that
 * '12.3' and '12.30000' are the same CDR content and the record prints like every other amount.
 */
function parseTotalCost(value: unknown): MoneyJson {
  if (typeof value !== 'object' || value === null) {
    throw DomainError.validation('MONEY_INVALID', 'totalCost must be an object { amount, currency }', {
      field: 'totalCost',
      rule: 'type',
    });
  }
  const { amount, currency } = value as Record<string, unknown>;
  try {
    const money = Money.of(amount as string, currency as string);
    return { amount: money.amount.stripTrailingZeros().withMinScale(4).toString(), currency: money.currency };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = typeof error.details.field === 'string' ? `totalCost.${error.details.field}` : 'totalCost';
    throw new DomainError(error.code, error.kind, `totalCost: ${error.message}`, { ...error.details, field });
  }
}
