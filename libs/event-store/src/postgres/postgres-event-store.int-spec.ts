import { randomUUID } from 'crypto';
import { PgDatabase } from '../sql/pg-database';
import { PgliteDatabase } from '../sql/pglite-database';
import { type Database, type SqlExecutor } from '../sql/database';
import { runMigrations } from '../sql/migrations';
import { Upcasters } from '../upcasters';
import { eventStoreMigrations } from './event-store.schema';
import { PostgresEventStore } from './postgres-event-store';
import { eventStoreContract, type ContractSubject } from '../testing/event-store-contract';
import { START } from '../event-store.port';
import { testDatabaseUrl } from '@roaming/testing';

const upcasters = () =>
  new Upcasters().register('ContractUpcast', 1, (data) => {
    const { n } = data as { n: number };
    return { n, doubled: n * 2 };
  });

function subjectFor(db: Database): ContractSubject {
  const effectTable = `contract_effect_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  return {
    store: new PostgresEventStore(db),
    upcastingStore: new PostgresEventStore(db, upcasters()),
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

let pg: PgDatabase;
eventStoreContract(
  'PostgreSQL (pg pool)',
  async () => {
    pg = new PgDatabase(testDatabaseUrl());
    await runMigrations(pg, eventStoreMigrations);
    const subject = subjectFor(pg);
    const store = subject.store as PostgresEventStore;
    return {
      ...subject,
      holdAppendOpen: async (stream, type) => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        let appended!: () => void;
        const inserted = new Promise<void>((r) => (appended = r));
        const done = pg.transaction(async (tx) => {
          await store.append(stream, [{ type, data: {} }], { tx });
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
  'PostgreSQL (PGlite, embedded)',
  async () => {
    lite = await PgliteDatabase.open();
    await runMigrations(lite, eventStoreMigrations);
    return subjectFor(lite);
  },
  async () => lite.close(),
);

describe('PostgresEventStore wake-ups for appends inside a caller transaction', () => {
  it('notifies after that transaction commits, never before and never on rollback', async () => {
    const db = await PgliteDatabase.open();
    await runMigrations(db, eventStoreMigrations);
    const store = new PostgresEventStore(db);
    let wakeUps = 0;
    store.onAppended(() => wakeUps++);
    await db.transaction(async (tx) => {
      await store.append(`wake-${randomUUID()}`, [{ type: 'A', data: {} }], { tx });
      expect(wakeUps).toBe(0); // not visible to readers yet
    });
    expect(wakeUps).toBe(1);
    const rolledBack = `wake-${randomUUID()}`;
    await expect(
      db.transaction(async (tx) => {
        await store.append(rolledBack, [{ type: 'B', data: {} }], { tx });
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect(wakeUps).toBe(1);
    expect(await store.readStream(rolledBack)).toEqual([]);
    await db.close();
  });
});

describe('PostgresEventStore checkpoints on a pg pool: the first advance', () => {
  const effects = `checkpoint_effect_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const a = { transactionId: '30', globalPosition: '300' };
  const b = { transactionId: '31', globalPosition: '301' };
  let db: PgDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = new PgDatabase(testDatabaseUrl());
    await runMigrations(db, eventStoreMigrations);
    await db.query(`CREATE TABLE public.${effects} (id text PRIMARY KEY)`);
    store = new PostgresEventStore(db);
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS public.${effects}`);
    await db.close();
  });

  const newProcessor = () => `checkpoint-first-${randomUUID()}`;
  const rowOf = async (processorId: string) =>
    (
      await db.query<{ transaction_id: string; global_position: string; updated_at: string }>(
        `SELECT transaction_id::text, global_position::text, updated_at::text FROM es.checkpoints
         WHERE processor_id = $1`,
        [processorId],
      )
    ).rows;
  const recordEffect = (id: string) => async (tx: SqlExecutor) => {
    await tx.query(`INSERT INTO public.${effects} (id) VALUES ($1)`, [id]);
  };
  const survived = async (id: string) =>
    (await db.query(`SELECT 1 FROM public.${effects} WHERE id = $1`, [id])).rowCount === 1;

  /** Polls until some session waits on a lock held by backend `pid`. */
  async function blockedBehind(pid: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))`,
        [pid],
      );
      if (rows[0].waiting > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no session blocked behind backend ${pid}`);
  }

  /**
   * A first advance to `a` stops inside its transaction (its checkpoint row written, not committed); a second first
   * advance to `b` starts and waits on that row; then the first commits or rolls back.
   */
  async function race(processorId: string, firstCommits: boolean) {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inside!: (pid: number) => void;
    const firstInside = new Promise<number>((r) => (inside = r));
    const firstEffect = randomUUID();
    const first = store
      .advanceCheckpoint(processorId, START, a, async (tx) => {
        await recordEffect(firstEffect)(tx);
        inside((await tx.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid);
        await gate;
        if (!firstCommits) throw new Error('first effect failed');
      })
      .catch((error: Error) => error.message);
    // Only once the first holds its row: started together, either may get a pooled connection first.
    const firstPid = await firstInside;
    const secondEffect = randomUUID();
    const second = store.advanceCheckpoint(processorId, START, b, recordEffect(secondEffect));
    await blockedBehind(firstPid);
    release();
    return {
      first: await first,
      second: await second,
      firstEffect: await survived(firstEffect),
      secondEffect: await survived(secondEffect),
    };
  }

  it('creates the row at next when there is none, as an insert then update would have (updated_at = now())', async () => {
    const processorId = newProcessor();
    let now = '';
    expect(
      await store.advanceCheckpoint(processorId, START, a, async (tx) => {
        now = (await tx.query<{ now: string }>(`SELECT now()::text AS now`)).rows[0].now;
      }),
    ).toBe(true);
    expect(await rowOf(processorId)).toEqual([{ transaction_id: '30', global_position: '300', updated_at: now }]);
  });

  it('moves a row created at START (by an earlier version that inserted it first)', async () => {
    const processorId = newProcessor();
    await db.query(`INSERT INTO es.checkpoints (processor_id) VALUES ($1)`, [processorId]);
    expect(await store.advanceCheckpoint(processorId, START, a)).toBe(true);
    expect(await store.readCheckpoint(processorId)).toEqual(a);
  });

  it('a second first advance waits on the first and loses when it commits, its effect rolled back', async () => {
    const processorId = newProcessor();
    expect(await race(processorId, true)).toEqual({
      first: true,
      second: false,
      firstEffect: true,
      secondEffect: false,
    });
    expect(await store.readCheckpoint(processorId)).toEqual(a);
    expect(await rowOf(processorId)).toHaveLength(1);
  });

  it('a second first advance waits on the first and wins when it rolls back', async () => {
    const processorId = newProcessor();
    expect(await race(processorId, false)).toEqual({
      first: 'first effect failed',
      second: true,
      firstEffect: false,
      secondEffect: true,
    });
    expect(await store.readCheckpoint(processorId)).toEqual(b);
  });
});
