import { testDatabaseUrl, waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { eventStoreMigrations } from '../postgres/event-store.schema';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { runMigrations } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { CheckpointedProcessor } from './checkpointed-processor';

describe('CheckpointedProcessor.catchUp on PostgreSQL', () => {
  let db: PgDatabase;
  beforeAll(async () => {
    db = new PgDatabase(testDatabaseUrl());
    await runMigrations(db, eventStoreMigrations);
  });
  afterAll(() => db.close());

  it('returns only after handling what was committed before the call, even behind an older open transaction', async () => {
    const store = new PostgresEventStore(db);
    const category = `catchup${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    // An older transaction holds the gap-safety horizon back (it has an id, as any writer has) …
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const older = db.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()');
      opened();
      await gate;
    });
    await isOpen;
    // … while an event of our category commits after it started.
    await store.append(`${category}-1`, [{ type: 'Committed', data: {} }]);
    expect(await store.readAll({ categories: [category] })).toEqual([]); // held back by the horizon

    const seen: string[] = [];
    const processor = new CheckpointedProcessor({
      processorId: `catchup-test-${randomUUID()}`,
      store,
      categories: [category],
      handle: async (events) => {
        seen.push(...events.map((e) => e.type));
      },
    });
    const caughtUp = processor.catchUp();
    setTimeout(release, 300); // the older transaction ends a little later
    await older;
    expect(await caughtUp).toBe(1);
    expect(seen).toEqual(['Committed']);
  });

  it('is woken by appends to its own categories only (many processors in one process)', async () => {
    const store = new PostgresEventStore(db);
    const mine = `wakeown${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const other = `wakeother${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const told: (readonly string[] | undefined)[] = [];
    const unsubscribe = store.onAppended((categories) => told.push(categories));
    const reads = jest.spyOn(store, 'readAll');
    const seen: string[] = [];
    const processor = new CheckpointedProcessor({
      processorId: `wake-test-${randomUUID()}`,
      store,
      categories: [mine],
      pollIntervalMs: 600_000, // only a wake-up moves it
      handle: async (events) => {
        seen.push(...events.map((e) => e.type));
      },
    });
    processor.start();
    try {
      await waitFor(() => reads.mock.calls.length === 1, { description: 'the first (empty) read' });
      await store.append(`${other}-1`, [{ type: 'Other', data: {} }]);
      // A wake-up would have started its read synchronously, before the append's caller resumes.
      expect(reads.mock.calls.length).toBe(1);
      await store.append(`${mine}-1`, [{ type: 'Mine', data: {} }]);
      await waitFor(() => seen.length === 1, { description: 'the own event handled after its wake-up' });
      expect(seen).toEqual(['Mine']);
      expect(told).toEqual([[other], [mine]]);
    } finally {
      await processor.stop();
      unsubscribe();
    }
  });

  it('with types, handles only those and moves its checkpoint past the others', async () => {
    const store = new PostgresEventStore(db);
    const category = `typed${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    await store.append(`${category}-1`, [
      { type: 'Received', data: { record: 'a'.repeat(3_000) } },
      { type: 'Forwarded', data: { n: 1 } },
    ]);
    await store.append(`${category}-2`, [{ type: 'Received', data: { record: 'b' } }]);
    const batches: string[][] = [];
    const processor = new CheckpointedProcessor({
      processorId: `typed-test-${randomUUID()}`,
      store,
      categories: [category],
      types: ['Forwarded'],
      batchSize: 1,
      handle: async (events) => {
        batches.push(events.map((e) => `${e.type}:${JSON.stringify(e.data)}`));
      },
    });
    // Three events read one at a time; the handler sees only the one it handles, never an empty batch.
    expect(await processor.catchUp()).toBe(3);
    expect(batches).toEqual([['Forwarded:{"n":1}']]);
    const [last] = (await store.readAll({ categories: [category] })).slice(-1);
    expect(await processor.checkpoint()).toEqual({
      transactionId: last.transactionId,
      globalPosition: last.globalPosition,
    });
  });
});
