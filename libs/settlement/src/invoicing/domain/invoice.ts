import { Decimal, DomainError, isIsoCurrencyCode } from '@roaming/shared-kernel';

/**
 * A closed statement as invoicing reads it: who issues and who receives, the period, the lines and the totals per
 * currency. Settlement's StatementLine and CurrencyTotals fit these shapes (extra fields are ignored).
 */
export interface InvoiceSourceLine {
  kind: 'RECORD' | 'CREDIT' | 'FEE';
  recordId: string;
  cdrId: string;
  /** ISO instant. */
  sessionStart: string;
  /** Decimal string. */
  energyWh: string;
  currency: string;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
  /** For a CREDIT, the credited record's cdrId; for a FEE, the payer. */
  reference?: string | null;
  /** Text shown for the line; absent = made from kind, cdrId and energy. */
  description?: string;
}

export interface InvoiceSourceTotals {
  currency: string;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
}

export interface InvoiceSourceStatement {
  statementId: string;
  issuerPartyId: string;
  recipientPartyId: string;
  /** start inclusive, end exclusive (ISO instants), as the statement's period. */
  period: { start: string; end: string };
  lines: readonly InvoiceSourceLine[];
  totals: readonly InvoiceSourceTotals[];
}

export interface InvoiceLine {
  lineNumber: number;
  kind: 'RECORD' | 'CREDIT' | 'FEE';
  recordId: string;
  cdrId: string;
  sessionStart: string;
  energyWh: string;
  description: string;
  currency: string;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
}

export interface InvoiceTotals {
  currency: string;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
}

/** An invoice or a credit note: an immutable document, JSON-safe (strings and numbers only). */
export interface InvoiceDocument {
  documentType: 'INVOICE' | 'CREDIT_NOTE';
  /** `<issuerParty>-<year>-<6-digit sequence>`, e.g. DEABC-2026-000042; unique per issuer. */
  invoiceNumber: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  issuerPartyId: string;
  recipientPartyId: string;
  statementId: string;
  period: { start: string; end: string };
  /** For a credit note: the invoice it cancels; null for an invoice. */
  creditedInvoiceNumber: string | null;
  lines: InvoiceLine[];
  /** Per currency, sorted by code: the sums of the lines. */
  totals: InvoiceTotals[];
}

const ISSUE_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_SEQUENCE = 999_999;

const invalid = (code: string, message: string, field: string, rule: string) =>
  DomainError.validation(code, message, { field, rule });

/**
 * The invoice number `<issuerParty>-<year>-<sequence>`: the issuer's party id without separators (DE*ABC → DEABC), the
 * year of the issue date, the sequence number padded to 6 digits. The caller keeps the issuer's counter (one sequence
 * per issuer, shared by invoices and credit notes) and passes the next number; 1 ≤ sequence ≤ 999 999.
 */
export function invoiceNumber(issuerPartyId: string, issueDate: string, sequence: number): string {
  const date = ISSUE_DATE.exec(issueDate);
  if (!date || new Date(`${issueDate}T00:00:00Z`).toISOString().slice(0, 10) !== issueDate) {
    throw invalid('INVOICE_ISSUE_DATE_INVALID', 'issueDate must be a date like 2026-03-31', 'issueDate', 'yyyy-mm-dd');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw invalid(
      'INVOICE_SEQUENCE_INVALID',
      `sequence must be a whole number from 1 to ${MAX_SEQUENCE}`,
      'sequence',
      'range',
    );
  }
  const party = issuerPartyId.replace(/[*-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]+$/.test(party)) {
    throw invalid('INVOICE_PARTY_INVALID', 'issuerPartyId must be a party id like DE*ABC', 'issuerPartyId', 'format');
  }
  return `${party}-${date[1]}-${sequence.toString().padStart(6, '0')}`;
}

/**
 * Builds the invoice of a closed statement (issue 6 "Invoices and exports"): its lines numbered in statement order, a
 * description per line, totals per currency summed from the lines. Refused (validation errors, nothing built) when a
 * line's amounts are not decimal strings or do not add up (excl + VAT ≠ incl), a currency is not ISO 4217, or the
 * statement's totals are not the sums of its lines — an invoice never disagrees with its statement.
 */
export function buildInvoice(input: {
  statement: InvoiceSourceStatement;
  issueDate: string;
  /** The issuer's next invoice sequence number. */
  sequence: number;
}): InvoiceDocument {
  const { statement } = input;
  const number = invoiceNumber(statement.issuerPartyId, input.issueDate, input.sequence);
  const lines = statement.lines.map((line, index) => invoiceLine(line, index));
  const totals = totalsOf(lines);
  const stated = new Map<string, InvoiceSourceTotals>();
  statement.totals.forEach((t, index) => {
    if (stated.has(t.currency)) {
      throw invalid('INVOICE_TOTALS_MISMATCH', `totals list ${t.currency} twice`, `totals.${index}.currency`, 'unique');
    }
    stated.set(t.currency, t);
  });
  for (const total of totals) {
    const given = stated.get(total.currency);
    stated.delete(total.currency);
    const same =
      given &&
      (['amountExclVat', 'vat', 'amountInclVat'] as const).every((k) => {
        const value = Decimal.tryParse(given[k]);
        return value !== undefined && value.equals(Decimal.parse(total[k]));
      });
    if (!same) {
      throw invalid(
        'INVOICE_TOTALS_MISMATCH',
        `the statement's ${total.currency} totals are not the sums of its lines (${total.amountExclVat} + ${total.vat} = ${total.amountInclVat})`,
        'totals',
        'sum-of-lines',
      );
    }
  }
  for (const [currency, t] of stated) {
    const zero = ['amountExclVat', 'vat', 'amountInclVat'].every((k) =>
      Decimal.tryParse((t as unknown as Record<string, string>)[k])?.isZero(),
    );
    if (!zero) {
      throw invalid(
        'INVOICE_TOTALS_MISMATCH',
        `the statement has ${currency} totals but no ${currency} lines`,
        'totals',
        'sum-of-lines',
      );
    }
  }
  return {
    documentType: 'INVOICE',
    invoiceNumber: number,
    issueDate: input.issueDate,
    issuerPartyId: statement.issuerPartyId,
    recipientPartyId: statement.recipientPartyId,
    statementId: statement.statementId,
    period: { start: statement.period.start, end: statement.period.end },
    creditedInvoiceNumber: null,
    lines,
    totals,
  };
}

