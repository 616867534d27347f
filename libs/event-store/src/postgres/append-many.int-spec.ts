import { testDatabaseUrl } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { WrongExpectedVersionError } from '../event-store.port';
import { runMigrations } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { eventStoreMigrations } from './event-store.schema';
import { PostgresEventStore } from './postgres-event-store';

/** appendMany: many streams in the caller's transaction, two statements, each append judged on its own. */
describe('PostgresEventStore.appendMany on PostgreSQL', () => {
  let db: PgDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = new PgDatabase(testDatabaseUrl());
    await runMigrations(db, eventStoreMigrations);
    store = new PostgresEventStore(db);
  });

  afterAll(async () => {
    await db.close();
  });

  it('appends to new streams, refuses a wrong expected version alone, and replays duplicates as duplicates', async () => {
    const [a, b] = [`many-${randomUUID()}`, `many-${randomUUID()}`];
    await store.append(b, [{ type: 'Existing', data: {} }]);
    const id = randomUUID();
    const outcomes = await db.transaction((tx) =>
      store.appendMany(
        [
          { streamName: a, events: [{ type: 'A1', data: { n: 1 }, messageId: id }], expectedVersion: 'no_stream' },
          { streamName: b, events: [{ type: 'B2', data: {} }], expectedVersion: 'no_stream' },
          { streamName: a, events: [{ type: 'A2', data: { n: 2 } }], expectedVersion: 1 },
        ],
        tx,
      ),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: expect.any(WrongExpectedVersionError) });
    expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A1', 'A2']);
    expect((await store.readStream(b)).map((e) => e.type)).toEqual(['Existing']);
    expect((await store.verifyStream(a)).valid).toBe(true);
    const again = await db.transaction((tx) =>
      store.appendMany([{ streamName: a, events: [{ type: 'A1', data: { n: 1 }, messageId: id }] }], tx),
    );
    expect(again).toEqual([{ ok: true, result: { nextExpectedVersion: 2, duplicate: true } }]);
  });
});
