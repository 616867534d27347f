import { Injectable } from '@nestjs/common';
import { EventStore } from '@roaming/event-store';
import { minorUnitDigits } from '@roaming/rating';
import { Decimal, RoundingMode } from '@roaming/shared-kernel';
import { createHash } from 'crypto';
import { type RecordEvent, recordIdOf, recordStream } from '../record/domain/record';
import { creditLines, rateRecord, recordLines } from '../record/pricing/price-record';
import { netSessions } from '../statement/domain/fees';
import type { CurrencyTotals, StatementLine } from '../statement/domain/statement-line';
import { Statements } from '../statement/statements';

type Amounts = Pick<StatementLine, 'currency' | 'amountExclVat' | 'vat' | 'amountInclVat'>;

export interface ReratedLine {
  lineId: string;
  kind: StatementLine['kind'];
  cdrId: string;
  reference: string | null;
  stored: Amounts;
  recomputed: Amounts | null;
  match: boolean;
  /** Why there is no match, when there is none. */
  reason: string | null;
}

export interface ReratingReport {
  statementId: string;
  status: 'OPEN' | 'CLOSED';
  match: boolean;
  lines: ReratedLine[];
  /** For a closed statement: its totals and digest recomputed from the re-rated lines, against StatementClosed's. */
  closed: {
    totalsMatch: boolean;
    digestMatch: boolean;
    stored: { totals: CurrencyTotals[]; digest: string };
    recomputed: { totals: CurrencyTotals[]; digest: string };
  } | null;
}

const amounts = (l: Amounts): Amounts => ({
  currency: l.currency,
  amountExclVat: l.amountExclVat,
  vat: l.vat,
  amountInclVat: l.amountInclVat,
});
const same = (a: Amounts, b: Amounts) =>
  a.currency === b.currency &&
  (['amountExclVat', 'vat', 'amountInclVat'] as const).every((k) => Decimal.parse(a[k]).equals(Decimal.parse(b[k])));

/**
 * The auditor's re-run of rating (IEC 63119 6.4.3, issue 6 doors): for every line of a statement, the record's
 * RecordPriced event is read from the event store and rated again from what it carries alone (the record, the tariff
 * version's definition, the rounding rule; a credit from the credited record's own history), and compared with the
 * line the statement holds.
 */
@Injectable()
export class Rerating {
  constructor(
    private readonly store: EventStore,
    private readonly statements: Statements,
  ) {}

  async statement(statementId: string): Promise<ReratingReport> {
    const summary = await this.statements.summary(statementId);
    const stored = (await this.statements.lines(statementId, 1_000_000)).filter((l) => l.kind !== 'FEE');
    const memo = new Map<string, Promise<StatementLine[] | string>>();
    const lines: ReratedLine[] = [];
    for (const line of stored) {
      const recomputed = await this.linesOf(line.recordId, memo);
      const twin = typeof recomputed === 'string' ? undefined : recomputed.find((l) => l.lineId === line.lineId);
      const match = !!twin && same(amounts(line), amounts(twin));
      lines.push({
        lineId: line.lineId,
        kind: line.kind,
        cdrId: line.cdrId,
        reference: line.reference,
        stored: amounts(line),
        recomputed: twin ? amounts(twin) : null,
        match,
        reason: match ? null : typeof recomputed === 'string' ? recomputed : 'amounts differ',
      });
    }
    let closed: ReratingReport['closed'] = null;
    if (summary.status === 'CLOSED') {
      const recomputedLines = lines.map((l, i) => ({
        lineId: l.lineId,
        kind: l.kind,
        recordId: stored[i].recordId,
        reference: l.reference,
        amounts: l.recomputed ?? l.stored,
      }));
      const recomputed = { totals: totalsOf(recomputedLines), digest: digestOf(recomputedLines) };
      const closedWith = { totals: summary.totals ?? [], digest: summary.digest ?? '' };
      // Sessions (the per-session fee's count) are compared when the close stored them (statements closed since).
      const withSessions = closedWith.totals.every((t) => t.sessions !== undefined);
      closed = {
        totalsMatch:
          JSON.stringify(canonicalTotals(closedWith.totals, withSessions)) ===
          JSON.stringify(canonicalTotals(recomputed.totals, withSessions)),
        digestMatch: closedWith.digest === recomputed.digest,
        stored: closedWith,
        recomputed,
      };
    }
    const match = lines.every((l) => l.match) && (closed === null || (closed.totalsMatch && closed.digestMatch));
    return { statementId, status: summary.status, match, lines, closed };
  }

