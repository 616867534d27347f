import { Injectable } from '@nestjs/common';
import { type EventMetadata, EventStore, handleCommand, loadState, type SqlExecutor } from '@roaming/event-store';
import type { TariffVersionJson } from '@roaming/rating';
import { SETTLEMENT_SCHEMA } from '../settlement.schema';
import { nextPeriod, periodOf, statementIdOf } from '../statement/domain/period';
import type { StatementLine } from '../statement/domain/statement-line';
import { agreementTermsDecider, agreementTermsStream, DEFAULT_AGREEMENT_TERMS } from '../terms/domain/terms';
import {
  type PricingOutcome,
  recordDecider,
  recordIdOf,
  recordStream,
  type RecordEvent,
  type SettlementRecordInput,
} from './domain/record';
import { priceRecord, type RecordPricing } from './pricing/price-record';

const S = SETTLEMENT_SCHEMA;

/**
 * Prices accepted records inside the caller's transaction (the consumer's, with its de-duplication row): looks up
 * the agreement in force, the CPO's tariff versions and the agreement's terms, prices with libs/rating, places the
 * lines in the agreement's open statement of the record's period (or the next open one when that one is closed,
 * referencing it), and appends RecordPriced or RecordParked; the statement lines and the parked list are written in
 * the same transaction (inline projections).
 */
@Injectable()
export class RecordPricer {
  constructor(private readonly store: EventStore) {}

  async price(
    tx: SqlExecutor,
    record: SettlementRecordInput,
    at: string,
    metadata: EventMetadata,
    depth = 0,
  ): Promise<RecordEvent | undefined> {
    const recordId = recordIdOf(record.cpoPartyId, record.cdrId);
    const stream = recordStream(recordId);
    const { state } = await loadState(this.store, stream, recordDecider, tx);
    if (state.status === 'PRICED') return undefined;

    const agreement = await this.agreementInForce(tx, record.cpoPartyId, record.emspPartyId, record.startedAt);
    const creditRef = record.creditOf ?? record.revisionOf ?? null;
    let credited: { cdrId: string; emspPartyId: string; agreementId: string; lines: StatementLine[] } | null = null;
    let creditedBy: string | null = null;
    if (creditRef) {
      const old = (
        await loadState(this.store, recordStream(recordIdOf(record.cpoPartyId, creditRef)), recordDecider, tx)
      ).state;
      if (old.status === 'PRICED')
        credited = {
          cdrId: creditRef,
          emspPartyId: old.record.emspPartyId,
          agreementId: old.agreementId,
          lines: old.lines,
        };
      if (old.status === 'PRICED' && old.creditedBy !== recordId) creditedBy = old.creditedBy;
    }
    // A credit or revision is settled under the credited record's agreement (its statement pair and terms), never
    // under the agreement its own parties would give (priceRecord parks it when the EVSPs differ).
    const settlingAgreementId = credited?.agreementId ?? agreement?.agreementId ?? null;
    const terms = settlingAgreementId
      ? ((await loadState(this.store, agreementTermsStream(settlingAgreementId), agreementTermsDecider, tx)).state ??
        DEFAULT_AGREEMENT_TERMS)
      : DEFAULT_AGREEMENT_TERMS;
    const pricing: RecordPricing = creditedBy
      ? {
          kind: 'PARKED',
          reason: 'RECORD_INVALID',
          detail: `record ${creditRef} of ${record.cpoPartyId} is already credited by ${creditedBy}`,
        }
      : priceRecord({
          recordId,
          record,
          agreement,
          versions: await this.tariffVersions(tx, record.cpoPartyId),
          rounding: terms.rounding,
          roundingPer: terms.roundingPer,
          credited,
        });

    let outcome: PricingOutcome;
    if (pricing.kind === 'PARKED') {
      outcome = pricing;
    } else {
      const agreementId = settlingAgreementId;
      if (!agreementId) throw new Error(`priced record ${recordId} has no agreement`);
      const placed = await this.openStatement(tx, agreementId, record, terms.period);
      outcome = {
        kind: 'PRICED',
        agreementId,
        tariff: pricing.tariff,
        rounding: terms.rounding,
        roundingPer: terms.roundingPer,
        rating: pricing.rating as unknown as Record<string, unknown> | null,
        lines: pricing.lines,
        ...placed,
      };
    }
    const { newEvents } = await handleCommand(
      this.store,
      stream,
      recordDecider,
      { type: 'PriceRecord', data: { recordId, record, outcome, at } },
      { tx, metadata },
    );
    const event = newEvents[0];
    if (event?.type === 'RecordPriced') {
      if (creditRef) {
        // The credited record remembers it was credited, in this transaction: no second credit of the same lines.
        await handleCommand(
          this.store,
          recordStream(recordIdOf(record.cpoPartyId, creditRef)),
          recordDecider,
          {
            type: 'MarkCredited',
            data: { recordId: recordIdOf(record.cpoPartyId, creditRef), byRecordId: recordId, at },
          },
          { tx, metadata },
        );
      }
      await this.insertLines(tx, event.data.statementId, event.data.homeStatementId, event.data.lines);
      await tx.query(`DELETE FROM ${S}.parked_records WHERE record_id = $1`, [recordId]);
      if (depth === 0)
        await this.repriceParked(tx, record.cpoPartyId, at, metadata, 'CREDITED_RECORD_UNKNOWN', depth + 1);
    } else if (event?.type === 'RecordParked') {
      await tx.query(
        `INSERT INTO ${S}.parked_records (record_id, cdr_id, cpo_party_id, emsp_party_id, reason, detail, parked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (record_id) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail, parked_at = EXCLUDED.parked_at`,
        [recordId, record.cdrId, record.cpoPartyId, record.emspPartyId, event.data.reason, event.data.detail, at],
      );
    }
    return event;
  }

