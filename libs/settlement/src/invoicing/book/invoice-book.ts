import { type Decider, DomainError, streamName } from '@roaming/shared-kernel';
import { buildCreditNote, buildInvoice, type InvoiceDocument, type InvoiceSourceStatement } from '../domain';

/**
 * The invoices of one issuer (the CPO of the statements it invoices): one stream `settlementInvoiceBook-<issuer>`
 * holds its numbering, so the sequence is kept consistent by the store's expected version (no gaps, no duplicates),
 * shared by invoices and credit notes. An issued invoice is corrected only by a credit note cancelling it.
 */
export const INVOICE_BOOK_CATEGORY = 'settlementInvoiceBook';
export const invoiceBookStream = (issuerPartyId: string) => streamName(INVOICE_BOOK_CATEGORY, issuerPartyId);

export type InvoiceBookEvent =
  | { type: 'InvoiceIssued'; data: { sequence: number; document: InvoiceDocument } }
  | { type: 'CreditNoteIssued'; data: { sequence: number; document: InvoiceDocument } };

export type InvoiceBookCommand =
  | { type: 'IssueInvoice'; data: { statement: InvoiceSourceStatement; issueDate: string } }
  | { type: 'IssueCreditNote'; data: { invoiceNumber: string; issueDate: string } };

export interface InvoiceBookState {
  lastSequence: number;
  /** Statement id → its invoice in force (not credited). */
  invoicedStatements: Record<string, string>;
  invoices: Record<string, { document: InvoiceDocument; creditedBy: string | null }>;
}

export const invoiceBookDecider: Decider<InvoiceBookState, InvoiceBookCommand, InvoiceBookEvent> = {
  initialState: () => ({ lastSequence: 0, invoicedStatements: {}, invoices: {} }),
  decide: (command, state) => {
    const sequence = state.lastSequence + 1;
    if (command.type === 'IssueInvoice') {
      const { statement } = command.data;
      const existing = state.invoicedStatements[statement.statementId];
      if (existing) {
        throw DomainError.conflict(
          'STATEMENT_ALREADY_INVOICED',
          `statement ${statement.statementId} is invoiced as ${existing}`,
          {
            statementId: statement.statementId,
            invoiceNumber: existing,
          },
        );
      }
      const document = buildInvoice({ statement, issueDate: command.data.issueDate, sequence });
      return [{ type: 'InvoiceIssued', data: { sequence, document } }];
    }
    const invoice = state.invoices[command.data.invoiceNumber];
    if (!invoice) {
      throw DomainError.notFound('INVOICE_NOT_FOUND', `no invoice ${command.data.invoiceNumber}`, {
        invoiceNumber: command.data.invoiceNumber,
      });
    }
    if (invoice.creditedBy) {
      throw DomainError.conflict(
        'INVOICE_ALREADY_CREDITED',
        `${command.data.invoiceNumber} is cancelled by ${invoice.creditedBy}`,
        {
          invoiceNumber: command.data.invoiceNumber,
        },
      );
    }
    const document = buildCreditNote({ invoice: invoice.document, issueDate: command.data.issueDate, sequence });
    return [{ type: 'CreditNoteIssued', data: { sequence, document } }];
  },
  evolve: (state, event) => {
    const { document, sequence } = event.data;
    const invoices = { ...state.invoices, [document.invoiceNumber]: { document, creditedBy: null } };
    const invoicedStatements = { ...state.invoicedStatements };
    if (event.type === 'InvoiceIssued') {
      invoicedStatements[document.statementId] = document.invoiceNumber;
    } else if (document.creditedInvoiceNumber) {
      const credited = invoices[document.creditedInvoiceNumber];
      if (credited) invoices[document.creditedInvoiceNumber] = { ...credited, creditedBy: document.invoiceNumber };
      delete invoicedStatements[document.statementId];
    }
    return { lastSequence: Math.max(state.lastSequence, sequence), invoicedStatements, invoices };
  },
};
