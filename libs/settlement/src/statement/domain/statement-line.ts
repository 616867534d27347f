/**
 * One line of a statement. RECORD: a priced record (the EVSP owes the CPO); CREDIT: a credit record or the credit of
 * a revised record (negative amounts, `reference` = the credited record's cdrId); FEE: the clearing-house fee of one
 * party (payer = `reference`). Amounts are decimal strings at the currency's minor unit, VAT included in amountInclVat.
 */
export interface StatementLine {
  lineId: string;
  kind: 'RECORD' | 'CREDIT' | 'FEE';
  recordId: string;
  cdrId: string;
  reference: string | null;
  sessionStart: string;
  energyWh: string;
  currency: string;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
}

/** Totals of a statement in one currency. */
export interface CurrencyTotals {
  currency: string;
  /** RECORD lines (an SDR has one per service besides its charging line). */
  records: number;
  /** CREDIT lines. */
  credits: number;
  /**
   * Sessions net of credits (`netSessions`): what the per-session fee counts. Absent in totals closed before it existed
   * and in the auditors' re-computation (which compares the amounts, line counts and digest).
   */
  sessions?: number;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
}

/** A clearing-house fee line, computed when the statement closes from the party's fee terms. */
export interface FeeLine {
  payerPartyId: string;
  /** Whose fee terms it comes from. */
  partyId: string;
  currency: string;
  sessions: number;
  perSession: string;
  percentage: string;
  amount: string;
}
