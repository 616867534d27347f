import { testDatabaseUrl } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { WrongExpectedVersionError } from '../event-store.port';
import { PartialDuplicateAppendError } from '../errors';
import { type Database } from '../sql/database';
import { runMigrations } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { PgliteDatabase } from '../sql/pglite-database';
import { type ContractSubject, eventStoreContract } from '../testing/event-store-contract';
import { Upcasters } from '../upcasters';
import { eventStoreMigrations } from './event-store.schema';
import { PostgresEventStore } from './postgres-event-store';

const upcasters = () =>
  new Upcasters().register('ContractUpcast', 1, (data) => {
    const { n } = data as { n: number };
    return { n, doubled: n * 2 };
  });

/** One flush at a time, so that appends made while it runs are sure to share the next transaction. */
const GROUP_COMMIT = { groupCommit: { maxConcurrentFlushes: 1, maxBatchSize: 64 } };

function subjectFor(db: Database): ContractSubject {
  const effectTable = `gc_effect_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  return {
    store: new PostgresEventStore(db, undefined, undefined, GROUP_COMMIT),
    upcastingStore: new PostgresEventStore(db, upcasters(), undefined, GROUP_COMMIT),
    tamper: async (stream, position, data) => {
      await db.query(`UPDATE es.events SET data = $3::jsonb WHERE stream_name = $1 AND stream_position = $2`, [
        stream,
        position,
        JSON.stringify(data),
      ]);
    },
    effectSurvived: async (run) => {
      await db.query(`CREATE TABLE IF NOT EXISTS public.${effectTable} (id text PRIMARY KEY)`);
      const id = randomUUID();
      const advanced = await run(async (tx) => {
        await tx.query(`INSERT INTO public.${effectTable} (id) VALUES ($1)`, [id]);
      });
      const survived = (await db.query(`SELECT 1 FROM public.${effectTable} WHERE id = $1`, [id])).rowCount === 1;
      return { advanced, survived };
    },
  };
}

// The whole store contract again, every append going through group commit.
let pg: PgDatabase;
eventStoreContract(
  'PostgreSQL (pg pool) with group commit',
  async () => {
    pg = new PgDatabase(testDatabaseUrl());
    await runMigrations(pg, eventStoreMigrations);
    const subject = subjectFor(pg);
    return {
      ...subject,
      // A writer outside group commit holds its position open while a batch commits after it.
      holdAppendOpen: async (stream, type) => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        let appended!: () => void;
        const inserted = new Promise<void>((r) => (appended = r));
        const done = pg.transaction(async (tx) => {
          await subject.store.append(stream, [{ type, data: {} }], { tx });
          appended();
          await gate;
        });
        await inserted;
        return {
          commit: async () => {
            release();
            await done;
          },
        };
      },
    };
  },
  async () => pg.close(),
);

let lite: PgliteDatabase;
eventStoreContract(
  'PostgreSQL (PGlite, embedded) with group commit',
  async () => {
    lite = await PgliteDatabase.open();
    await runMigrations(lite, eventStoreMigrations);
    return subjectFor(lite);
  },
  async () => lite.close(),
);

describe('group commit: many appends, one transaction, each with its own guarantees', () => {
  let db: PgDatabase;
  let store: PostgresEventStore;
  const category = () => `gc${randomUUID().replace(/-/g, '').slice(0, 10)}`;

  beforeAll(async () => {
    db = new PgDatabase(testDatabaseUrl());
    await runMigrations(db, eventStoreMigrations);
    store = new PostgresEventStore(db, undefined, undefined, GROUP_COMMIT);
  });

  afterAll(async () => {
    await db.close();
  });

  const transactionsOf = async (c: string) =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(DISTINCT transaction_id)::text AS n FROM es.events WHERE category = $1`,
          [c],
        )
      ).rows[0].n,
    );

  it('writes concurrent appends to many streams in few transactions, every stream in order and chained', async () => {
    const c = category();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.append(`${c}-${i}`, [{ type: 'Decided', data: { i } }], { expectedVersion: 'no_stream' }),
      ),
    );
    expect(results.every((r) => r.nextExpectedVersion === 1 && !r.duplicate)).toBe(true);
    // Counted directly: a category read may wait for other sessions' older transactions (gap safety).
    const stored = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM es.events WHERE category = $1`, [c]);
    expect(stored.rows[0].n).toBe('200');
    // 200 appends made at once: the first leaves alone, the rest share a handful of transactions.
    expect(await transactionsOf(c)).toBeLessThanOrEqual(10);
    for (const i of [0, 99, 199]) expect(await store.verifyStream(`${c}-${i}`)).toMatchObject({ valid: true });
  });

  it('chains appends to one stream made in the same batch, each at the version the one before left', async () => {
    const stream = `${category()}-1`;
    const blocker = store.append(`${category()}-blocker`, [{ type: 'Busy', data: {} }]);
    const [first, second, third] = await Promise.all([
      store.append(stream, [{ type: 'A', data: {} }], { expectedVersion: 'no_stream' }),
      store.append(
        stream,
        [
          { type: 'B', data: {} },
          { type: 'C', data: {} },
        ],
        { expectedVersion: 1 },
      ),
      store.append(stream, [{ type: 'D', data: {} }], { expectedVersion: 3 }),
    ]);
    await blocker;
    expect([first, second, third].map((r) => r.nextExpectedVersion)).toEqual([1, 3, 4]);
    const events = await store.readStream(stream);
    expect(events.map((e) => [e.type, e.streamPosition])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
      ['D', 4],
    ]);
    expect(new Set(events.map((e) => e.transactionId)).size).toBe(1);
    expect(await store.verifyStream(stream)).toMatchObject({ valid: true, events: 4 });
  });

  it("refuses one append's wrong version or partial duplicate without failing the others of its batch", async () => {
    const c = category();
    await store.append(`${c}-taken`, [{ type: 'A', data: {} }]);
    const known = randomUUID();
    await store.append(`${c}-known`, [{ type: 'A', data: {}, messageId: known }]);
    const blocker = store.append(`${c}-blocker`, [{ type: 'Busy', data: {} }]);
    const outcomes = await Promise.allSettled([
      store.append(`${c}-taken`, [{ type: 'B', data: {} }], { expectedVersion: 'no_stream' }),
      store.append(`${c}-fine`, [{ type: 'B', data: {} }], { expectedVersion: 'no_stream' }),
      store.append(`${c}-known`, [
        { type: 'B', data: {}, messageId: known },
        { type: 'C', data: {}, messageId: randomUUID() },
      ]),
    ]);
    await blocker;
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedVersionError) });
    expect(outcomes[1]).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1, duplicate: false } });
    expect(outcomes[2]).toMatchObject({ status: 'rejected', reason: expect.any(PartialDuplicateAppendError) });
    expect(await store.readStream(`${c}-taken`)).toHaveLength(1);
    expect(await store.readStream(`${c}-known`)).toHaveLength(1);
  });

  it('recognises a message id appended twice in the same batch: the second is a replay', async () => {
    const c = category();
    const messageId = randomUUID();
    const blocker = store.append(`${c}-blocker`, [{ type: 'Busy', data: {} }]);
    const [first, again] = await Promise.all([
      store.append(`${c}-1`, [{ type: 'Decided', data: {}, messageId }], { expectedVersion: 'no_stream' }),
      store.append(`${c}-1`, [{ type: 'Decided', data: {}, messageId }], { expectedVersion: 'no_stream' }),
    ]);
    await blocker;
    expect(first).toEqual({ nextExpectedVersion: 1, duplicate: false });
    expect(again).toEqual({ nextExpectedVersion: 1, duplicate: true });
    expect(await store.readStream(`${c}-1`)).toHaveLength(1);
  });

  it('falls back to appending one by one when a writer outside the batch stored one of its message ids meanwhile', async () => {
    const c = category();
    const contested = randomUUID();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const holding = new Promise<void>((resolve) => (inserted = resolve));
    // Another writer has stored the contested id in a transaction that has not committed yet.
    const outside = db.transaction(async (tx) => {
      await store.append(`${c}-outside`, [{ type: 'A', data: {}, messageId: contested }], { tx });
      inserted();
      await gate;
    });
    await holding;
    const batch = Promise.all([
      store.append(`${c}-inside`, [{ type: 'A', data: {}, messageId: contested }]),
      store.append(`${c}-bystander`, [{ type: 'B', data: {} }]),
    ]);
    // The batch's insert waits on the contested id until the other writer commits, then fails with 23505.
    setTimeout(release, 200);
    await outside;
    const [inside, bystander] = await batch;
    expect(inside.duplicate).toBe(true);
    expect(bystander).toEqual({ nextExpectedVersion: 1, duplicate: false });
    expect(await store.readStream(`${c}-inside`)).toEqual([]);
    expect(await store.readStream(`${c}-bystander`)).toHaveLength(1);
  });

  it('wakes this process’s processors once a batch committed, never for a batch of replays only', async () => {
    const c = category();
    let wakeUps = 0;
    const unsubscribe = store.onAppended(() => wakeUps++);
    const messageId = randomUUID();
    await store.append(`${c}-1`, [{ type: 'A', data: {}, messageId }]);
    expect(wakeUps).toBe(1);
    await store.append(`${c}-1`, [{ type: 'A', data: {}, messageId }]);
    expect(wakeUps).toBe(1);
    unsubscribe();
  });
});
