import { PgliteDatabase, runMigrations, type SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage } from '../message-bus.port';
import type { DeadLetterMessage } from './dead-letter';
import { messagingMigrations } from './messaging.migrations';
import { reliableBatchHandler } from './reliable-batch-handler';

const message = (id: string, body: string, offset = id): InboundMessage => ({
  topic: 'status.v1',
  partition: 0,
  offset,
  key: 'k',
  rawValue: body,
  headers: id ? { [HEADER.messageId]: id } : {},
});

describe('reliableBatchHandler: one transaction per batch, same guarantees as one message at a time', () => {
  let db: PgliteDatabase;
  let letters: DeadLetterMessage[];
  let batches: number;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await runMigrations(db, messagingMigrations);
    await db.query(`CREATE TABLE effects (body text)`);
  });

  afterAll(async () => {
    await db.close();
  });

  beforeEach(async () => {
    letters = [];
    batches = 0;
    await db.query(`DELETE FROM effects`);
  });

  /** Applies 'ok…' bodies, rejects 'bad…' ones for good, and throws on 'boom' (a bug, retried then parked). */
  const handle = (group: string) =>
    reliableBatchHandler({
      database: db,
      groupId: group,
      maxAttempts: 2,
      deadLetter: async (letter) => void letters.push(letter),
      handler: async (messages, { tx, reject }) => {
        batches++;
        for (const m of messages) {
          if (m.rawValue === 'boom') throw new Error('boom');
          if (m.rawValue.startsWith('bad')) reject(m, `rule broken by ${m.rawValue}`);
          else await insert(tx, m.rawValue);
        }
      },
    });
  const insert = (tx: SqlExecutor, body: string) => tx.query(`INSERT INTO effects (body) VALUES ($1)`, [body]);
  const effects = async () =>
    (await db.query<{ body: string }>(`SELECT body FROM effects ORDER BY body`)).rows.map((r) => r.body);

  it('applies a batch in one transaction and skips ids seen before or twice in the batch', async () => {
    const run = handle('g1');
    await run([message('1', 'ok1'), message('2', 'ok2'), message('1', 'ok1', 'x')]);
    await run([message('2', 'ok2'), message('3', 'ok3')]);
    expect(await effects()).toEqual(['ok1', 'ok2', 'ok3']);
    expect(batches).toBe(2);
  });

  it('dead-letters a rejected message at once with its reason and applies the rest of the batch', async () => {
    const run = handle('g2');
    await run([message('a', 'ok-a'), message('b', 'bad-b'), message('c', 'ok-c')]);
    expect(await effects()).toEqual(['ok-a', 'ok-c']);
    expect(letters.map((l) => [l.headers[HEADER.messageId], l.headers[HEADER.error]])).toEqual([
      ['b', 'rule broken by bad-b'],
    ]);
    // The rejected message was not claimed: delivered again, it is judged (and parked) again rather than dropped.
    await run([message('b', 'bad-b')]);
    expect(letters).toHaveLength(2);
  });

  it('judges a later message with the id of a rejected one: a forged copy ahead cannot make the real one a duplicate', async () => {
    const run = handle('g2b');
    await run([message('f', 'bad-forged', 'o1'), message('g', 'ok-g', 'o2'), message('f', 'ok-real', 'o3')]);
    expect(await effects()).toEqual(['ok-g', 'ok-real']);
    expect(letters.map((l) => l.headers[HEADER.messageId])).toEqual(['f']);
    // Applied once: the id is claimed now, and a third copy is a duplicate.
    await run([message('f', 'ok-real', 'o4')]);
    expect(await effects()).toEqual(['ok-g', 'ok-real']);
    // Two copies that both apply: only the first counts, as before.
    await run([message('h', 'ok-h1', 'o5'), message('h', 'ok-h2', 'o6')]);
    expect(await effects()).toEqual(['ok-g', 'ok-h1', 'ok-real']);
  });

  it('splits a failing batch so that only the poison message is retried and parked', async () => {
    const run = handle('g3');
    await run([message('p1', 'ok-p1'), message('p2', 'boom'), message('p3', 'ok-p3')]);
    expect(await effects()).toEqual(['ok-p1', 'ok-p3']);
    expect(letters.map((l) => l.headers[HEADER.messageId])).toEqual(['p2']);
    expect(letters[0].headers[HEADER.error]).toBe('boom');
  });

  it('dead-letters a message without a message id', async () => {
    await handle('g4')([message('', 'ok-x'), message('y', 'ok-y')]);
    expect(await effects()).toEqual(['ok-y']);
    expect(letters[0].headers[HEADER.error]).toMatch(/missing message-id/);
  });
});