  /** A record's lines as rating computes them again from its history; a string says why that is not possible. */
  private linesOf(
    recordId: string,
    memo: Map<string, Promise<StatementLine[] | string>>,
  ): Promise<StatementLine[] | string> {
    let result = memo.get(recordId);
    if (!result) {
      result = this.recompute(recordId, memo);
      memo.set(recordId, result);
    }
    return result;
  }

  private async recompute(
    recordId: string,
    memo: Map<string, Promise<StatementLine[] | string>>,
  ): Promise<StatementLine[] | string> {
    const history = await this.store.readStream(recordStream(recordId));
    const priced = history
      .map((e) => ({ type: e.type, data: e.data }) as RecordEvent)
      .find((e) => e.type === 'RecordPriced');
    if (!priced || priced.type !== 'RecordPriced') return `record ${recordId} has no RecordPriced event`;
    const { record, tariff, rounding, roundingPer } = priced.data;
    const creditRef = record.creditOf ?? record.revisionOf ?? null;
    let credits: StatementLine[] = [];
    if (creditRef) {
      const creditedLines = await this.linesOf(recordIdOf(record.cpoPartyId, creditRef), memo);
      if (typeof creditedLines === 'string') return creditedLines;
      credits = creditLines(recordId, { cdrId: creditRef, lines: creditedLines });
    }
    if (!tariff) return credits;
    return recordLines(
      recordId,
      record,
      rateRecord(record, tariff.definition, rounding, roundingPer ?? 'line'),
      credits,
    );
  }
}

type RecomputedLine = Pick<StatementLine, 'lineId' | 'kind' | 'recordId' | 'reference'> & { amounts: Amounts };

/**
 * Totals per currency as the close computes them in SQL: counts by kind, sessions net of credits (`netSessions`),
 * sums at the currency's minor unit.
 */
function totalsOf(lines: readonly RecomputedLine[]): CurrencyTotals[] {
  const byCurrency = new Map<
    string,
    { records: number; credits: number; excl: Decimal; vat: Decimal; incl: Decimal }
  >();
  for (const { kind, amounts: a } of lines) {
    const t = byCurrency.get(a.currency) ?? {
      records: 0,
      credits: 0,
      excl: Decimal.ZERO,
      vat: Decimal.ZERO,
      incl: Decimal.ZERO,
    };
    if (kind === 'RECORD') t.records++;
    if (kind === 'CREDIT') t.credits++;
    t.excl = t.excl.add(Decimal.parse(a.amountExclVat));
    t.vat = t.vat.add(Decimal.parse(a.vat));
    t.incl = t.incl.add(Decimal.parse(a.amountInclVat));
    byCurrency.set(a.currency, t);
  }
  const money = (d: Decimal, currency: string) => {
    const scale = minorUnitDigits(currency);
    return d.round(scale, RoundingMode.HALF_UP).withMinScale(scale).toString();
  };
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, t]) => ({
      currency,
      records: t.records,
      credits: t.credits,
      sessions: netSessions(lines.filter((l) => l.amounts.currency === currency)),
      amountExclVat: money(t.excl, currency),
      vat: money(t.vat, currency),
      amountInclVat: money(t.incl, currency),
    }));
}

/** The digest StatementClosed carries: sha256 over `lineId|amountInclVat`, lines in byte order of their ids. */
function digestOf(lines: readonly RecomputedLine[]): string {
  const text = [...lines]
    .sort((a, b) => Buffer.compare(Buffer.from(a.lineId), Buffer.from(b.lineId)))
    .map((l) => `${l.lineId}|${l.amounts.amountInclVat}`)
    .join('\n');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Totals with their keys in one order (jsonb keeps its own), for comparison. */
function canonicalTotals(totals: readonly CurrencyTotals[], withSessions: boolean) {
  return totals.map((t) => [
    t.currency,
    t.records,
    t.credits,
    ...(withSessions ? [t.sessions] : []),
    t.amountExclVat,
    t.vat,
    t.amountInclVat,
  ]);
}
