import { Decimal, RoundingMode } from '@roaming/shared-kernel';
import type { FeeTerms } from '../../terms/domain/terms';
import type { CurrencyTotals, FeeLine, StatementLine } from './statement-line';

/**
 * The sessions a statement's per-session fee counts: distinct records with RECORD lines (an SDR's service lines are
 * the same session) minus distinct records credited by its CREDIT lines. So a credit cancels its record's session, and
 * a revision (credit of the original + its own line) replaces the original: original and revision count once net.
 * A credit of a record of an earlier statement makes the count of this one lower (it may go below zero). The close
 * computes the same count in SQL (Statements.totals).
 */
export function netSessions(lines: readonly Pick<StatementLine, 'kind' | 'recordId' | 'reference'>[]): number {
  const records = new Set(lines.filter((l) => l.kind === 'RECORD').map((l) => l.recordId));
  const credited = new Set(lines.filter((l) => l.kind === 'CREDIT').map((l) => l.reference));
  return records.size - credited.size;
}

/**
 * The clearing-house fee of one party on a closed statement (IEC 63119 6.4.3): per session net of credits
 * (`netSessions`) plus a percentage of the statement's signed total incl. VAT (credits reduce it; a statement whose
 * credits outweigh its records gives a negative fee, a refund), both in the fee's currency (other currencies of the
 * statement bear no fee), rounded half up once at the currency's minor unit (`scale`). Paid by the party itself or by
 * its counterparty, as its terms say.
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
  const sessions = inCurrency.sessions ?? inCurrency.records;
  const amount = Decimal.parse(terms.perSession)
    .multiply(Decimal.fromInteger(sessions))
    .add(
      Decimal.parse(inCurrency.amountInclVat).multiply(Decimal.parse(terms.percentage)).multiply(Decimal.parse('0.01')),
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
