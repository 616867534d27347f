import type { IntegrationMessage } from './integration-message';

/**
 * The published language of the settlement context (IEC 63119 6.4.3): what it publishes on `settlement.events.v1`
 * and, for invoices and credit notes, on both partners' `b2b.<party>.outbound.v1`. Amounts are decimal strings.
 */
export interface SettlementTotalsV1 {
  currency: string;
  /** RECORD lines (an SDR has one per service besides its charging line). */
  records: number;
  /** CREDIT lines. */
  credits: number;
  /**
   * Added within v1 (absent on older messages): sessions net of credits (distinct records minus distinct credited
   * records; a revision replaces its original), what a per-session fee counts.
   */
  sessions?: number;
  amountExclVat: string;
  vat: string;
  amountInclVat: string;
}

export interface SettlementFeeV1 {
  partyId: string;
  payerPartyId: string;
  currency: string;
  sessions: number;
  perSession: string;
  percentage: string;
  amount: string;
}

/** A statement (agreement CPO → EVSP, one period) closed: immutable from now on; `digest` fingerprints its lines. */
export type StatementClosedV1 = IntegrationMessage<
  'StatementClosed',
  {
    statementId: string;
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
    period: { type: 'DAILY' | 'WEEKLY' | 'MONTHLY'; start: string; end: string };
    totals: SettlementTotalsV1[];
    fees: SettlementFeeV1[];
    lineCount: number;
    digest: string;
    closedAt: string;
  }
>;

/** An invoice (or a credit note cancelling one) issued from a closed statement; the document itself is read over REST. */
export type InvoiceIssuedV1 = IntegrationMessage<
  'InvoiceIssued' | 'CreditNoteIssued',
  {
    invoiceNumber: string;
    /** For a credit note: the invoice it cancels. */
    creditOf: string | null;
    statementId: string;
    issuerPartyId: string;
    recipientPartyId: string;
    issueDate: string;
    totals: { currency: string; amountExclVat: string; vat: string; amountInclVat: string }[];
    /** Where the partners download it: GET {path}?format=json|csv|html. */
    path: string;
  }
>;

/** A record settlement could not price without a guess; re-priced when the missing fact arrives. */
export type RecordParkedV1 = IntegrationMessage<
  'RecordParked',
  { cdrId: string; cpoPartyId: string; emspPartyId: string; reason: string; detail: string }
>;

export type SettlementMessageV1 = StatementClosedV1 | InvoiceIssuedV1 | RecordParkedV1;
