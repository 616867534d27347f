import { type Decider, DomainError, isRoundingMode, type RoundingMode, streamName } from '@roaming/shared-kernel';
import { PERIOD_TYPES, type PeriodType } from '../../statement/domain/period';

/**
 * Settlement terms, set by the marketplace operator (IEC 63119 6.4.3): per agreement the settlement period and the
 * rounding rule of its rating; per partner (party id) the clearing-house fee and who pays it. Each is a small stream:
 * `settlementTerms-<agreementId>` and `settlementFee-<partyId>`; absent terms mean the defaults below.
 */
export const AGREEMENT_TERMS_CATEGORY = 'settlementTerms';
export const FEE_TERMS_CATEGORY = 'settlementFee';
export const agreementTermsStream = (agreementId: string) => streamName(AGREEMENT_TERMS_CATEGORY, agreementId);
export const feeTermsStream = (partyId: string) => streamName(FEE_TERMS_CATEGORY, partyId);

export interface AgreementTerms {
  period: PeriodType;
  /** Rounding mode at the currency's minor unit. */
  rounding: RoundingMode;
  /** Round every rated line (then sum), or only the totals (libs/rating RatingOptions.per). */
  roundingPer: 'line' | 'total';
}
export const DEFAULT_AGREEMENT_TERMS: AgreementTerms = { period: 'MONTHLY', rounding: 'HALF_UP', roundingPer: 'line' };

export interface FeeTerms {
  /** Per priced session, in `currency` (decimal string, ≥ 0). */
  perSession: string;
  /** Percent of the statement's total incl. VAT in `currency` (decimal string, ≥ 0). */
  percentage: string;
  currency: string;
  /** PARTY: the partner these terms belong to pays; COUNTERPARTY: the other partner of each statement pays. */
  payer: 'PARTY' | 'COUNTERPARTY';
}

export type AgreementTermsEvent = {
  type: 'AgreementSettlementTermsSet';
  data: { agreementId: string; terms: AgreementTerms; at: string };
};
export type SetAgreementTerms = {
  type: 'SetAgreementTerms';
  data: { agreementId: string; terms: AgreementTerms; at: string };
};

export const agreementTermsDecider: Decider<AgreementTerms | null, SetAgreementTerms, AgreementTermsEvent> = {
  initialState: () => null,
  decide: ({ data }, state) => {
    if (!(PERIOD_TYPES as readonly string[]).includes(data.terms.period)) {
      throw DomainError.validation('SETTLEMENT_PERIOD_INVALID', 'period is DAILY, WEEKLY or MONTHLY', {
        field: 'period',
      });
    }
    if (!isRoundingMode(data.terms.rounding)) {
      throw DomainError.validation('ROUNDING_RULE_INVALID', 'rounding is HALF_UP, HALF_EVEN, DOWN or UP', {
        field: 'rounding',
      });
    }
    if (data.terms.roundingPer !== 'line' && data.terms.roundingPer !== 'total') {
      throw DomainError.validation('ROUNDING_RULE_INVALID', 'roundingPer is line or total', { field: 'roundingPer' });
    }
    if (
      state &&
      state.period === data.terms.period &&
      state.rounding === data.terms.rounding &&
      state.roundingPer === data.terms.roundingPer
    ) {
      return [];
    }
    return [{ type: 'AgreementSettlementTermsSet', data }];
  },
  // Terms set before roundingPer existed round per line.
  evolve: (_state, event) => ({ ...DEFAULT_AGREEMENT_TERMS, ...event.data.terms }),
};

export type FeeTermsEvent = { type: 'FeeTermsSet'; data: { partyId: string; terms: FeeTerms; at: string } };
export type SetFeeTerms = { type: 'SetFeeTerms'; data: { partyId: string; terms: FeeTerms; at: string } };

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

export const feeTermsDecider: Decider<FeeTerms | null, SetFeeTerms, FeeTermsEvent> = {
  initialState: () => null,
  decide: ({ data }, state) => {
    const t = data.terms;
    for (const field of ['perSession', 'percentage'] as const) {
      if (!DECIMAL.test(t[field])) {
        throw DomainError.validation('FEE_TERMS_INVALID', `${field} is a decimal string ≥ 0`, { field });
      }
    }
    if (Number(t.percentage) > 100) {
      throw DomainError.validation('FEE_TERMS_INVALID', 'percentage is at most 100', { field: 'percentage' });
    }
    if (!/^[A-Z]{3}$/.test(t.currency)) {
      throw DomainError.validation('FEE_TERMS_INVALID', 'currency is an ISO 4217 code', { field: 'currency' });
    }
    if (t.payer !== 'PARTY' && t.payer !== 'COUNTERPARTY') {
      throw DomainError.validation('FEE_TERMS_INVALID', 'payer is PARTY or COUNTERPARTY', { field: 'payer' });
    }
    if (state && JSON.stringify(state) === JSON.stringify(t)) return [];
    return [{ type: 'FeeTermsSet', data }];
  },
  evolve: (_state, event) => event.data.terms,
};
