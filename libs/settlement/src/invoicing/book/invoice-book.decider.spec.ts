import { deciderSpec } from '@roaming/testing';
import { type InvoiceBookEvent, invoiceBookDecider } from './invoice-book';

const spec = deciderSpec(invoiceBookDecider);
const statement = {
  statementId: 'agr-1+M2026-03-01',
  issuerPartyId: 'DEABC',
  recipientPartyId: 'NLXYZ',
  period: { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
  lines: [
    {
      kind: 'RECORD' as const,
      recordId: 'DEABC+cdr-1',
      cdrId: 'cdr-1',
      sessionStart: '2026-03-05T10:00:00.000Z',
      energyWh: '20000',
      currency: 'EUR',
      amountExclVat: '8.00',
      vat: '1.52',
      amountInclVat: '9.52',
    },
  ],
  totals: [{ currency: 'EUR', amountExclVat: '8.00', vat: '1.52', amountInclVat: '9.52' }],
};
const issue = { type: 'IssueInvoice' as const, data: { statement, issueDate: '2026-04-03' } };

describe('invoice book decider (issue 6 invoices): numbered per issuer, corrected only by a credit note', () => {
  let issued: InvoiceBookEvent;

  it('issues the first invoice of an issuer as <issuer>-<year>-000001', () => {
    const events = invoiceBookDecider.decide(issue, invoiceBookDecider.initialState());
    expect(events).toMatchObject([
      { type: 'InvoiceIssued', data: { sequence: 1, document: { invoiceNumber: 'DEABC-2026-000001' } } },
    ]);
    issued = events[0];
  });

  it('refuses a second invoice of the same statement', () => {
    spec.given([issued]).when(issue).thenThrows('STATEMENT_ALREADY_INVOICED', 'conflict');
  });

  it('cancels an invoice by a credit note with the next number; then the statement may be invoiced again', () => {
    const state = spec
      .given([issued])
      .when({ type: 'IssueCreditNote', data: { invoiceNumber: 'DEABC-2026-000001', issueDate: '2026-04-04' } })
      .then([
        {
          type: 'CreditNoteIssued',
          data: expect.objectContaining({ sequence: 2 }) as never,
        },
      ]);
    expect(state.invoices['DEABC-2026-000001'].creditedBy).toBe('DEABC-2026-000002');
    const again = invoiceBookDecider.decide(issue, state);
    expect(again[0].data.document.invoiceNumber).toBe('DEABC-2026-000003');
  });

  it('refuses crediting an unknown invoice (INVOICE_NOT_FOUND; an already credited one: see the e2e)', () => {
    spec
      .when({ type: 'IssueCreditNote', data: { invoiceNumber: 'DEABC-2026-000009', issueDate: '2026-04-04' } })
      .thenThrows('INVOICE_NOT_FOUND');
  });
});
