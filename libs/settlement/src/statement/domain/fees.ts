import { Decimal, RoundingMode } from '@roaming/shared-kernel';
import type { FeeTerms } from '../../terms/domain/terms';
import type { CurrencyTotals, FeeLine } from './statement-line';

/**
 * The clearing-house fee of one party on a closed statement (IEC 63119 6.4.3): per priced session plus a percentage of
 * the statement's total incl. VAT, both in the fee's currency (other currencies of the statement bear no fee), rounded
 * half up once at the currency's minor unit (`scale`). Paid by the party itself or by its counterparty, as its terms say.
 */
export function feeLine(
  partyId: string,
  counterpartyId: string,
  terms: FeeTerms,
  totals: readonly CurrencyTotals[],
  scale: number,
): FeeLine | null {
  const inCurrency = totals.find((t) => t.currency === terms.currency);
  if (!inCurrency) return null;
  const sessions = inCurrency.records;
  const amount = Decimal.parse(terms.perSession)
    .multiply(Decimal.fromInteger(sessions))
    .add(
      Decimal.parse(inCurrency.amountInclVat)
        .abs()
        .multiply(Decimal.parse(terms.percentage))
        .multiply(Decimal.parse('0.01')),
    )
    .round(scale, RoundingMode.HALF_UP);
  if (amount.isZero()) return null;
  return {
    partyId,
    payerPartyId: terms.payer === 'PARTY' ? partyId : counterpartyId,
    currency: terms.currency,
    sessions,
    perSession: terms.perSession,
    percentage: terms.percentage,
    amount: amount.withMinScale(scale).toString(),
  };
}
