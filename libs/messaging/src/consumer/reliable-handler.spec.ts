import { Database, type QueryResult, type SqlExecutor } from '@roaming/event-store';
import { HEADER, type InboundMessage } from '../message-bus.port';
import type { DeadLetterMessage } from './dead-letter';
import { reliableHandler } from './reliable-handler';
import { retryDelayMs } from './retry-delay';

/** A database that is down for the first `outageCalls` calls, then claims every message as new. */
class FlakyDatabase extends Database {
  readonly kind = 'postgres' as const;
  calls = 0;
  constructor(private outageCalls: number) {
    super();
  }
  async query<Row>(): Promise<QueryResult<Row>> {
    this.failWhileDown();
    return { rows: [], rowCount: 1 };
  }
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.failWhileDown();
    return work({ query: async <Row>() => ({ rows: [] as Row[], rowCount: 1 }) });
  }
  async close(): Promise<void> {}
  private failWhileDown(): void {
    this.calls++;
    if (this.outageCalls-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  }
}

const message: InboundMessage = {
  topic: 'cdrs.v1',
  partition: 2,
  offset: '41',
  key: 'k',
  rawValue: '{}',
  headers: { [HEADER.messageId]: 'm-1' },
};

describe('reliableHandler', () => {
  it('backs off 50 ms doubling up to 2 s', () => {
    expect([1, 2, 3, 6, 7, 20].map(retryDelayMs)).toEqual([50, 100, 200, 1600, 2000, 2000]);
  });

  it('waits out a database outage without using up attempts or dead-lettering', async () => {
    const database = new FlakyDatabase(6);
    const letters: DeadLetterMessage[] = [];
    let handled = 0;
    const handle = reliableHandler({
      database,
      groupId: 'g',
      maxAttempts: 2,
      handler: async () => void handled++,
      deadLetter: async (letter) => void letters.push(letter),
    });

    expect(await handle(message)).toBe('processed');
    expect(handled).toBe(1);
    expect(letters).toEqual([]);
  });

  it('keeps trying to dead-letter until the dead-letter topic takes the message', async () => {
    let refusals = 2;
    const handle = reliableHandler({
      database: new FlakyDatabase(0),
      groupId: 'g',
      maxAttempts: 1,
      handler: async () => {
        throw new Error('bad CDR');
      },
      deadLetter: async () => {
        if (refusals-- > 0) throw new Error('broker down');
      },
    });
    const waits: number[] = [];

    expect(await handle(message, { beforeWait: async () => void waits.push(1) })).toBe('dead-lettered');
    expect(waits).toHaveLength(2);
  });
});
