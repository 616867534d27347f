import { testDatabaseUrl, waitFor } from '@roaming/testing';
import { randomUUID } from 'crypto';
import { eventStoreMigrations } from '../postgres/event-store.schema';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { runMigrations } from '../sql/migrations';
import { PgDatabase } from '../sql/pg-database';
import { CheckpointedProcessor } from './checkpointed-processor';

/**
 * Two instances of an app on one database run the same processors. Only the one holding a processor's lease reads
 * and delivers its events (a forwarder would otherwise produce every event twice and keep one checkpoint move);
 * the other takes over when the holder stops or its database session dies.
 */
describe('processor leadership across instances (PostgreSQL advisory locks)', () => {
  let migrations: PgDatabase;
  const instances: PgDatabase[] = [];
  const processors: CheckpointedProcessor[] = [];

  beforeAll(async () => {
    migrations = new PgDatabase(testDatabaseUrl());
    await runMigrations(migrations, eventStoreMigrations);
  });

  afterEach(async () => {
    await Promise.all(processors.splice(0).map((p) => p.stop()));
    await Promise.all(instances.splice(0).map((db) => db.close()));
  });

  afterAll(() => migrations.close());

  /** An instance: its own pool (and lease session) on the database, and the processor as every instance runs it. */
  const instance = (processorId: string, category: string, failing = false) => {
    const db = new PgDatabase(testDatabaseUrl());
    instances.push(db);
    const store = new PostgresEventStore(db);
    const delivered: string[] = [];
    const processor = new CheckpointedProcessor({
      processorId,
      store,
      categories: [category],
      deliver: async (events) => {
        if (failing) throw new Error('this instance cannot reach its broker');
        delivered.push(...events.map((e) => e.streamName));
      },
      pollIntervalMs: 50,
    });
    processors.push(processor);
    return { db, store, processor, delivered };
  };

  const names = () => {
    const category = `lead${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    return { category, processorId: `leadership-test-${randomUUID()}` };
  };

  /** Two instances of which the first has taken the lead before the second starts. */
  const leaderAndStandby = async () => {
    const { category, processorId } = names();
    const a = instance(processorId, category);
    a.processor.start();
    await waitFor(() => a.processor.leading, { description: 'the first instance leads' });
    const b = instance(processorId, category);
    b.processor.start();
    return { category, processorId, a, b };
  };

  it('lets one instance deliver each event, once', async () => {
    const { category, processorId } = names();
    const a = instance(processorId, category);
    const b = instance(processorId, category);
    a.processor.start();
    b.processor.start();
    for (let i = 0; i < 20; i++) await a.store.append(`${category}-${i}`, [{ type: 'Happened', data: { i } }]);
    await waitFor(() => a.delivered.length + b.delivered.length >= 20, { description: 'all 20 events delivered' });
    const [leader, other] = a.delivered.length > 0 ? [a, b] : [b, a];
    expect(leader.delivered).toHaveLength(20);
    expect(other.delivered).toEqual([]);
    expect([leader.processor.leading, other.processor.leading]).toEqual([true, false]);
  });

  it('hands the work over when the leader stops', async () => {
    const { category, a, b } = await leaderAndStandby();
    await a.processor.stop();
    await b.store.append(`${category}-1`, [{ type: 'Happened', data: {} }]);
    await waitFor(() => b.delivered.length === 1, { description: 'the second instance took over', timeoutMs: 15_000 });
    expect(a.delivered).toEqual([]);
  });

  it("hands the work over when the leader's session dies, and the old leader stops acting as one", async () => {
    const { category, processorId, a, b } = await leaderAndStandby();
    // The lease session of the leader ends as if its process had been killed.
    await migrations.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 1380141105)`,
      [`processor:${processorId}`],
    );
    await waitFor(() => b.processor.leading, { description: 'the second instance leads', timeoutMs: 15_000 });
    await b.store.append(`${category}-1`, [{ type: 'Happened', data: {} }]);
    await waitFor(() => b.delivered.length === 1, { description: 'the second instance delivers' });
    expect(a.processor.leading).toBe(false);
    expect(a.delivered).toEqual([]);
  });

  it('lets another instance take over from a leader whose deliveries keep failing', async () => {
    const { category, processorId } = names();
    const a = instance(processorId, category, true);
    a.processor.start();
    await waitFor(() => a.processor.leading, { description: 'the failing instance leads' });
    const b = instance(processorId, category);
    b.processor.start();
    await a.store.append(`${category}-1`, [{ type: 'Happened', data: {} }]);
    await waitFor(() => b.delivered.length === 1, {
      description: 'the healthy instance delivers after the leader stepped down',
      timeoutMs: 20_000,
    });
  }, 30_000);
});