  /** Prices again the parked records of a CPO (all, or those parked for `reason`): a tariff or agreement arrived. */
  async repriceParked(
    tx: SqlExecutor,
    cpoPartyId: string,
    at: string,
    metadata: EventMetadata,
    reason?: string,
    depth = 0,
  ): Promise<number> {
    const { rows } = await tx.query<{ record_id: string }>(
      `SELECT record_id FROM ${S}.parked_records WHERE cpo_party_id = $1 AND ($2::text IS NULL OR reason = $2)
       ORDER BY parked_at, record_id`,
      [cpoPartyId, reason ?? null],
    );
    let priced = 0;
    for (const { record_id } of rows) {
      const { state } = await loadState(this.store, recordStream(record_id), recordDecider, tx);
      if (state.status !== 'PARKED') continue;
      const event = await this.price(tx, state.record, at, metadata, depth);
      if (event?.type === 'RecordPriced') priced++;
    }
    return priced;
  }

  /**
   * The agreement's statement for the record's period, opened if new and locked: a close of the same statement waits
   * for this transaction, or this one sees it closed and moves on to the next period (a late record).
   */
  private async openStatement(
    tx: SqlExecutor,
    agreementId: string,
    record: SettlementRecordInput,
    periodType: Parameters<typeof periodOf>[0],
  ): Promise<{ statementId: string; homeStatementId: string | null }> {
    const { rows: pair } = await tx.query<{ cpo_party_id: string; emsp_party_id: string }>(
      `SELECT cpo_party_id, emsp_party_id FROM ${S}.agreements WHERE agreement_id = $1`,
      [agreementId],
    );
    const cpo = pair[0]?.cpo_party_id ?? record.cpoPartyId;
    const emsp = pair[0]?.emsp_party_id ?? record.emspPartyId;
    let period = periodOf(periodType, record.startedAt);
    let home: string | null = null;
    for (;;) {
      const statementId = statementIdOf(agreementId, period);
      await tx.query(
        `INSERT INTO ${S}.statements (statement_id, agreement_id, cpo_party_id, emsp_party_id, period_type, period_start, period_end)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (statement_id) DO NOTHING`,
        [statementId, agreementId, cpo, emsp, period.type, period.start, period.end],
      );
      const { rows } = await tx.query<{ status: string }>(
        `SELECT status FROM ${S}.statements WHERE statement_id = $1 FOR UPDATE`,
        [statementId],
      );
      if (rows[0].status === 'OPEN') return { statementId, homeStatementId: home };
      home ??= statementId;
      period = nextPeriod(period);
    }
  }

