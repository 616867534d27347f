import { eventStoreMigrations, PgDatabase, PostgresEventStore, runMigrations } from '@roaming/event-store';
import type { Principal } from '@roaming/platform';
import { Emaid, FixedClock } from '@roaming/shared-kernel';
import { createTestDatabase } from '@roaming/testing';
import { contractRegistryMigrations } from '../../contract-registry.migrations';
import { PartyDirectory } from '../../partner/party-directory';
import { ChangeTokenStatusCommand } from '../features/change-token-status/change-token-status.command';
import { ChangeTokenStatusHandler } from '../features/change-token-status/change-token-status.handler';
import { EvContractWriter } from '../features/ev-contract-writer';
import { ContractBatchApplier } from '../features/upload-contract-batch/contract-batch.applier';
import { ContractBook, ContractBookOrderError } from './contract-book';

/**
 * The contract book on a real PostgreSQL server: it is derived from the events (rebuilt equal), and a transaction
 * that got its id before it took the book (a Kafka consumer's) is refused rather than ordered before a change it
 * was decided after.
 */
describe('contract book (PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let store: PostgresEventStore;
  let book: ContractBook;
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
  const at = clock.now().toISOString();
  const evsp: Principal = { partnerId: 'p-evsp', partyIds: ['NLEVB'], roles: ['emsp'], keyId: 'k' };
  const emaid = (n: number) => Emaid.parse(`NLEVBC${String(n).padStart(8, '0')}`).value;
  const metadata = { correlationId: 'c', actor: 'NLEVB' };

  beforeAll(async () => {
    database = await createTestDatabase('contract_book');
    db = new PgDatabase(database.url);
    await runMigrations(db, [...eventStoreMigrations, ...contractRegistryMigrations]);
    store = new PostgresEventStore(db, undefined, () => clock.now());
    book = new ContractBook(db, store);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const snapshot = async () =>
    (
      await db.query(
        `SELECT c.emaid, c.record, c.registered_at,
                (SELECT array_agg(uid ORDER BY uid) FROM registry.token_uid_claims t WHERE t.emaid = c.emaid) AS uids
         FROM registry.ev_contracts c ORDER BY c.emaid`,
      )
    ).rows;

  it('is rebuilt from the events into exactly what the writes left (the events are the record)', async () => {
    const applier = new ContractBatchApplier(book, store, new PartyDirectory(store));
    const rows = Array.from({ length: 50 }, (_, i) => ({
      emaid: emaid(i + 1),
      tokens: [{ uid: (0x05000000 + i).toString(16).toUpperCase().padStart(8, '0'), type: 'RFID' }],
    }));
    await applier.apply({ batchId: 'b-1', emspPartyId: 'NLEVB', source: 'rest', rows, metadata, at });
    await applier.apply({
      batchId: 'b-2',
      emspPartyId: 'NLEVB',
      source: 'kafka',
      rows: [{ ...rows[3], status: 'stolen' }, rows[4]],
      metadata,
      at,
    });
    const tokens = new ChangeTokenStatusHandler(new EvContractWriter(book, store), clock);
    await tokens.execute(new ChangeTokenStatusCommand(emaid(7), '05000006', { action: 'block' }, { principal: evsp }));
    const written = await snapshot();
    expect(written).toHaveLength(50);

    await db.query(`TRUNCATE registry.ev_contracts, registry.token_uid_claims, registry.contract_books`);
    expect(await book.rebuildIfEmpty()).toBe(50);
    expect(await snapshot()).toEqual(written);
    expect(await book.rebuildIfEmpty()).toBe(0);
  });

  it('refuses a transaction that already had its id when another one changed the book meanwhile', async () => {
    const early = await db.transaction(async (tx) => {
      // Like a consumer's de-duplication row: the transaction gets its id before it reaches the book.
      await tx.query(`SELECT pg_current_xact_id()`);
      const late = book.write('NLEVB', async (own) => {
        await own.query(`SELECT 1`);
        return 'later transaction';
      });
      await expect(late).resolves.toBe('later transaction');
      return book.write('NLEVB', async () => 'early transaction', tx).catch((error: unknown) => error);
    });
    expect(early).toBeInstanceOf(ContractBookOrderError);
  });
});
