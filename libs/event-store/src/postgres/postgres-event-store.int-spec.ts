import { randomUUID } from 'crypto';
import { PgDatabase } from '../sql/pg-database';
import { PgliteDatabase } from '../sql/pglite-database';
import { type Database } from '../sql/database';
import { runMigrations } from '../sql/migrations';
import { Upcasters } from '../upcasters';
import { eventStoreMigrations } from './event-store.schema';
import { PostgresEventStore } from './postgres-event-store';
import { eventStoreContract, type ContractSubject } from '../testing/event-store-contract';
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
