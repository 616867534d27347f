import { Decimal, DomainError, Emaid, EvseId, Money, type MoneyJson, TokenUid } from '@roaming/shared-kernel';
import { parseInstant } from './instant';

/** A session period in the rating model's shape (libs/contracts CdrChargingPeriodV1). */
export interface CdrChargingPeriod {
  readonly startedAt: string;
  readonly endedAt: string;
  readonly state: 'CHARGING' | 'PARKING';
  /** Decimal string, Wh. */
  readonly energyWh: string;
  readonly powerKw?: string;
}

export interface CdrMeterValue {
  readonly timestamp: string;
  readonly energyWh: number;
}

/** Signed meter data (OCMF or other) exactly as the CPO sent it: never parsed, never re-encoded. */
export interface CdrSignedMeterData {
  readonly format: string;
  readonly value: string;
}

export const CDR_SERVICE_TYPES = ['PARKING', 'RESERVATION', 'IDLE_FEE', 'OTHER'] as const;
export type CdrServiceType = (typeof CDR_SERVICE_TYPES)[number];

/** A non-charging service of an SDR (IEC 63119 / IEC 63110 S6), priced by the CPO: net amount and VAT. */
export interface CdrService {
  readonly type: CdrServiceType;
  readonly description: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly amountExclVat: string;
  readonly vat: string;
}

/**
 * A charge (CDR) or service (SDR) detail record as the clearing house keeps it: every id in its normalised form,
 * times in UTC, energy in whole Wh and amounts as canonical decimal strings. The core fields are eMI3 UC 200 step
 * 15.1's "Send SDR/CDR" plus OCPI's token, cost and authorization; the optional ones (IEC 63110 S6's minimum SDR
 * items, OCPI/OICP CDR fields) were added later: events recorded before them lack them, and `withRecordDefaults`
 * gives every reader the same defaults, so old events stay readable without an upcaster.
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
  /** What the CPO charges, VAT included. */
  readonly totalCost: MoneyJson;
  /** Absent = 'CDR'. */
  readonly recordType?: 'CDR' | 'SDR';
  /** The charging session (hub session id or the CPO's session id) the record closes. */
  readonly sessionId?: string | null;
  /** The IANA time zone the CPO states; absent: the EVSE's site time zone is taken. */
  readonly timeZone?: string | null;
  readonly chargingDurationSeconds?: number | null;
  readonly parkingDurationSeconds?: number | null;
  readonly reactiveEnergyVarh?: number | null;
  readonly chargingPeriods?: readonly CdrChargingPeriod[];
  readonly meterValues?: readonly CdrMeterValue[];
  readonly signedMeterData?: CdrSignedMeterData | null;
  readonly tariffId?: string | null;
  /** totalCost = exclVat + vat (checked by plausibility). */
  readonly costBreakdown?: { readonly exclVat: string; readonly vat: string } | null;
  readonly services?: readonly CdrService[];
  /** A credit record cancelling the CPO's record `creditOf` (same CPO). */
  readonly creditOf?: string | null;
  /** A revised record replacing `revisionOf` after a dispute. */
  readonly revisionOf?: string | null;
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
  readonly recordType?: unknown;
  readonly sessionId?: unknown;
  readonly timeZone?: unknown;
  readonly chargingDurationSeconds?: unknown;
  readonly parkingDurationSeconds?: unknown;
  readonly reactiveEnergyVarh?: unknown;
  readonly chargingPeriods?: unknown;
  readonly meterValues?: unknown;
  readonly signedMeterData?: unknown;
  readonly tariffId?: unknown;
  readonly costBreakdown?: unknown;
  readonly services?: unknown;
  readonly creditOf?: unknown;
  readonly revisionOf?: unknown;
}

export interface ParsedCdr {
  readonly record: CdrRecord;
  /** The EVSP that issued the contract (ISO 15118 provider id inside the eMA id): where the CDR is routed. */
  readonly homeProviderPartyId: string;
}

/** One broken rule of a record: a stable code, the field it concerns (dotted path) and a human reason. */
export interface CdrViolation {
  readonly code: string;
  readonly field: string;
  readonly reason: string;
  /** The value object's rule name where one threw it (format, check-digit, …). */
  readonly rule?: string;
}

/**
 * A submission that is not a record yet (wrong types, malformed ids or times). Carries EVERY structural fault, not
 * only the first; `code` is the first fault's code so that single-fault answers read as before.
 */
export class CdrInvalidError extends DomainError {
  constructor(readonly violations: readonly CdrViolation[]) {
    const first = violations[0];
    super(first.code, 'validation', violations.map((v) => `${v.field}: ${v.reason}`).join('; '), {
      field: first.field,
      rule: first.rule ?? first.code,
      violations: violations.map((v) => ({ ...v })),
    });
    this.name = 'CdrInvalidError';
  }
}

