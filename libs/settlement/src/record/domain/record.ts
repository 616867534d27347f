import { type Decider, DomainError, streamName } from '@roaming/shared-kernel';
import type { StatementLine } from '../../statement/domain/statement-line';

/**
 * An accepted charge or service record as settlement prices it (IEC 63119 6.4.3, UC3-5): one stream per record,
 * `settlementRecord-<cpoPartyId>+<cdrId>`. The pricing (tariff selection, rating, statement) is computed by the caller
 * from looked-up facts and passed in; the events carry every input of that computation (the record, the tariff
 * version's definition, the rounding rule), so rating is reproducible from this stream alone.
 */
export const RECORD_CATEGORY = 'settlementRecord';
export const recordIdOf = (cpoPartyId: string, cdrId: string) => `${cpoPartyId}+${cdrId}`;
export const recordStream = (recordId: string) => streamName(RECORD_CATEGORY, recordId);

export const PARK_REASONS = [
  'TARIFF_MISSING',
  'TARIFF_AMBIGUOUS',
  'CURRENCY_MISMATCH',
  'RECORD_INVALID',
  'AGREEMENT_MISSING',
  'CREDITED_RECORD_UNKNOWN',
] as const;
export type ParkReason = (typeof PARK_REASONS)[number];

/** The record as received (CdrV1 of cdr-forwarding.events.v1, the fields settlement reads). */
export interface SettlementRecordInput {
  cdrId: string;
  cpoPartyId: string;
  emspPartyId: string;
  evseId: string;
  startedAt: string;
  endedAt: string;
  energyWh: number;
  totalCost: { amount: string; currency: string };
  timeZone?: string;
  chargingDurationSeconds?: number;
  chargingPeriods?: {
    startedAt: string;
    endedAt: string;
    state: 'CHARGING' | 'PARKING';
    energyWh: string;
    powerKw?: string;
  }[];
  tariffId?: string | null;
  creditOf?: string | null;
  revisionOf?: string | null;
  /** SDR services other than charging, as the CPO priced them (net and VAT, decimal strings). */
  services?: { type: string; description: string | null; amountExclVat: string; vat: string }[];
}

export interface AppliedTariff {
  tariffId: string;
  version: number;
  basis: 'NEGOTIATED' | 'PUBLIC';
  validFrom: string;
  /** The version's definition (libs/rating TariffJson) as published. */
  definition: Record<string, unknown>;
}

export type PricingOutcome =
  | {
      kind: 'PRICED';
      agreementId: string;
      tariff: AppliedTariff | null;
      rounding: string;
      /** Absent on events before it existed = 'line'. */
      roundingPer?: 'line' | 'total';
      /** The rating result (libs/rating RatingResult); null for a pure credit record. */
      rating: Record<string, unknown> | null;
      lines: StatementLine[];
      statementId: string;
      /** The statement the record belongs to by its session start, when that one was closed already. */
      homeStatementId: string | null;
    }
  | { kind: 'PARKED'; reason: ParkReason; detail: string };

export type RecordEvent =
  | {
      type: 'RecordPriced';
      data: {
        recordId: string;
        record: SettlementRecordInput;
        agreementId: string;
        tariff: AppliedTariff | null;
        rounding: string;
        roundingPer?: 'line' | 'total';
        rating: Record<string, unknown> | null;
        lines: StatementLine[];
        statementId: string;
        homeStatementId: string | null;
        at: string;
      };
    }
  | {
      type: 'RecordParked';
      data: { recordId: string; record: SettlementRecordInput; reason: ParkReason; detail: string; at: string };
    }
  | {
      /** A credit or revision record (`byRecordId`) credited this record's lines: no other record may credit them again. */
      type: 'RecordCredited';
      data: { recordId: string; byRecordId: string; at: string };
    };

export type PriceRecord = {
  type: 'PriceRecord';
  data: { recordId: string; record: SettlementRecordInput; outcome: PricingOutcome; at: string };
};
export type MarkCredited = { type: 'MarkCredited'; data: { recordId: string; byRecordId: string; at: string } };
export type RecordCommand = PriceRecord | MarkCredited;

export type RecordState =
  | { status: 'NONE' }
  | { status: 'PARKED'; record: SettlementRecordInput; reason: ParkReason; detail: string }
  | {
      status: 'PRICED';
      record: SettlementRecordInput;
      agreementId: string;
      lines: StatementLine[];
      statementId: string;
      creditedBy: string | null;
    };

/**
 * Pricing is final: a priced record is never priced again (a correction comes as a credit or revision record). A parked
 * record is priced, or parked again under another reason, when the facts changed; the same reason again is no event.
 * A priced record is credited at most once (RECORD_ALREADY_CREDITED).
 */
export const recordDecider: Decider<RecordState, RecordCommand, RecordEvent> = {
  initialState: () => ({ status: 'NONE' }),
  decide: (command, state) => {
    if (command.type === 'MarkCredited') {
      const { data } = command;
      if (state.status !== 'PRICED') {
        throw DomainError.illegalState('RECORD_NOT_PRICED', `record ${data.recordId} is not priced`, data);
      }
      if (state.creditedBy === data.byRecordId) return [];
      if (state.creditedBy) {
        throw DomainError.conflict(
          'RECORD_ALREADY_CREDITED',
          `record ${data.recordId} is credited by ${state.creditedBy}`,
          {
            ...data,
            creditedBy: state.creditedBy,
          },
        );
      }
      return [{ type: 'RecordCredited', data }];
    }
    const { data } = command;
    if (state.status === 'PRICED') return [];
    const { outcome } = data;
    if (outcome.kind === 'PARKED') {
      if (state.status === 'PARKED' && state.reason === outcome.reason && state.detail === outcome.detail) return [];
      return [
        {
          type: 'RecordParked',
          data: {
            recordId: data.recordId,
            record: data.record,
            reason: outcome.reason,
            detail: outcome.detail,
            at: data.at,
          },
        },
      ];
    }
    const { kind: _kind, ...priced } = outcome;
    return [{ type: 'RecordPriced', data: { recordId: data.recordId, record: data.record, ...priced, at: data.at } }];
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'RecordPriced':
        return {
          status: 'PRICED',
          record: event.data.record,
          agreementId: event.data.agreementId,
          lines: event.data.lines,
          statementId: event.data.statementId,
          creditedBy: null,
        };
      case 'RecordParked':
        return { status: 'PARKED', record: event.data.record, reason: event.data.reason, detail: event.data.detail };
      case 'RecordCredited':
        return state.status === 'PRICED' ? { ...state, creditedBy: event.data.byRecordId } : state;
    }
  },
};
