import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import { decodeKeysetCursor, encodeKeysetCursor } from '../shared/keyset-cursor';
import { MADMIN_SCHEMA } from '../shared/marketplace-admin.schema';
import type { TransactionKind, TransactionRecord } from './transaction-record';

const T = `${MADMIN_SCHEMA}.transactions`;
const CURSOR = 't1';

export type PartnerRoleInTransaction = 'cpo' | 'emsp';

/** GeM 927: date range, the partner's role in the transaction, and the magnitude of the transaction value. */
export interface TransactionFilter {
  /** The parties of the partner whose transactions these are. */
  partyIds: readonly string[];
  role?: PartnerRoleInTransaction;
  kind?: TransactionKind;
  from?: string;
  to?: string;
  minValue?: string;
  maxValue?: string;
  currency?: string;
}

export interface TransactionView extends TransactionRecord {
  /** The partner's role in it: the CPO whose EVSE it was, or the EVSP whose contract. */
  role: PartnerRoleInTransaction;
}

export interface TransactionPage {
  items: TransactionView[];
  nextCursor: string | null;
}

export interface TransactionTotals {
  role: PartnerRoleInTransaction;
  kind: TransactionKind;
  status: string;
  count: number;
  currency: string | null;
  amount: string | null;
  energyWh: number | null;
}

interface Row {
  transaction_id: string;
  kind: TransactionKind;
  reference: string;
  status: TransactionRecord['status'];
  cpo_party_id: string;
  emsp_party_id: string | null;
  evse_id: string | null;
  occurred_at: Date | string;
  amount: string | null;
  currency: string | null;
  energy_wh: string | number | null;
  detail: string | null;
}

/** The marketplace's service transactions, written only by the transactions consumer. */
@Injectable()
export class TransactionsRepository {
  constructor(private readonly db: Database) {}

  /** The latest word on a transaction wins (a rejected CDR may be forwarded when it is sent again). */
  async record(tx: SqlExecutor, t: TransactionRecord): Promise<void> {
    await tx.query(
      `INSERT INTO ${T} (transaction_id, kind, reference, status, cpo_party_id, emsp_party_id, evse_id, occurred_at,
         amount, currency, energy_wh, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10, $11, $12)
       ON CONFLICT (transaction_id) DO UPDATE SET status = EXCLUDED.status, emsp_party_id = EXCLUDED.emsp_party_id,
         evse_id = EXCLUDED.evse_id, occurred_at = EXCLUDED.occurred_at, amount = EXCLUDED.amount,
         currency = EXCLUDED.currency, energy_wh = EXCLUDED.energy_wh, detail = EXCLUDED.detail
       WHERE ${T}.occurred_at <= EXCLUDED.occurred_at`,
      [
        t.transactionId,
        t.kind,
        t.reference,
        t.status,
        t.cpoPartyId,
        t.emspPartyId,
        t.evseId,
        t.occurredAt,
        t.amount,
        t.currency,
        t.energyWh,
        t.detail,
      ],
    );
  }

  /** One page, oldest first; `cursor` continues after the previous page. */
  async page(filter: TransactionFilter, limit: number, cursor?: string): Promise<TransactionPage> {
    const { where, params } = conditions(filter);
    if (cursor) {
      const after = decodeKeysetCursor(CURSOR, cursor);
      params.push(after.key, after.id);
      where.push(`(occurred_at, transaction_id) > ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(limit + 1);
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${T} WHERE ${where.join(' AND ')} ORDER BY occurred_at, transaction_id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toView(row, filter.partyIds)),
      nextCursor:
        rows.length > limit && last
          ? encodeKeysetCursor(CURSOR, new Date(last.occurred_at).toISOString(), last.transaction_id)
          : null,
    };
  }

  /** Every matching transaction, page by page (CSV export). */
  async *all(filter: TransactionFilter, batchSize = 1000): AsyncGenerator<TransactionView[]> {
    let cursor: string | undefined;
    do {
      const page = await this.page(filter, batchSize, cursor);
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Counts, values and energy per role, kind and status (and currency). */
  async totals(partyIds: readonly string[]): Promise<TransactionTotals[]> {
    const { rows } = await this.db.query<{
      role: PartnerRoleInTransaction;
      kind: TransactionKind;
      status: string;
      currency: string | null;
      n: string;
      amount: string | null;
      energy_wh: string | null;
    }>(
      `SELECT role, kind, status, currency, count(*)::text AS n, sum(amount)::text AS amount,
              sum(energy_wh)::text AS energy_wh
       FROM (
         SELECT 'cpo' AS role, * FROM ${T} WHERE cpo_party_id = ANY($1::text[])
         UNION ALL
         SELECT 'emsp' AS role, * FROM ${T} WHERE emsp_party_id = ANY($1::text[])
       ) t
       GROUP BY role, kind, status, currency ORDER BY role, kind, status, currency`,
      [[...partyIds]],
    );
    return rows.map((r) => ({
      role: r.role,
      kind: r.kind,
      status: r.status,
      count: Number(r.n),
      currency: r.currency,
      amount: r.amount,
      energyWh: r.energy_wh === null ? null : Number(r.energy_wh),
    }));
  }
}

function conditions(filter: TransactionFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [[...filter.partyIds]];
  const where = [
    filter.role === 'cpo'
      ? 'cpo_party_id = ANY($1::text[])'
      : filter.role === 'emsp'
        ? 'emsp_party_id = ANY($1::text[])'
        : '(cpo_party_id = ANY($1::text[]) OR emsp_party_id = ANY($1::text[]))',
  ];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.kind) add((p) => `kind = ${p}`, filter.kind);
  if (filter.from) add((p) => `occurred_at >= ${p}::timestamptz`, filter.from);
  if (filter.to) add((p) => `occurred_at < ${p}::timestamptz`, filter.to);
  if (filter.minValue !== undefined) add((p) => `amount >= ${p}::numeric`, filter.minValue);
  if (filter.maxValue !== undefined) add((p) => `amount <= ${p}::numeric`, filter.maxValue);
  if (filter.currency) add((p) => `currency = ${p}`, filter.currency);
  return { where, params };
}

function toView(row: Row, partyIds: readonly string[]): TransactionView {
  return {
    transactionId: row.transaction_id,
    kind: row.kind,
    reference: row.reference,
    status: row.status,
    cpoPartyId: row.cpo_party_id,
    emspPartyId: row.emsp_party_id,
    evseId: row.evse_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    // numeric comes back as the stored decimal text ("9.1300"): kept a string, never a float.
    amount: row.amount,
    currency: row.currency,
    energyWh: row.energy_wh === null ? null : Number(row.energy_wh),
    detail: row.detail,
    role: partyIds.includes(row.cpo_party_id) ? 'cpo' : 'emsp',
  };
}
