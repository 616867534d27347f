import type { InboundCdrV1 } from '@roaming/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@roaming/platform';
import { ReceiveCdrRequestDto } from './receive-cdr.request.dto';

export class InboundCdrInvalidError extends Error {
  constructor(readonly violations: string[]) {
    super(`the CDR is invalid: ${violations.join('; ')}`);
    this.name = 'InboundCdrInvalidError';
  }
}

/**
 * Checks a Kafka (or batch) body against the same DTO and rules the REST door applies (unknown fields refused), so a
 * CDR is judged alike whichever door it came through. Throws InboundCdrInvalidError listing every broken rule.
 *
 * A body of the usual shape is let through by hasInboundCdrShape without class-validator, which cost ~8 % of the
 * intake's CPU at thousands of records per second (issue 5 speed); anything else goes to the DTO, which names every
 * broken rule. The shape check never accepts what the DTO refuses (inbound-cdr.validation.spec.ts compares them).
 */
export async function validateInboundCdr(body: unknown): Promise<InboundCdrV1> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InboundCdrInvalidError(['the body must be a JSON object']);
  }
  if (hasInboundCdrShape(body)) return body;
  const dto = plainToInstance(ReceiveCdrRequestDto, body);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw new InboundCdrInvalidError(flattenValidationErrors(errors).map((e) => `${e.field}: ${e.message}`));
  }
  return dto;
}

type Check = (value: unknown) => boolean;

const text: Check = (v) => typeof v === 'string';
const filled: Check = (v) => typeof v === 'string' && v !== '';
// UTF-16 units: never fewer than the characters the DTO's @Length counts, so never more lenient.
const id64: Check = (v) => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const integer: Check = (v) => typeof v === 'number' && Number.isInteger(v);
const object: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const money: Check = (v) =>
  object(v) &&
  Object.keys(v as object).every((k) => k === 'amount' || k === 'currency') &&
  filled((v as { amount?: unknown }).amount) &&
  filled((v as { currency?: unknown }).currency);

/** The DTO's rules, field by field (receive-cdr.request.dto.ts): required ones, then optional ones (null = absent). */
const REQUIRED = new Map<string, Check>([
  ['cdrId', id64],
  ['evseId', filled],
  ['emaid', filled],
  ['tokenUid', filled],
  ['startedAt', filled],
  ['endedAt', filled],
  ['energyWh', (v) => integer(v) && (v as number) >= 0],
  ['totalCost', money],
]);
const OPTIONAL = new Map<string, Check>([
  ['authorizationId', id64],
  ['recordType', (v) => v === 'CDR' || v === 'SDR'],
  ['sessionId', text],
  ['timeZone', text],
  ['chargingDurationSeconds', integer],
  ['parkingDurationSeconds', integer],
  ['reactiveEnergyVarh', integer],
  ['chargingPeriods', Array.isArray],
  ['meterValues', Array.isArray],
  ['signedMeterData', object],
  ['tariffId', text],
  ['costBreakdown', object],
  ['services', Array.isArray],
  ['creditOf', text],
  ['revisionOf', text],
]);

/** True when the body passes every rule of the DTO; false says nothing (the DTO then tells what is wrong). */
export function hasInboundCdrShape(body: object): body is InboundCdrV1 {
  // Maps, not object literals: a body key such as "constructor" or "__proto__" must not find a check.
  const record = body as Record<string, unknown>;
  for (const [field, check] of REQUIRED) if (!Object.hasOwn(record, field) || !check(record[field])) return false;
  for (const field of Object.keys(record)) {
    if (REQUIRED.has(field)) continue;
    const check = OPTIONAL.get(field);
    if (check === undefined) return false;
    const value = record[field];
    if (value !== undefined && value !== null && !check(value)) return false;
  }
  return true;
}