export const CDR_ID_MAX_LENGTH = 64;
export const CDR_MAX_LIST_LENGTH = 1000;
/** Printable ASCII without spaces: ids travel in URLs, Kafka keys and logs. */
const PRINTABLE_ID = /^[\x21-\x7e]+$/;

/**
 * Parses a submission into a CdrRecord with the shared-kernel value objects. Every structural fault is collected
 * (field + rule code) and thrown together as CdrInvalidError; business plausibility (times, energy, cost, VAT split)
 * is decided later, so that an implausible but well-formed record is recorded and answered with a rejection
 * instead of vanishing.
 */
export function parseCdrSubmission(input: CdrSubmission): ParsedCdr {
  const faults: CdrViolation[] = [];
  const take = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
      const field = typeof error.details.field === 'string' ? error.details.field : 'record';
      const rule = typeof error.details.rule === 'string' ? error.details.rule : undefined;
      faults.push({ code: error.code, field, reason: error.message, rule });
      return fallback;
    }
  };
  const optional = <T>(value: unknown, parse: (v: unknown) => T): T | null =>
    value === undefined || value === null ? null : take(() => parse(value), null);

  const cdrId = take(() => parseId(input.cdrId, 'cdrId', 'CDR_ID_INVALID', true), '');
  const evse = take(() => EvseId.parse(input.evseId as string, 'evseId'), undefined);
  const emaid = take(() => Emaid.parse(input.emaid as string, 'emaid'), undefined);
  const tokenUid = take(() => TokenUid.parse(input.tokenUid as string, 'tokenUid').value, '');
  const authorizationId = optional(input.authorizationId, (v) =>
    parseId(v, 'authorizationId', 'CDR_AUTHORIZATION_ID_INVALID', false),
  );
  const startedAt = take(() => parseInstant(input.startedAt, 'startedAt'), '');
  const endedAt = take(() => parseInstant(input.endedAt, 'endedAt'), '');
  const energyWh = take(() => parseWholeNumber(input.energyWh, 'energyWh', 'ENERGY_INVALID', 'watt-hours'), 0);
  const totalCost = take(() => parseTotalCost(input.totalCost), { amount: '0', currency: 'EUR' });
  const recordType = optional(input.recordType, (v) => parseEnum(v, 'recordType', ['CDR', 'SDR'] as const));
  const sessionId = optional(input.sessionId, (v) => parseId(v, 'sessionId', 'CDR_SESSION_ID_INVALID', false));
  const timeZone = optional(input.timeZone, parseTimeZone);
  const chargingDurationSeconds = optional(input.chargingDurationSeconds, (v) =>
    parseWholeNumber(v, 'chargingDurationSeconds', 'CDR_DURATION_INVALID', 'seconds'),
  );
  const parkingDurationSeconds = optional(input.parkingDurationSeconds, (v) =>
    parseWholeNumber(v, 'parkingDurationSeconds', 'CDR_DURATION_INVALID', 'seconds'),
  );
  const reactiveEnergyVarh = optional(input.reactiveEnergyVarh, (v) =>
    parseWholeNumber(v, 'reactiveEnergyVarh', 'ENERGY_INVALID', 'varh'),
  );
  const chargingPeriods = optional(input.chargingPeriods, (v) =>
    parseList(v, 'chargingPeriods', (item, field) => parseChargingPeriod(item, field, take)),
  );
  const meterValues = optional(input.meterValues, (v) =>
    parseList(v, 'meterValues', (item, field) => parseMeterValue(item, field, take)),
  );
  const signedMeterData = optional(input.signedMeterData, parseSignedMeterData);
  const tariffId = optional(input.tariffId, (v) => parseId(v, 'tariffId', 'CDR_TARIFF_ID_INVALID', false));
  const costBreakdown = optional(input.costBreakdown, (v) => parseCostBreakdown(v, take));
  const services = optional(input.services, (v) =>
    parseList(v, 'services', (item, field) => parseService(item, field, take)),
  );
  const creditOf = optional(input.creditOf, (v) => parseId(v, 'creditOf', 'CDR_REFERENCE_INVALID', false));
  const revisionOf = optional(input.revisionOf, (v) => parseId(v, 'revisionOf', 'CDR_REFERENCE_INVALID', false));
  if (creditOf !== null && revisionOf !== null) {
    faults.push({
      code: 'CDR_REFERENCE_INVALID',
      field: 'creditOf',
      reason: 'a record is either a credit (creditOf) or a revision (revisionOf), not both',
      rule: 'exclusive',
    });
  }
  if (faults.length > 0 || !evse || !emaid) throw new CdrInvalidError(faults);

  const record: CdrRecord = {
    cdrId,
    cpoPartyId: evse.operatorId.value,
    evseId: evse.value,
    emaid: emaid.value,
    tokenUid,
    authorizationId,
    startedAt,
    endedAt,
    energyWh,
    totalCost,
    ...(recordType !== null && { recordType }),
    ...(sessionId !== null && { sessionId }),
    ...(timeZone !== null && { timeZone }),
    ...(chargingDurationSeconds !== null && { chargingDurationSeconds }),
    ...(parkingDurationSeconds !== null && { parkingDurationSeconds }),
    ...(reactiveEnergyVarh !== null && { reactiveEnergyVarh }),
    ...(chargingPeriods !== null && { chargingPeriods }),
    ...(meterValues !== null && { meterValues }),
    ...(signedMeterData !== null && { signedMeterData }),
    ...(tariffId !== null && { tariffId }),
    ...(costBreakdown !== null && { costBreakdown }),
    ...(services !== null && { services }),
    ...(creditOf !== null && { creditOf }),
    ...(revisionOf !== null && { revisionOf }),
  };
  return { record, homeProviderPartyId: emaid.providerId.value };
}

