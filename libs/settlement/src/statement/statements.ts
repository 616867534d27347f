import { Injectable } from '@nestjs/common';
import { Database, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { minorUnitDigits } from '@roaming/rating';
import { Decimal, DomainError, RoundingMode } from '@roaming/shared-kernel';
import { decodeCursor, encodeCursor, type PageRequest, pageLimit } from '../paging';
import { SETTLEMENT_SCHEMA } from '../settlement.schema';
import { feeTermsDecider, feeTermsStream } from '../terms/domain/terms';
import { feeLine } from './domain/fees';
import type { PeriodType } from './domain/period';
import { type StatementClosedData, statementDecider, statementStream } from './domain/statement';
import type { CurrencyTotals, FeeLine, StatementLine } from './domain/statement-line';

const S = SETTLEMENT_SCHEMA;
const LINES_CURSOR = 'statement-lines';
const STATEMENTS_CURSOR = 'statements';

export interface StatementSummary {
  statementId: string;
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  period: { type: PeriodType; start: string; end: string };
  status: 'OPEN' | 'CLOSED';
  closedAt: string | null;
  totals: CurrencyTotals[] | null;
  fees: FeeLine[] | null;
  lineCount: number | null;
  digest: string | null;
  invoiceNumber: string | null;
}

export interface StatementLineView extends StatementLine {
  /** For a late line: the statement of the period it belongs to, closed when it arrived. */
  homeStatementId: string | null;
}

interface StatementRow {
  statement_id: string;
  agreement_id: string;
  cpo_party_id: string;
  emsp_party_id: string;
  period_type: PeriodType;
  period_start: Date | string;
  period_end: Date | string;
  status: 'OPEN' | 'CLOSED';
  closed_at: Date | string | null;
  totals: CurrencyTotals[] | null;
  fees: FeeLine[] | null;
  line_count: number | null;
  digest: string | null;
  invoice_number: string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** Decimal text of a numeric sum at the currency's minor unit. */
function money(value: string, currency: string): string {
  const scale = minorUnitDigits(currency);
  return Decimal.parse(value).round(scale, RoundingMode.HALF_UP).withMinScale(scale).toString();
}

/**
 * Statements per agreement and period (IEC 63119 6.4.3): closing, reading, listing. A close runs in one transaction
 * holding the statement's row lock (records being priced into it wait, then go to the next period): the totals per
 * currency and the digest of the lines are computed by SQL over the statement-lines projection, the fees from the
 * partners' fee terms, and one StatementClosed is appended carrying them all.
 */
@Injectable()
export class Statements {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
  ) {}

  async close(statementId: string, closedBy: string, at: string): Promise<StatementSummary> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<StatementRow>(
        `SELECT * FROM ${S}.statements WHERE statement_id = $1 FOR UPDATE`,
        [statementId],
      );
      const row = rows[0];
      if (!row) throw DomainError.notFound('STATEMENT_NOT_FOUND', `no statement ${statementId}`, { statementId });
      const stream = statementStream(statementId);
      const { state } = await loadState(this.store, stream, statementDecider, tx);
      if (state.status === 'CLOSED' || row.status === 'CLOSED') {
        throw DomainError.illegalState('STATEMENT_CLOSED', `statement ${statementId} is closed`, { statementId });
      }
      const totals = await this.totals(tx, statementId);
      const digest = await tx.query<{ digest: string | null; n: string }>(
        `SELECT encode(sha256(convert_to(coalesce(string_agg(line_id || '|' || amount_incl_vat::text, E'\\n' ORDER BY line_id COLLATE "C"), ''), 'UTF8')), 'hex') AS digest,
                count(*)::text AS n
         FROM ${S}.statement_lines WHERE statement_id = $1`,
        [statementId],
      );
      const fees = await this.fees(tx, row, totals);
      const data: StatementClosedData = {
        statementId,
        agreementId: row.agreement_id,
        cpoPartyId: row.cpo_party_id,
        emspPartyId: row.emsp_party_id,
        period: { type: row.period_type, start: iso(row.period_start), end: iso(row.period_end) },
        totals,
        fees,
        lineCount: Number(digest.rows[0].n),
        digest: digest.rows[0].digest ?? '',
        closedBy,
        closedAt: at,
      };
      await handleCommand(
        this.store,
        stream,
        statementDecider,
        { type: 'CloseStatement', data },
        {
          tx,
          metadata: { actor: closedBy, correlationId: statementId },
        },
      );
      await tx.query(
        `UPDATE ${S}.statements SET status = 'CLOSED', closed_at = $2, closed_by = $3, totals = $4::jsonb, fees = $5::jsonb,
           line_count = $6, digest = $7 WHERE statement_id = $1`,
        [statementId, at, closedBy, JSON.stringify(totals), JSON.stringify(fees), data.lineCount, data.digest],
      );
    });
    return this.summary(statementId);
  }

  /** Totals per currency, summed in the database (a statement may hold a million lines); sessions as `netSessions`. */
  private async totals(tx: SqlExecutor, statementId: string): Promise<CurrencyTotals[]> {
    const { rows } = await tx.query<{
      currency: string;
      records: string;
      credits: string;
      sessions: string;
      excl: string;
      vat: string;
      incl: string;
    }>(
      `SELECT currency,
              count(*) FILTER (WHERE kind = 'RECORD')::text AS records,
              count(*) FILTER (WHERE kind = 'CREDIT')::text AS credits,
              (count(DISTINCT record_id) FILTER (WHERE kind = 'RECORD')
                 - count(DISTINCT reference) FILTER (WHERE kind = 'CREDIT'))::text AS sessions,
              sum(amount_excl_vat)::text AS excl, sum(vat)::text AS vat, sum(amount_incl_vat)::text AS incl
       FROM ${S}.statement_lines WHERE statement_id = $1 AND kind <> 'FEE'
       GROUP BY currency ORDER BY currency`,
      [statementId],
    );
    return rows.map((r) => ({
      currency: r.currency,
      records: Number(r.records),
      credits: Number(r.credits),
      sessions: Number(r.sessions),
      amountExclVat: money(r.excl, r.currency),
      vat: money(r.vat, r.currency),
      amountInclVat: money(r.incl, r.currency),
    }));
  }

  private async fees(tx: SqlExecutor, row: StatementRow, totals: CurrencyTotals[]): Promise<FeeLine[]> {
    const fees: FeeLine[] = [];
    for (const [party, counterparty] of [
      [row.cpo_party_id, row.emsp_party_id],
      [row.emsp_party_id, row.cpo_party_id],
    ]) {
      const { state } = await loadState(this.store, feeTermsStream(party), feeTermsDecider, tx);
      if (!state) continue;
      const line = feeLine(party, counterparty, state, totals, minorUnitDigits(state.currency));
      if (line) fees.push(line);
    }
    return fees;
  }

  async summary(statementId: string, sql: SqlExecutor = this.db): Promise<StatementSummary> {
    const { rows } = await sql.query<StatementRow>(`SELECT * FROM ${S}.statements WHERE statement_id = $1`, [
      statementId,
    ]);
    if (!rows[0]) throw DomainError.notFound('STATEMENT_NOT_FOUND', `no statement ${statementId}`, { statementId });
    return toSummary(rows[0]);
  }

  /**
   * A statement as one of its partners (or the operator, an auditor) may read it, anyone else: STATEMENT_NOT_FOUND;
   * with one page of its lines in line-id order (`limit` ≤ 2000, `nextCursor` for the rest, null on the last page) and
   * `lineCount`, the number of all its lines (stored at close; counted while open), so a reader can check it has them
   * all before summing them against the totals.
   */
  async forReader(
    principal: Principal,
    statementId: string,
    page?: PageRequest,
  ): Promise<StatementSummary & { lineCount: number; lines: StatementLineView[]; nextCursor: string | null }> {
    const limit = pageLimit(page);
    const after = page?.cursor ? decodeCursor(LINES_CURSOR, page.cursor, 2) : null;
    const summary = await this.summary(statementId);
    assertReader(
      principal,
      summary.cpoPartyId,
      summary.emspPartyId,
      'STATEMENT_NOT_FOUND',
      `no statement ${statementId}`,
    );
    if (after && after[0] !== statementId) {
      throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this list handed out', {
        field: 'cursor',
        rule: 'opaque-cursor',
      });
    }
    const lineCount =
      summary.lineCount ??
      Number(
        (
          await this.db.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM ${S}.statement_lines WHERE statement_id = $1`,
            [statementId],
          )
        ).rows[0].n,
      );
    const rows = await this.lines(statementId, limit + 1, this.db, after?.[1]);
    const lines = rows.slice(0, limit);
    const last = lines[lines.length - 1];
    return {
      ...summary,
      lineCount,
      lines,
      nextCursor: rows.length > limit && last ? encodeCursor(LINES_CURSOR, [statementId, last.lineId]) : null,
    };
  }

  /** Lines of a statement in line-id order, after `afterLineId` if given (internal callers read them all). */
  async lines(
    statementId: string,
    limit = 1_000_000,
    sql: SqlExecutor = this.db,
    afterLineId?: string,
  ): Promise<StatementLineView[]> {
    const { rows } = await sql.query<{
      line_id: string;
      kind: StatementLine['kind'];
      record_id: string;
      cdr_id: string;
      reference: string | null;
      home_statement_id: string | null;
      session_start: Date | string;
      energy_wh: string;
      currency: string;
      amount_excl_vat: string;
      vat: string;
      amount_incl_vat: string;
    }>(
      `SELECT * FROM ${S}.statement_lines WHERE statement_id = $1 AND ($3::text IS NULL OR line_id > $3)
       ORDER BY line_id LIMIT $2`,
      [statementId, limit, afterLineId ?? null],
    );
    return rows.map((r) => ({
      lineId: r.line_id,
      kind: r.kind,
      recordId: r.record_id,
      cdrId: r.cdr_id,
      reference: r.reference,
      homeStatementId: r.home_statement_id,
      sessionStart: iso(r.session_start),
      energyWh: String(r.energy_wh),
      currency: r.currency,
      amountExclVat: String(r.amount_excl_vat),
      vat: String(r.vat),
      amountInclVat: String(r.amount_incl_vat),
    }));
  }

  /**
   * The statements a principal may read: its own (as CPO or EVSP); all of them for the operator and auditors; oldest
   * period first, one page (`limit` ≤ 2000) and `nextCursor` for the next (null on the last page).
   */
  async list(
    principal: Principal,
    status?: 'OPEN' | 'CLOSED',
    page?: PageRequest,
  ): Promise<{ items: StatementSummary[]; nextCursor: string | null }> {
    const limit = pageLimit(page);
    const after = page?.cursor ? decodeCursor(STATEMENTS_CURSOR, page.cursor, 2) : null;
    if (after && Number.isNaN(Date.parse(after[0]))) {
      throw DomainError.validation('CURSOR_INVALID', 'cursor is not a cursor this list handed out', {
        field: 'cursor',
        rule: 'opaque-cursor',
      });
    }
    const all = principal.roles.includes('operator') || principal.roles.includes('auditor');
    const { rows } = await this.db.query<StatementRow>(
      `SELECT * FROM ${S}.statements
       WHERE ($1::boolean OR cpo_party_id = ANY($2::text[]) OR emsp_party_id = ANY($2::text[]))
         AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR (period_start, statement_id) > ($4::timestamptz, $5::text))
       ORDER BY period_start, statement_id LIMIT $6`,
      [all, [...principal.partyIds], status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toSummary);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor(STATEMENTS_CURSOR, [last.period.start, last.statementId]) : null,
    };
  }

  /** Statements whose period ended at least `graceMs` before `now` and are still open. */
  async due(now: Date, graceMs: number): Promise<string[]> {
    const { rows } = await this.db.query<{ statement_id: string }>(
      `SELECT statement_id FROM ${S}.statements WHERE status = 'OPEN' AND period_end <= $1 ORDER BY period_end, statement_id`,
      [new Date(now.getTime() - graceMs).toISOString()],
    );
    return rows.map((r) => r.statement_id);
  }
}

function toSummary(r: StatementRow): StatementSummary {
  return {
    statementId: r.statement_id,
    agreementId: r.agreement_id,
    cpoPartyId: r.cpo_party_id,
    emspPartyId: r.emsp_party_id,
    period: { type: r.period_type, start: iso(r.period_start), end: iso(r.period_end) },
    status: r.status,
    closedAt: r.closed_at ? iso(r.closed_at) : null,
    totals: r.totals,
    fees: r.fees,
    lineCount: r.line_count,
    digest: r.digest,
    invoiceNumber: r.invoice_number,
  };
}

export function assertReader(principal: Principal, cpo: string, emsp: string, code: string, message: string): void {
  if (principal.roles.includes('operator') || principal.roles.includes('auditor')) return;
  if (principal.partyIds.includes(cpo) || principal.partyIds.includes(emsp)) return;
  throw DomainError.notFound(code, message);
}
