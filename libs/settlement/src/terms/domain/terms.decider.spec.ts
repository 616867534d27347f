import { deciderSpec } from '@roaming/testing';
import { agreementTermsDecider, feeTermsDecider } from './terms';

const AT = '2026-03-01T00:00:00.000Z';

describe('settlement terms deciders (IEC 63119 6.4.3)', () => {
  const agreement = deciderSpec(agreementTermsDecider);
  const fee = deciderSpec(feeTermsDecider);
  const weekly = {
    agreementId: 'agr-1',
    terms: { period: 'WEEKLY' as const, rounding: 'HALF_EVEN' as const, roundingPer: 'line' as const },
    at: AT,
  };
  const feeTerms = { perSession: '0.10', percentage: '1', currency: 'EUR', payer: 'PARTY' as const };

  it('sets an agreement’s period and rounding; the same terms again are no event', () => {
    agreement
      .when({ type: 'SetAgreementTerms', data: weekly })
      .then([{ type: 'AgreementSettlementTermsSet', data: weekly }]);
    agreement
      .given([{ type: 'AgreementSettlementTermsSet', data: weekly }])
      .when({ type: 'SetAgreementTerms', data: weekly })
      .thenNothing();
  });

  it('refuses an unknown period or rounding rule', () => {
    agreement
      .when({
        type: 'SetAgreementTerms',
        data: { ...weekly, terms: { period: 'YEARLY' as never, rounding: 'HALF_UP', roundingPer: 'line' } },
      })
      .thenThrows('SETTLEMENT_PERIOD_INVALID', 'validation');
    agreement
      .when({
        type: 'SetAgreementTerms',
        data: { ...weekly, terms: { period: 'DAILY', rounding: 'CEILING' as never, roundingPer: 'line' } },
      })
      .thenThrows('ROUNDING_RULE_INVALID', 'validation');
  });

  it('sets a partner’s fee terms and refuses bad amounts, currency or payer', () => {
    const data = { partyId: 'NLXYZ', terms: feeTerms, at: AT };
    fee.when({ type: 'SetFeeTerms', data }).then([{ type: 'FeeTermsSet', data }]);
    fee
      .given([{ type: 'FeeTermsSet', data }])
      .when({ type: 'SetFeeTerms', data })
      .thenNothing();
    for (const terms of [
      { ...feeTerms, perSession: '-1' },
      { ...feeTerms, percentage: '101' },
      { ...feeTerms, currency: 'eur' },
      { ...feeTerms, payer: 'HUB' as never },
    ]) {
      fee.when({ type: 'SetFeeTerms', data: { ...data, terms } }).thenThrows('FEE_TERMS_INVALID');
    }
  });
});