/** Every optional field with its stated default (libs/contracts CdrV1): how any reader sees an older record. */
export function withRecordDefaults(record: CdrRecord): Required<CdrRecord> {
  return {
    recordType: 'CDR',
    sessionId: null,
    timeZone: null,
    chargingDurationSeconds: null,
    parkingDurationSeconds: null,
    reactiveEnergyVarh: null,
    chargingPeriods: [],
    meterValues: [],
    signedMeterData: null,
    tariffId: null,
    costBreakdown: null,
    services: [],
    creditOf: null,
    revisionOf: null,
    ...record,
  };
}

/** The session a record closes, for "one accepted final record per session": its session id, else its authorization. */
export function sessionKeyOf(record: CdrRecord): string | null {
  if (record.sessionId) return `session:${record.sessionId}`;
  if (record.authorizationId) return `authorization:${record.authorizationId}`;
  return null;
}

/**
 * Every key under which a record claims its session (review finding 6): its session id AND its authorization, so a
 * later record naming only one of them is recognised as the same session. Unique per CPO for each key.
 */
export function sessionKeysOf(record: CdrRecord): string[] {
  const keys: string[] = [];
  if (record.sessionId) keys.push(`session:${record.sessionId}`);
  if (record.authorizationId) keys.push(`authorization:${record.authorizationId}`);
  return keys;
}

/** Whether two records describe the same CDR (both normalised, so a field-by-field comparison is exact). */
export function sameCdrContent(a: CdrRecord, b: CdrRecord): boolean {
  return a.cdrId === b.cdrId && a.cpoPartyId === b.cpoPartyId && differingFields(a, b).length === 0;
}

/** The fields in which two records of the same CDR differ, for the conflict's details (never their values). */
export function differingFields(a: CdrRecord, b: CdrRecord): string[] {
  const left = withRecordDefaults(a) as unknown as Record<string, unknown>;
  const right = withRecordDefaults(b) as unknown as Record<string, unknown>;
  const fields = Object.keys(left).filter((f) => f !== 'cdrId' && f !== 'cpoPartyId');
  return fields.filter((field) => JSON.stringify(left[field]) !== JSON.stringify(right[field]));
}

type Take = <T>(parse: () => T, fallback: T) => T;

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

function parseWholeNumber(value: unknown, field: string, code: string, unit: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw DomainError.validation(code, `${field} must be a whole, non-negative number of ${unit}`, {
      field,
      rule: 'non-negative-integer',
    });
  }
  return value === 0 ? 0 : value;
}

function parseEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw DomainError.validation('CDR_FIELD_INVALID', `${field} must be one of ${allowed.join(', ')}`, {
      field,
      rule: 'enum',
    });
  }
  return value as T;
}

/** An IANA zone the runtime knows ('Europe/Berlin'); deterministic for a given runtime, no clock involved. */
function parseTimeZone(value: unknown): string {
  const invalid = () =>
    DomainError.validation('CDR_TIME_ZONE_INVALID', 'timeZone must be an IANA time zone such as Europe/Berlin', {
      field: 'timeZone',
      rule: 'iana',
    });
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) throw invalid();
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw invalid();
  }
  return value;
}

function parseList<T>(value: unknown, field: string, parseItem: (item: unknown, field: string) => T | null): T[] {
  if (!Array.isArray(value)) {
    throw DomainError.validation('CDR_FIELD_INVALID', `${field} must be an array`, { field, rule: 'type' });
  }
  if (value.length > CDR_MAX_LIST_LENGTH) {
    throw DomainError.validation('CDR_FIELD_INVALID', `${field} has more than ${CDR_MAX_LIST_LENGTH} items`, {
      field,
      rule: 'length',
    });
  }
  return value.map((item, index) => parseItem(item, `${field}.${index}`)).filter((x): x is T => x !== null);
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw DomainError.validation('CDR_FIELD_INVALID', `${field} must be an object`, { field, rule: 'type' });
  }
  return value as Record<string, unknown>;
}

