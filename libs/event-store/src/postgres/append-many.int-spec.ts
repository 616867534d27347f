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

  it('waits for another transaction creating one of its new streams, then appends after its events (one chain)', async () => {
    const stream = `many-race-${randomUUID()}`;
    // Another writer creates the stream and keeps its transaction open …
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const other = db.transaction(async (tx) => {
      await store.append(stream, [{ type: 'First', data: { by: 'other' } }], { tx });
      opened();
      await gate;
    });
    await isOpen;
    // … this batch's first statement waits on that row, and then sees the stream at its committed head.
    const batch = db.transaction((tx) =>
      store.appendMany([{ streamName: stream, events: [{ type: 'Mine', data: {} }] }], tx),
    );
    setTimeout(release, 200);
    await other;
    expect(await batch).toEqual([{ ok: true, result: { nextExpectedVersion: 2, duplicate: false } }]);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['First', 'Mine']);
    expect((await store.verifyStream(stream)).valid).toBe(true);
  });

  it('never deadlocks two batches creating the same new streams in opposite orders (review of fc434be)', async () => {
    const streams = Array.from({ length: 60 }, () => `many-order-${randomUUID()}`);
    const batch = (names: readonly string[]) =>
      db.transaction((tx) =>
        store.appendMany(
          names.map((streamName) => ({ streamName, events: [{ type: 'Created', data: {} }] })),
          tx,
        ),
      );
    const outcomes = await Promise.all([batch(streams), batch([...streams].reverse())]);
    expect(outcomes.flat().every((o) => o.ok)).toBe(true);
    for (const stream of streams.slice(0, 5)) {
      expect((await store.readStream(stream)).map((e) => e.streamPosition)).toEqual([1, 2]);
      expect((await store.verifyStream(stream)).valid).toBe(true);
    }
  });

  it('creates a new stream at its final head, after two appends to it in one batch', async () => {
    const stream = `many-once-${randomUUID()}`;
    await db.transaction((tx) =>
      store.appendMany(
        [
          { streamName: stream, events: [{ type: 'A', data: {} }], expectedVersion: 'no_stream' },
          { streamName: stream, events: [{ type: 'B', data: {} }], expectedVersion: 1 },
        ],
        tx,
      ),
    );
    const { rows } = await db.query<{ position: string; hash: string }>(
      `SELECT stream_position::text AS position, last_hash AS hash FROM es.streams WHERE stream_name = $1`,
      [stream],
    );
    const events = await store.readStream(stream);
    expect(rows).toHaveLength(1);
    expect(rows[0].position).toBe('2');
    expect(rows[0].hash).toBe(events[1].hash);
  });
});
