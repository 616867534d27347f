import { Injectable, Logger } from '@nestjs/common';
import {
  asDomainEvent,
  type Checkpoint,
  Database,
  EventStore,
  isUniqueViolation,
  type SqlExecutor,
  START,
} from '@roaming/event-store';
import type { EvContractRecord } from '../domain/contract-record';
import type { ContractBookEvent } from '../domain/ev-contract.events';
import {
  type EvContractState,
  evolveInBook,
  initialEvContractState,
  type RegisteredEvContract,
  recordOf,
} from '../domain/ev-contract.state';
import { CONTRACT_BATCH_CATEGORY, EV_CONTRACT_CATEGORY } from '../domain/ev-contract.stream';

/**
 * Thrown when a transaction that already had a transaction id before it got the book (a Kafka consumer's, which
 * records its de-duplication row first) would be read before a change it was decided after. Retried by the consumer
 * with a new transaction, whose id is then later than that change's.
 */
export class ContractBookOrderError extends Error {
  constructor(emspPartyId: string) {
    super(`the contract book of ${emspPartyId} moved on under an older transaction; retry`);
    this.name = 'ContractBookOrderError';
  }
}

interface ContractRow {
  emaid: string;
  record: EvContractRecord;
  registered_at: string;
}

const REBUILD_PAGE = 200;
const WRITE_ATTEMPTS = 3;

/**
 * The EVSP's book of EV contracts (see contract-book.migrations): the state every contract decision is made on.
 *
 * Consistency: every change of an EVSP's contracts runs in one transaction that first takes the EVSP's advisory lock
 * (no transaction id is spent while waiting for it), then reads the contracts and uid claims it needs, decides,
 * appends its event(s) and writes the book. So decisions of one EVSP are serialised, a uid can name only one contract
 * of the EVSP (checked set-wise for a batch), and each transaction gets its id after the previous holder committed:
 * the store's reading order (transaction id, position) is the order the changes were decided in, which is the order
 * the forwarder publishes them in, per contract key.
 */