/** A decimal string in canonical form (trailing zeros dropped, at least four fraction digits, as money prints). */
function parseAmount(value: unknown, field: string): string {
  return Decimal.parse(value as string, { code: 'MONEY_INVALID', field })
    .stripTrailingZeros()
    .withMinScale(4)
    .toString();
}

function parseChargingPeriod(item: unknown, field: string, take: Take): CdrChargingPeriod | null {
  const o = take(() => asObject(item, field), null);
  if (!o) return null;
  const startedAt = take(() => parseInstant(o.startedAt, `${field}.startedAt`), '');
  const endedAt = take(() => parseInstant(o.endedAt, `${field}.endedAt`), '');
  const state = take(() => parseEnum(o.state, `${field}.state`, ['CHARGING', 'PARKING'] as const), 'CHARGING');
  const energyWh = take(
    () => Decimal.parse(o.energyWh as string, { code: 'ENERGY_INVALID', field: `${field}.energyWh` }).toString(),
    '0',
  );
  const powerKw =
    o.powerKw === undefined || o.powerKw === null
      ? undefined
      : take(
          () => Decimal.parse(o.powerKw as string, { code: 'CDR_FIELD_INVALID', field: `${field}.powerKw` }).toString(),
          undefined,
        );
  return { startedAt, endedAt, state, energyWh, ...(powerKw !== undefined && { powerKw }) };
}

function parseMeterValue(item: unknown, field: string, take: Take): CdrMeterValue | null {
  const o = take(() => asObject(item, field), null);
  if (!o) return null;
  return {
    timestamp: take(() => parseInstant(o.timestamp, `${field}.timestamp`), ''),
    energyWh: take(() => parseWholeNumber(o.energyWh, `${field}.energyWh`, 'ENERGY_INVALID', 'watt-hours'), 0),
  };
}

/** Kept verbatim: only the shape is checked (format name and an opaque string of at most 64 KiB). */
function parseSignedMeterData(value: unknown): CdrSignedMeterData {
  const o = asObject(value, 'signedMeterData');
  if (typeof o.format !== 'string' || o.format.length === 0 || o.format.length > 32) {
    throw DomainError.validation('CDR_SIGNED_DATA_INVALID', 'signedMeterData.format must name the format (e.g. OCMF)', {
      field: 'signedMeterData.format',
      rule: 'format',
    });
  }
  if (typeof o.value !== 'string' || o.value.length === 0 || o.value.length > 65_536) {
    throw DomainError.validation(
      'CDR_SIGNED_DATA_INVALID',
      'signedMeterData.value must be a string of 1 to 65536 characters',
      {
        field: 'signedMeterData.value',
        rule: 'length',
      },
    );
  }
  return { format: o.format, value: o.value };
}

function parseCostBreakdown(value: unknown, take: Take): { exclVat: string; vat: string } | null {
  const o = asObject(value, 'costBreakdown');
  const exclVat = take(() => parseAmount(o.exclVat, 'costBreakdown.exclVat'), null);
  const vat = take(() => parseAmount(o.vat, 'costBreakdown.vat'), null);
  return exclVat === null || vat === null ? null : { exclVat, vat };
}

function parseService(item: unknown, field: string, take: Take): CdrService | null {
  const o = take(() => asObject(item, field), null);
  if (!o) return null;
  const type = take(() => parseEnum(o.type, `${field}.type`, CDR_SERVICE_TYPES), 'OTHER');
  const description =
    o.description === undefined || o.description === null
      ? null
      : take(() => {
          if (typeof o.description !== 'string' || o.description.length > 256) {
            throw DomainError.validation(
              'CDR_FIELD_INVALID',
              `${field}.description must be a string of at most 256 characters`,
              {
                field: `${field}.description`,
                rule: 'length',
              },
            );
          }
          return o.description;
        }, null);
  const time = (v: unknown, f: string) =>
    v === undefined || v === null ? null : take(() => parseInstant(v, `${field}.${f}`), null);
  return {
    type,
    description,
    startedAt: time(o.startedAt, 'startedAt'),
    endedAt: time(o.endedAt, 'endedAt'),
    amountExclVat: take(() => parseAmount(o.amountExclVat, `${field}.amountExclVat`), '0.0000'),
    vat: take(() => parseAmount(o.vat, `${field}.vat`), '0.0000'),
  };
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
