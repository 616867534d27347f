import { PgliteDatabase } from '../sql/pglite-database';
import { runMigrations } from '../sql/migrations';
import { type Deadline, DeadlineTimer, deadlineMigrations, scheduleDeadline, scheduleDeadlines } from './deadlines';

describe('deadline timer: timers derived from events, kept as rows, fired by the clock', () => {
  let db: PgliteDatabase;
  let now: Date;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, deadlineMigrations('tst'));
  });

  afterAll(async () => {
    await db.close();
  });

  const rows = async () =>
    (
      await db.query<{ deadline_key: string; attempts: number; due_at: Date; last_error: string | null }>(
        `SELECT deadline_key, attempts, due_at, last_error FROM tst.deadlines ORDER BY deadline_key`,
      )
    ).rows;

  const timer = (fire: (d: Deadline) => Promise<void>) =>
    new DeadlineTimer({ timerId: 'test', database: db, schema: 'tst', now: () => now, fire });

  it('fires what is due by its clock, in due order, and forgets it once fired', async () => {
    await db.transaction(async (tx) => {
      await scheduleDeadline(tx, 'tst', { key: 'b', streamName: 's-b', kind: 'k', dueAt: '2026-03-01T10:00:02.000Z' });
      await scheduleDeadline(tx, 'tst', { key: 'a', streamName: 's-a', kind: 'k', dueAt: '2026-03-01T10:00:01.000Z' });
      await scheduleDeadline(tx, 'tst', { key: 'c', streamName: 's-c', kind: 'k', dueAt: '2026-03-01T10:05:00.000Z' });
    });
    const fired: string[] = [];
    now = new Date('2026-03-01T10:00:02.000Z');
    expect(await timer(async (d) => void fired.push(d.key)).tick()).toBe(2);
    expect(fired).toEqual(['a', 'b']);
    expect((await rows()).map((r) => r.deadline_key)).toEqual(['c']);
  });

  it('keeps a deadline whose action failed and retries it later, counting attempts', async () => {
    now = new Date('2026-03-01T10:05:00.000Z');
    expect(await timer(async () => Promise.reject(new Error('store unavailable'))).tick()).toBe(0);
    const [c] = await rows();
    expect(c).toMatchObject({ deadline_key: 'c', attempts: 1, last_error: 'store unavailable' });
    expect(c.due_at).toEqual(new Date('2026-03-01T10:05:01.000Z'));
  });

  it('keeps a deadline that was moved while it fired (the process moved on and set a new one)', async () => {
    now = new Date('2026-03-01T10:06:00.000Z');
    await timer(async (d) => {
      await db.query(`UPDATE tst.deadlines SET due_at = '2026-03-01T11:00:00Z' WHERE deadline_key = $1`, [d.key]);
    }).tick();
    expect((await rows()).map((r) => [r.deadline_key, r.due_at.toISOString()])).toEqual([
      ['c', '2026-03-01T11:00:00.000Z'],
    ]);
  });

  it('fires up to `concurrency` deadlines at the same time (a slow one does not hold up the others)', async () => {
    await db.query(`DELETE FROM tst.deadlines`);
    await db.transaction(async (tx) => {
      for (const key of ['p', 'q', 'r', 's', 't']) {
        await scheduleDeadline(tx, 'tst', {
          key,
          streamName: `s-${key}`,
          kind: 'k',
          dueAt: '2026-03-01T12:00:00.000Z',
        });
      }
    });
    now = new Date('2026-03-01T12:00:00.000Z');
    let running = 0;
    let most = 0;
    const fired = await new DeadlineTimer({
      timerId: 'test',
      database: db,
      schema: 'tst',
      now: () => now,
      concurrency: 3,
      fire: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
      },
    }).tick();
    expect(fired).toBe(5);
    expect(most).toBe(3);
    expect(await rows()).toEqual([]);
  });

  it('schedules many deadlines in one statement, moving those that exist (the last of a key wins)', async () => {
    await db.query(`DELETE FROM tst.deadlines`);
    await scheduleDeadline(db, 'tst', { key: 'm', streamName: 's-m', kind: 'k', dueAt: '2026-03-01T13:00:00.000Z' });
    await scheduleDeadlines(db, 'tst', [
      { key: 'm', streamName: 's-m', kind: 'k', dueAt: '2026-03-01T14:00:00.000Z' },
      { key: 'n', streamName: 's-n', kind: 'k', dueAt: '2026-03-01T14:00:00.000Z' },
      { key: 'n', streamName: 's-n', kind: 'k', dueAt: '2026-03-01T15:00:00.000Z' },
    ]);
    await scheduleDeadlines(db, 'tst', []);
    expect((await rows()).map((r) => [r.deadline_key, r.due_at.toISOString()])).toEqual([
      ['m', '2026-03-01T14:00:00.000Z'],
      ['n', '2026-03-01T15:00:00.000Z'],
    ]);
  });
});
