import {
  minorUnitDigits,
  rateSession,
  type RatingResult,
  selectTariff,
  sessionFromTotals,
  type ChargingSessionJson,
  type TariffJson,
  type TariffVersionJson,
} from '@roaming/rating';
import { Decimal, DomainError, RoundingMode } from '@roaming/shared-kernel';
import type { AppliedTariff, ParkReason, SettlementRecordInput } from '../domain/record';
import type { StatementLine } from '../../statement/domain/statement-line';

export type RecordPricing =
  | { kind: 'PRICED'; tariff: AppliedTariff | null; rating: RatingResult | null; lines: StatementLine[] }
  | { kind: 'PARKED'; reason: ParkReason; detail: string };

export interface PriceRecordInput {
  recordId: string;
  record: SettlementRecordInput;
  /** The agreement in force at session start (its negotiated tariff id, if any); null = none known. */
  agreement: { agreementId: string; tariffId: string | null } | null;
  /** Every version of the CPO's tariffs known to settlement. */
  versions: readonly TariffVersionJson[];
  rounding: RoundingMode;
  roundingPer?: 'line' | 'total';
  /**
   * For a credit or revision record: the record it credits (its EVSP, when known, and its priced lines); null = not
   * priced (yet). The credit is settled under the credited record's agreement and statement pair.
   */
  credited: { cdrId: string; emspPartyId?: string; lines: readonly StatementLine[] } | null;
}

/** The charging session as rating reads it: the record's periods, or its totals; times of day in its time zone (default UTC). */
export function sessionOfRecord(record: SettlementRecordInput): ChargingSessionJson {
  const timeZone = record.timeZone ?? 'UTC';
  if (record.chargingPeriods && record.chargingPeriods.length > 0) {
    return { timeZone, periods: record.chargingPeriods.map((p) => ({ ...p })) };
  }
  const chargingEndedAt =
    record.chargingDurationSeconds !== undefined
      ? new Date(
          Math.min(Date.parse(record.startedAt) + record.chargingDurationSeconds * 1000, Date.parse(record.endedAt)),
        ).toISOString()
      : undefined;
  return sessionFromTotals({
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    energyWh: String(record.energyWh),
    timeZone,
    ...(chargingEndedAt ? { chargingEndedAt } : {}),
  });
}

/** Rates a record under a tariff definition: the one computation RecordPriced records and auditors repeat. */
export function rateRecord(
  record: SettlementRecordInput,
  definition: Record<string, unknown>,
  rounding: string,
  per: 'line' | 'total' = 'line',
): RatingResult {
  return rateSession(definition as unknown as TariffJson, sessionOfRecord(record), {
    rounding: rounding as RoundingMode,
    per,
  });
}