/**
 * The credit note that cancels an invoice exactly (the only way an issued invoice is corrected): same parties,
 * statement and period, every line negated, so invoice + credit note total zero in every currency. It takes its own
 * number from the issuer's sequence and references the invoice. A credit note cannot itself be credited.
 */
export function buildCreditNote(input: {
  invoice: InvoiceDocument;
  issueDate: string;
  sequence: number;
}): InvoiceDocument {
  const { invoice } = input;
  if (invoice.documentType !== 'INVOICE') {
    throw DomainError.illegalState(
      'INVOICE_NOT_CREDITABLE',
      `${invoice.invoiceNumber} is a credit note, not an invoice`,
      {
        invoiceNumber: invoice.invoiceNumber,
      },
    );
  }
  const negate = (v: string) => Decimal.parse(v).negate().toString();
  const lines = invoice.lines.map((line) => ({
    ...line,
    amountExclVat: negate(line.amountExclVat),
    vat: negate(line.vat),
    amountInclVat: negate(line.amountInclVat),
  }));
  return {
    documentType: 'CREDIT_NOTE',
    invoiceNumber: invoiceNumber(invoice.issuerPartyId, input.issueDate, input.sequence),
    issueDate: input.issueDate,
    issuerPartyId: invoice.issuerPartyId,
    recipientPartyId: invoice.recipientPartyId,
    statementId: invoice.statementId,
    period: { ...invoice.period },
    creditedInvoiceNumber: invoice.invoiceNumber,
    lines,
    totals: totalsOf(lines),
  };
}

function invoiceLine(line: InvoiceSourceLine, index: number): InvoiceLine {
  const field = (name: string) => `lines.${index}.${name}`;
  if (!isIsoCurrencyCode(line.currency)) {
    throw invalid(
      'INVOICE_LINE_INVALID',
      `${field('currency')} must be an ISO 4217 code`,
      field('currency'),
      'iso-4217',
    );
  }
  const amount = (name: 'amountExclVat' | 'vat' | 'amountInclVat' | 'energyWh') => {
    const value = typeof line[name] === 'string' ? Decimal.tryParse(line[name]) : undefined;
    if (!value) {
      throw invalid('INVOICE_LINE_INVALID', `${field(name)} must be a decimal string`, field(name), 'decimal-string');
    }
    return value;
  };
  const [excl, vat, incl] = [amount('amountExclVat'), amount('vat'), amount('amountInclVat')];
  amount('energyWh');
  if (!excl.add(vat).equals(incl)) {
    throw invalid(
      'INVOICE_LINE_INVALID',
      `${field('amountInclVat')} must be amountExclVat + vat`,
      field('amountInclVat'),
      'incl-is-excl-plus-vat',
    );
  }
  return {
    lineNumber: index + 1,
    kind: line.kind,
    recordId: line.recordId,
    cdrId: line.cdrId,
    sessionStart: line.sessionStart,
    energyWh: line.energyWh,
    description: line.description ?? describe(line),
    currency: line.currency,
    amountExclVat: line.amountExclVat,
    vat: line.vat,
    amountInclVat: line.amountInclVat,
  };
}

function describe(line: InvoiceSourceLine): string {
  const kwh = Decimal.parse(line.energyWh).multiply(Decimal.parse('0.001')).stripTrailingZeros().toString();
  switch (line.kind) {
    case 'RECORD':
      return `Charging session ${line.cdrId}, ${kwh} kWh`;
    case 'CREDIT':
      return `Credit for ${line.reference ?? line.cdrId}, ${kwh} kWh`;
    case 'FEE':
      return `Clearing-house fee${line.reference ? ` (${line.reference})` : ''}`;
  }
}

function totalsOf(lines: readonly InvoiceLine[]): InvoiceTotals[] {
  const sums = new Map<string, { excl: Decimal; vat: Decimal; incl: Decimal }>();
  for (const line of lines) {
    const sum = sums.get(line.currency) ?? { excl: Decimal.ZERO, vat: Decimal.ZERO, incl: Decimal.ZERO };
    sum.excl = sum.excl.add(Decimal.parse(line.amountExclVat));
    sum.vat = sum.vat.add(Decimal.parse(line.vat));
    sum.incl = sum.incl.add(Decimal.parse(line.amountInclVat));
    sums.set(line.currency, sum);
  }
  return [...sums.keys()].sort().map((currency) => {
    const sum = sums.get(currency) as { excl: Decimal; vat: Decimal; incl: Decimal };
    return {
      currency,
      amountExclVat: sum.excl.toString(),
      vat: sum.vat.toString(),
      amountInclVat: sum.incl.toString(),
    };
  });
}
