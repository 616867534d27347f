import { Injectable } from '@nestjs/common';
import { Database, EventStore, handleCommand, type SqlExecutor } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Clock, DomainError } from '@roaming/shared-kernel';
import { decodeCursor, encodeCursor, type PageRequest, pageLimit } from '../paging';
import { SETTLEMENT_SCHEMA } from '../settlement.schema';
import { assertReader, Statements } from '../statement/statements';
import { type InvoiceBookEvent, invoiceBookDecider, invoiceBookStream } from './book/invoice-book';
import type { InvoiceDocument } from './domain';

const S = SETTLEMENT_SCHEMA;
const INVOICES_CURSOR = 'invoices';

export interface InvoiceSummary {
  invoiceNumber: string;
  documentType: 'INVOICE' | 'CREDIT_NOTE';
  issuerPartyId: string;
  recipientPartyId: string;
  statementId: string;
  issueDate: string;
  creditedBy: string | null;
  creditedInvoiceNumber: string | null;
  totals: InvoiceDocument['totals'];
}

/**
 * Invoices of closed statements (issue 6 "Invoices and exports"): the CPO issues, the EVSP receives; numbered in the
 * issuer's invoice book; the documents are kept in settlement.invoices in the append's transaction for downloads.
 */
@Injectable()
export class Invoices {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly statements: Statements,
    private readonly clock: Clock,
  ) {}

  async issue(statementId: string, actor: string): Promise<InvoiceSummary> {
    const issueDate = this.clock.now().toISOString().slice(0, 10);
    const number = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ status: string }>(
        `SELECT status FROM ${S}.statements WHERE statement_id = $1 FOR UPDATE`,
        [statementId],
      );
      if (!rows[0]) throw DomainError.notFound('STATEMENT_NOT_FOUND', `no statement ${statementId}`, { statementId });
      if (rows[0].status !== 'CLOSED') {
        throw DomainError.illegalState('STATEMENT_NOT_CLOSED', `statement ${statementId} is still open`, {
          statementId,
        });
      }
      const summary = await this.statements.summary(statementId, tx);
      const lines = (await this.statements.lines(statementId, 1_000_000, tx)).filter((l) => l.kind !== 'FEE');
      const { newEvents } = await handleCommand(
        this.store,
        invoiceBookStream(summary.cpoPartyId),
        invoiceBookDecider,
        {
          type: 'IssueInvoice',
          data: {
            issueDate,
            statement: {
              statementId,
              issuerPartyId: summary.cpoPartyId,
              recipientPartyId: summary.emspPartyId,
              period: { start: summary.period.start, end: summary.period.end },
              lines,
              totals: summary.totals ?? [],
            },
          },
        },
        { tx, metadata: { actor, correlationId: statementId } },
      );
      await this.project(tx, newEvents);
      const document = newEvents[0].data.document;
      await tx.query(`UPDATE ${S}.statements SET invoice_number = $2 WHERE statement_id = $1`, [
        statementId,
        document.invoiceNumber,
      ]);
      return document.invoiceNumber;
    });
    return this.summary(number);
  }

  async creditNote(invoiceNumber: string, actor: string): Promise<InvoiceSummary> {
    const issueDate = this.clock.now().toISOString().slice(0, 10);
    const invoice = await this.document(invoiceNumber);
    const number = await this.db.transaction(async (tx) => {
      const { newEvents } = await handleCommand(
        this.store,
        invoiceBookStream(invoice.issuerPartyId),
        invoiceBookDecider,
        { type: 'IssueCreditNote', data: { invoiceNumber, issueDate } },
        { tx, metadata: { actor, correlationId: invoiceNumber } },
      );
      await this.project(tx, newEvents);
      await tx.query(`UPDATE ${S}.statements SET invoice_number = NULL WHERE statement_id = $1`, [invoice.statementId]);
      return newEvents[0].data.document.invoiceNumber;
    });
    return this.summary(number);
  }

  private async project(tx: SqlExecutor, events: readonly InvoiceBookEvent[]): Promise<void> {
    for (const { data } of events) {
      const d = data.document;
      await tx.query(
        `INSERT INTO ${S}.invoices (invoice_number, document_type, issuer_party_id, recipient_party_id, statement_id, issue_date, document)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (invoice_number) DO NOTHING`,
        [
          d.invoiceNumber,
          d.documentType,
          d.issuerPartyId,
          d.recipientPartyId,
          d.statementId,
          d.issueDate,
          JSON.stringify(d),
        ],
      );
      if (d.creditedInvoiceNumber) {
        await tx.query(`UPDATE ${S}.invoices SET credited_by = $2 WHERE invoice_number = $1`, [
          d.creditedInvoiceNumber,
          d.invoiceNumber,
        ]);
      }
    }
  }

  async document(invoiceNumber: string, principal?: Principal): Promise<InvoiceDocument> {
    const { rows } = await this.db.query<{ document: InvoiceDocument }>(
      `SELECT document FROM ${S}.invoices WHERE invoice_number = $1`,
      [invoiceNumber],
    );
    const document = rows[0]?.document;
    if (!document) throw DomainError.notFound('INVOICE_NOT_FOUND', `no invoice ${invoiceNumber}`, { invoiceNumber });
    if (principal) {
      assertReader(
        principal,
        document.issuerPartyId,
        document.recipientPartyId,
        'INVOICE_NOT_FOUND',
        `no invoice ${invoiceNumber}`,
      );
    }
    return document;
  }

  async summary(invoiceNumber: string): Promise<InvoiceSummary> {
    const list = await this.query(`invoice_number = $1`, [invoiceNumber]);
    if (!list[0]) throw DomainError.notFound('INVOICE_NOT_FOUND', `no invoice ${invoiceNumber}`, { invoiceNumber });
    return list[0];
  }

  /** Invoices a principal issued or received (all for the operator and auditors), one page (≤ 2000) and nextCursor. */
  async list(
    principal: Principal,
    page?: PageRequest,
  ): Promise<{ items: InvoiceSummary[]; nextCursor: string | null }> {
    const limit = pageLimit(page);
    const after = page?.cursor ? decodeCursor(INVOICES_CURSOR, page.cursor, 2) : null;
    const all = principal.roles.includes('operator') || principal.roles.includes('auditor');
    const rows = await this.query(
      `($1::boolean OR issuer_party_id = ANY($2::text[]) OR recipient_party_id = ANY($2::text[]))
       AND ($3::text IS NULL OR (issuer_party_id, invoice_number) > ($3::text, $4::text))`,
      [all, [...principal.partyIds], after?.[0] ?? null, after?.[1] ?? null],
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor(INVOICES_CURSOR, [last.issuerPartyId, last.invoiceNumber]) : null,
    };
  }

  private async query(where: string, params: unknown[], limit = 1): Promise<InvoiceSummary[]> {
    const { rows } = await this.db.query<{ document: InvoiceDocument; credited_by: string | null }>(
      `SELECT document, credited_by FROM ${S}.invoices WHERE ${where}
       ORDER BY issuer_party_id, invoice_number LIMIT ${Number(limit)}`,
      params,
    );
    return rows.map(({ document: d, credited_by }) => ({
      invoiceNumber: d.invoiceNumber,
      documentType: d.documentType,
      issuerPartyId: d.issuerPartyId,
      recipientPartyId: d.recipientPartyId,
      statementId: d.statementId,
      issueDate: d.issueDate,
      creditedBy: credited_by,
      creditedInvoiceNumber: d.creditedInvoiceNumber,
      totals: d.totals,
    }));
  }
}