function negate(amount: string): string {
  if (/^0(\.0+)?$/.test(amount)) return amount;
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

/** The credit of a record's own RECORD lines: negated amounts, referencing the credited record. */
export function creditLines(
  recordId: string,
  credited: { cdrId: string; lines: readonly StatementLine[] },
  first = 0,
): StatementLine[] {
  return credited.lines
    .filter((l) => l.kind === 'RECORD')
    .map((l, i) => ({
      ...l,
      lineId: `${recordId}:${first + i}`,
      kind: 'CREDIT' as const,
      recordId,
      reference: credited.cdrId,
      energyWh: negate(l.energyWh),
      amountExclVat: negate(l.amountExclVat),
      vat: negate(l.vat),
      amountInclVat: negate(l.amountInclVat),
    }));
}

/**
 * Prices one accepted record (IEC 63119 6.4.3): a credit record is the negation of the record it credits; a revision
 * credits the old record and is priced itself; any other record is rated with libs/rating under the tariff
 * `selectTariff` picks (the agreement's negotiated tariff, else the CPO's public one in force at session start).
 * Whatever cannot be priced without a guess is parked with a stable reason.
 */
export function priceRecord(input: PriceRecordInput): RecordPricing {
  const { record, recordId } = input;
  const creditRef = record.creditOf ?? record.revisionOf ?? null;
  if (creditRef && !input.credited) {
    return {
      kind: 'PARKED',
      reason: 'CREDITED_RECORD_UNKNOWN',
      detail: `record ${creditRef} of ${record.cpoPartyId} is not priced`,
    };
  }
  if (creditRef && input.credited?.emspPartyId && input.credited.emspPartyId !== record.emspPartyId) {
    // A credit belongs to the pair of the record it credits: booking it under another EVSP's agreement would charge
    // the credited EVSP nothing back and credit a partner who was never charged.
    return {
      kind: 'PARKED',
      reason: 'RECORD_INVALID',
      detail: `EVSP ${record.emspPartyId} differs from ${input.credited.emspPartyId} of the credited record ${creditRef}`,
    };
  }
  if (record.creditOf && input.credited) {
    return { kind: 'PRICED', tariff: null, rating: null, lines: creditLines(recordId, input.credited) };
  }
  if (!input.agreement) {
    return {
      kind: 'PARKED',
      reason: 'AGREEMENT_MISSING',
      detail: `no roaming agreement ${record.cpoPartyId} → ${record.emspPartyId} in force at ${record.startedAt}`,
    };
  }
  const selection = selectTariff({
    cpoPartyId: record.cpoPartyId,
    at: record.startedAt,
    negotiatedTariffId: input.agreement.tariffId,
    requestedTariffId: record.tariffId ?? null,
    versions: input.versions,
  });
  if (selection.kind !== 'SELECTED') {
    return {
      kind: 'PARKED',
      reason: selection.kind === 'MISSING' ? 'TARIFF_MISSING' : 'TARIFF_AMBIGUOUS',
      detail: selection.reason,
    };
  }
  const currency = record.totalCost?.currency;
  if (selection.tariff.currency !== currency) {
    return {
      kind: 'PARKED',
      reason: 'CURRENCY_MISMATCH',
      detail: `tariff ${selection.tariffId} v${selection.version} is in ${selection.tariff.currency}, the record in ${currency}`,
    };
  }
  const definition = selection.tariff as unknown as Record<string, unknown>;
  let rating: RatingResult;
  try {
    rating = rateRecord(record, definition, input.rounding, input.roundingPer ?? 'line');
  } catch (error) {
    if (error instanceof DomainError)
      return { kind: 'PARKED', reason: 'RECORD_INVALID', detail: `${error.code}: ${error.message}` };
    throw error;
  }
  const credits = input.credited ? creditLines(recordId, input.credited) : [];
  let lines: StatementLine[];
  try {
    lines = recordLines(recordId, record, rating, credits);
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'PARKED', reason: 'RECORD_INVALID', detail: error.message };
    throw error;
  }
  return {
    kind: 'PRICED',
    tariff: {
      tariffId: selection.tariffId,
      version: selection.version,
      basis: selection.basis,
      validFrom: selection.validFrom,
      definition,
    },
    rating,
    lines,
  };
}

/**
 * A rated record's statement lines after its credits: the charging line (the rating's totals) and, for an SDR, one
 * line per service at the amounts the CPO stated for it (net and VAT; services are not in the tariff model, so they are
 * taken as stated, never priced by a guess). Shared by pricing and the auditors' re-rating.
 */
export function recordLines(
  recordId: string,
  record: SettlementRecordInput,
  rating: RatingResult,
  credits: readonly StatementLine[],
): StatementLine[] {
  const scale = minorUnitDigits(rating.currency);
  const base = {
    kind: 'RECORD' as const,
    recordId,
    cdrId: record.cdrId,
    reference: null,
    sessionStart: new Date(record.startedAt).toISOString(),
    currency: rating.currency,
  };
  const lines: StatementLine[] = [
    ...credits,
    {
      ...base,
      lineId: `${recordId}:${credits.length}`,
      energyWh: String(record.energyWh),
      amountExclVat: rating.totalExclVat,
      vat: rating.totalVat,
      amountInclVat: rating.totalInclVat,
    },
  ];
  (record.services ?? []).forEach((service, index) => {
    // Amounts may carry more digits than the currency's minor unit (cdr-forwarding sends "2.0000"): extra zero digits
    // are dropped; an amount truly finer than the minor unit ("2.0050") is refused, never rounded by a guess.
    const amount = (value: string, field: string) => {
      const parsed = typeof value === 'string' ? Decimal.tryParse(value) : undefined;
      if (!parsed || parsed.isNegative()) {
        throw DomainError.validation(
          'SERVICE_AMOUNT_INVALID',
          `services.${index}.${field} is not an amount in ${rating.currency}`,
        );
      }
      const normalised = parsed.round(scale, RoundingMode.DOWN);
      if (!normalised.equals(parsed)) {
        throw DomainError.validation(
          'SERVICE_AMOUNT_INVALID',
          `services.${index}.${field} ${value} is finer than the minor unit of ${rating.currency} (${scale} decimals)`,
        );
      }
      return normalised.withMinScale(scale);
    };
    const excl = amount(service.amountExclVat, 'amountExclVat');
    const vat = amount(service.vat, 'vat');
    lines.push({
      ...base,
      lineId: `${recordId}:${lines.length}`,
      energyWh: '0',
      amountExclVat: excl.toString(),
      vat: vat.toString(),
      amountInclVat: excl.add(vat).withMinScale(scale).toString(),
    });
  });
  return lines;
}