  private async insertLines(
    tx: SqlExecutor,
    statementId: string,
    homeStatementId: string | null,
    lines: readonly StatementLine[],
  ): Promise<void> {
    for (const l of lines) {
      await tx.query(
        `INSERT INTO ${S}.statement_lines (line_id, statement_id, record_id, cdr_id, kind, reference, home_statement_id,
           session_start, energy_wh, currency, amount_excl_vat, vat, amount_incl_vat)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (line_id) DO NOTHING`,
        [
          l.lineId,
          statementId,
          l.recordId,
          l.cdrId,
          l.kind,
          l.reference,
          homeStatementId,
          l.sessionStart,
          l.energyWh,
          l.currency,
          l.amountExclVat,
          l.vat,
          l.amountInclVat,
        ],
      );
    }
  }

  /**
   * The agreement of the pair in force at the session start (from its latest state: validity, and suspended or
   * terminated only after the session started) and the negotiated tariff it had then (review finding 9): that of its
   * latest active version told at or before the session start; for a session before the first activation was told
   * (an activation covers sessions back to validFrom), that of its first active version; the latest state's when the
   * history holds no active version.
   */
  private async agreementInForce(
    tx: SqlExecutor,
    cpoPartyId: string,
    emspPartyId: string,
    sessionStart: string,
  ): Promise<{ agreementId: string; tariffId: string | null } | null> {
    const { rows } = await tx.query<{ agreement_id: string; tariff_id: string | null }>(
      `SELECT a.agreement_id, CASE WHEN v.agreement_id IS NULL THEN a.tariff_id ELSE v.tariff_id END AS tariff_id
       FROM ${S}.agreements a
       LEFT JOIN LATERAL (
         SELECT agreement_id, tariff_id FROM ${S}.agreement_versions
         WHERE agreement_id = a.agreement_id AND status = 'active'
         ORDER BY (occurred_at <= $3::timestamptz) DESC,
                  CASE WHEN occurred_at <= $3::timestamptz THEN occurred_at END DESC NULLS LAST,
                  occurred_at
         LIMIT 1
       ) v ON true
       WHERE a.cpo_party_id = $1 AND a.emsp_party_id = $2
         AND a.valid_from <= $3::timestamptz AND (a.valid_until IS NULL OR $3::timestamptz < a.valid_until)
         AND (a.status = 'active' OR (a.ever_active AND a.status IN ('suspended', 'terminated') AND $3::timestamptz < a.status_at))
       ORDER BY (a.status = 'active') DESC, a.valid_from DESC, a.agreement_id
       LIMIT 1`,
      [cpoPartyId, emspPartyId, sessionStart],
    );
    return rows[0] ? { agreementId: rows[0].agreement_id, tariffId: rows[0].tariff_id } : null;
  }

  private async tariffVersions(tx: SqlExecutor, cpoPartyId: string): Promise<TariffVersionJson[]> {
    const { rows } = await tx.query<{
      tariff_id: string;
      version: number;
      audience: 'public' | 'negotiated';
      valid_from: Date | string;
      tariff: TariffVersionJson['tariff'];
    }>(`SELECT tariff_id, version, audience, valid_from, tariff FROM ${S}.tariff_versions WHERE cpo_party_id = $1`, [
      cpoPartyId,
    ]);
    return rows.map((r) => ({
      cpoPartyId,
      tariffId: r.tariff_id,
      version: Number(r.version),
      audience: r.audience,
      validFrom: new Date(r.valid_from).toISOString(),
      tariff: r.tariff,
    }));
  }
}