@Injectable()
export class ContractBook {
  private readonly logger = new Logger(ContractBook.name);

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
  ) {}

  /** Runs `work` holding the EVSP's book, in its own transaction or in `tx` (a consumer's). */
  async write<T>(emspPartyId: string, work: (tx: SqlExecutor) => Promise<T>, tx?: SqlExecutor): Promise<T> {
    if (tx) return this.held(tx, emspPartyId, work);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((own) => this.held(own, emspPartyId, work));
      } catch (error) {
        // Backstop only: under the lock two writers of one EVSP cannot both insert a claim or a new contract.
        if (attempt < WRITE_ATTEMPTS && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  private async held<T>(tx: SqlExecutor, emspPartyId: string, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('contract-book:' || $1))`, [emspPartyId]);
    const { rows } = await tx.query<{ behind: boolean }>(
      `SELECT pg_current_xact_id_if_assigned() IS NOT NULL AND pg_current_xact_id_if_assigned() < b.last_xid AS behind
       FROM registry.contract_books b WHERE b.emsp_party_id = $1`,
      [emspPartyId],
    );
    if (rows[0]?.behind) throw new ContractBookOrderError(emspPartyId);
    const result = await work(tx);
    await tx.query(
      `INSERT INTO registry.contract_books (emsp_party_id, last_xid) VALUES ($1, pg_current_xact_id())
       ON CONFLICT (emsp_party_id) DO UPDATE SET last_xid = EXCLUDED.last_xid, updated_at = now()`,
      [emspPartyId],
    );
    return result;
  }

  /** The contracts with these EMAIDs that exist. */
  async contracts(tx: SqlExecutor, emaids: readonly string[]): Promise<Map<string, RegisteredEvContract>> {
    if (emaids.length === 0) return new Map();
    const { rows } = await tx.query<ContractRow>(
      `SELECT emaid, record, registered_at FROM registry.ev_contracts WHERE emaid = ANY($1::text[])`,
      [emaids],
    );
    return new Map(rows.map((r) => [r.emaid, { kind: 'registered', ...r.record, registeredAt: r.registered_at }]));
  }

  async contract(tx: SqlExecutor, emaid: string): Promise<EvContractState> {
    return (await this.contracts(tx, [emaid])).get(emaid) ?? initialEvContractState();
  }

  /** uid → EMAID for the uids that already name a contract of the EVSP. */
  async uidOwners(tx: SqlExecutor, emspPartyId: string, uids: readonly string[]): Promise<Map<string, string>> {
    if (uids.length === 0) return new Map();
    const { rows } = await tx.query<{ uid: string; emaid: string }>(
      `SELECT uid, emaid FROM registry.token_uid_claims WHERE emsp_party_id = $1 AND uid = ANY($2::text[])`,
      [emspPartyId, uids],
    );
    return new Map(rows.map((r) => [r.uid, r.emaid]));
  }

  /** Writes contracts as they are after a change, and claims their uids for them. */
  async save(
    tx: SqlExecutor,
    emspPartyId: string,
    contracts: readonly RegisteredEvContract[],
    at: string,
  ): Promise<void> {
    if (contracts.length === 0) return;
    await tx.query(
      `INSERT INTO registry.ev_contracts (emaid, emsp_party_id, record, registered_at, updated_at, changes)
       SELECT x.emaid, $1, x.record, x.registered_at, $5, 1
       FROM unnest($2::text[], $3::jsonb[], $4::text[]) AS x(emaid, record, registered_at)
       ON CONFLICT (emaid) DO UPDATE
         SET record = EXCLUDED.record, updated_at = EXCLUDED.updated_at, changes = registry.ev_contracts.changes + 1`,
      [
        emspPartyId,
        contracts.map((c) => c.emaid),
        contracts.map((c) => JSON.stringify(recordOf(c))),
        contracts.map((c) => c.registeredAt),
        at,
      ],
    );
    const claims = contracts.flatMap((c) => c.tokens.map((t) => [t.uid, c.emaid] as const));
    await tx.query(
      `INSERT INTO registry.token_uid_claims (emsp_party_id, uid, emaid)
       SELECT $1, x.uid, x.emaid FROM unnest($2::text[], $3::text[]) AS x(uid, emaid)
       ON CONFLICT (emsp_party_id, uid) DO NOTHING`,
      [emspPartyId, claims.map(([uid]) => uid), claims.map(([, emaid]) => emaid)],
    );
  }

  /** A page of the EVSP's contracts in EMAID order, after `afterEmaid`. */
  async page(
    emspPartyIds: readonly string[],
    afterEmaid: string,
    limit: number,
    status?: string,
  ): Promise<RegisteredEvContract[]> {
    const { rows } = await this.db.query<ContractRow>(
      `SELECT emaid, record, registered_at FROM registry.ev_contracts
       WHERE emsp_party_id = ANY($1::text[]) AND emaid > $2 AND ($3::text IS NULL OR record->>'status' = $3)
       ORDER BY emaid LIMIT $4`,
      [emspPartyIds, afterEmaid, status ?? null, limit],
    );
    return rows.map((r) => ({ kind: 'registered', ...r.record, registeredAt: r.registered_at }));
  }

  /**
   * Rebuilds the book from the events when it is empty but contract events exist (a store from before the book, or
   * a book dropped to be rebuilt): the events are the record, the book is derived from them.
   */
  async rebuildIfEmpty(): Promise<number> {
    const { rows } = await this.db.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM registry.ev_contracts) AS empty`,
    );
    if (!rows[0].empty) return 0;
    const contracts = new Map<string, EvContractState>();
    let after: Checkpoint = START;
    let lastTransactionId: string | null = null;
    for (;;) {
      const events = await this.store.readAll({
        after,
        limit: REBUILD_PAGE,
        categories: [EV_CONTRACT_CATEGORY, CONTRACT_BATCH_CATEGORY],
      });
      if (events.length === 0) break;
      for (const recorded of events) {
        const event = asDomainEvent<ContractBookEvent>(recorded);
        const emaids =
          event.type === 'EvContractBatchApplied'
            ? event.data.contracts.map((c) => c.contract.emaid)
            : [emaidOf(event)];
        for (const emaid of emaids) {
          contracts.set(emaid, evolveInBook(contracts.get(emaid) ?? initialEvContractState(), event, emaid));
        }
        lastTransactionId = recorded.transactionId;
      }
      const last = events[events.length - 1];
      after = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    }
    const registered = [...contracts.values()].filter((c): c is RegisteredEvContract => c.kind === 'registered');
    if (registered.length === 0) return 0;
    await this.db.transaction(async (tx) => {
      const byEmsp = new Map<string, RegisteredEvContract[]>();
      for (const c of registered) byEmsp.set(c.emspPartyId, [...(byEmsp.get(c.emspPartyId) ?? []), c]);
      for (const [emsp, list] of byEmsp) {
        await this.save(tx, emsp, list, new Date().toISOString());
        await tx.query(
          `INSERT INTO registry.contract_books (emsp_party_id, last_xid) VALUES ($1, $2::xid8)
           ON CONFLICT (emsp_party_id) DO NOTHING`,
          [emsp, lastTransactionId],
        );
      }
    });
    this.logger.log(`rebuilt the contract book from the events: ${registered.length} contracts`);
    return registered.length;
  }
}

function emaidOf(event: Exclude<ContractBookEvent, { type: 'EvContractBatchApplied' }>): string {
  return 'contract' in event.data ? event.data.contract.emaid : event.data.emaid;
}
