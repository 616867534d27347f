import { Injectable } from '@nestjs/common';
import { EventStore } from '@roaming/event-store';
import { Decimal } from '@roaming/shared-kernel';
import { type RecordEvent, recordIdOf, recordStream } from '../record/domain/record';
import { creditLines, rateRecord } from '../record/pricing/price-record';
import type { StatementLine } from '../statement/domain/statement-line';
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
    return { statementId, status: summary.status, match: lines.every((l) => l.match), lines };
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
    const rating = rateRecord(record, tariff.definition, rounding, roundingPer ?? 'line');
    return [
      ...credits,
      {
        lineId: `${recordId}:${credits.length}`,
        kind: 'RECORD',
        recordId,
        cdrId: record.cdrId,
        reference: null,
        sessionStart: new Date(record.startedAt).toISOString(),
        energyWh: String(record.energyWh),
        currency: rating.currency,
        amountExclVat: rating.totalExclVat,
        vat: rating.totalVat,
        amountInclVat: rating.totalInclVat,
      },
    ];
  }
}
