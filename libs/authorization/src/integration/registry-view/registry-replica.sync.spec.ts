import { Database, type QueryResult, type SqlExecutor } from '@roaming/event-store';
import type { TokenRow } from './registry-view.contract-facts';
import { changePayload, RegistryReplicaSync } from './registry-replica.sync';

/**
 * A database whose reads answer only when the test says so, from the rows the test put: the order in which the
 * replica's reads start and finish is then the test's to choose.
 */
class HeldDatabase extends Database {
  readonly kind = 'postgres' as const;
  readonly tokens = new Map<string, TokenRow>();
  readonly held: { text: string; answer: () => void }[] = [];

  query<Row>(text: string, params: unknown[] = []): Promise<QueryResult<Row>> {
    return new Promise((resolve) => {
      this.held.push({ text, answer: () => resolve({ rows: this.rowsFor(text, params) as Row[], rowCount: 0 }) });
    });
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this);
  }

  async close(): Promise<void> {}

  /** Server mode: listening is possible (the notifications are the tests' calls to `changed`). */
  override async listen(): Promise<() => Promise<void>> {
    return async () => undefined;
  }

  /** Answers the reads held so far, and those they lead to, until none is left. */
  async answerAll(): Promise<void> {
    await flush();
    while (this.held.length > 0) {
      this.held.shift()?.answer();
      await flush();
    }
  }

  async answerNext(): Promise<string> {
    const next = this.held.shift();
    if (!next) throw new Error('no read is waiting');
    next.answer();
    await flush();
    return next.text;
  }

  private rowsFor(text: string, params: unknown[]): unknown[] {
    if (!text.includes('authz.tokens')) return [];
    if (text.includes('unnest')) {
      const [types, uids] = params as [string[], string[]];
      return types.map((type, i) => this.tokens.get(`${type} ${uids[i]}`)).filter((row) => row !== undefined);
    }
    // The load's first page (keyset after '', ''); the tests' few tokens fit in it.
    return (params as string[])[0] === '' ? [...this.tokens.values()] : [];
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const row = (uid: string, status: TokenRow['status']): TokenRow => ({
  token_type: 'RFID',
  token_uid: uid,
  emaid: `DE8AAC${uid}X`,
  emsp_party_id: 'DE8AA',
  status,
  valid_until: null,
  allowed_services: null,
  allow_offline: false,
  updated_at: new Date('2026-01-01T00:00:00Z'),
});

describe('RegistryReplicaSync (how the replica follows the view)', () => {
  const statusOf = (sync: RegistryReplicaSync, uid: string) =>
    sync.current.lookUp({ cpoPartyId: 'DEABC', type: 'RFID', key: uid, namedProvider: null }).tokens[0]?.status;

  const loaded = async () => {
    const db = new HeldDatabase();
    const sync = new RegistryReplicaSync(db);
    const started = sync.start();
    await db.answerAll();
    await started;
    return { db, sync };
  };

  it('lets a lookup go once the changes made before it are read, not when the reading stops', async () => {
    const { db, sync } = await loaded();
    db.tokens.set('RFID 01', row('01', 'blocked'));
    sync.changed({ tokens: [['RFID', '01']] }, true); // read 1 starts
    sync.changed({ tokens: [['RFID', '02']] }, true); // waits for read 1
    let settled = false;
    void sync.settled().then(() => (settled = true));
    await db.answerNext(); // read 1 done; read 2 (token 02) starts
    expect(settled).toBe(false);
    sync.changed({ tokens: [['RFID', '03']] }, true); // after the lookup began: not waited for
    await db.answerNext(); // read 2 done
    expect(settled).toBe(true);
    expect(statusOf(sync, '01')).toBe('blocked');
    await db.answerAll();
  });

  it('keeps following changes after an empty notification', async () => {
    const { db, sync } = await loaded();
    sync.changed({}); // '{}' on the channel: nothing to read
    db.tokens.set('RFID 01', row('01', 'stolen'));
    sync.changed({ tokens: [['RFID', '01']] });
    await db.answerAll();
    expect(statusOf(sync, '01')).toBe('stolen');
  });

  it('loads everything again when it starts after a stop: what was notified meanwhile reached nobody', async () => {
    const { db, sync } = await loaded();
    await sync.stop();
    db.tokens.set('RFID 01', row('01', 'blocked'));
    const started = sync.start();
    await db.answerAll();
    await started;
    expect(statusOf(sync, '01')).toBe('blocked');
  });

  it('fails a lookup of a copy that was never loaded once stopped, instead of leaving it waiting', async () => {
    const db = new HeldDatabase();
    const sync = new RegistryReplicaSync(db);
    const waiting = sync.settled();
    await sync.stop();
    await expect(waiting).rejects.toThrow('stopped before it was ever loaded');
  });

  it('announces a change too large for a notification as "everything changed"', () => {
    expect(JSON.parse(changePayload({ tokens: [['RFID', '04A2B3C4']] }))).toEqual({ tokens: [['RFID', '04A2B3C4']] });
    expect(JSON.parse(changePayload({ tokens: [['APP', 'x'.repeat(8_000)]] }))).toEqual({ all: true });
  });

  it('reads again what a load under way had read before listening began', async () => {
    const db = new HeldDatabase();
    const sync = new RegistryReplicaSync(db);
    db.tokens.set('RFID 01', row('01', 'active'));
    void sync.settled(); // a lookup before start: the load begins
    await flush();
    await db.answerNext(); // partners
    await db.answerNext(); // agreements
    await db.answerNext(); // the tokens page: 01 active
    db.tokens.set('RFID 01', row('01', 'blocked')); // changed while nobody listened
    const started = sync.start();
    await db.answerAll();
    await started;
    expect(statusOf(sync, '01')).toBe('blocked');
  });

  it('does not hold lookups for a local change that leaves nothing to read', async () => {
    const { db, sync } = await loaded();
    sync.changed({}, true);
    let settled = false;
    void sync.settled().then(() => (settled = true));
    await flush();
    expect(settled).toBe(true);
    await db.answerAll();
  });
});
