import { Pool, type PoolConfig } from 'pg';
import { Database, type QueryResult, type SqlExecutor } from './database';

/** Server mode: a `pg` pool on PostgreSQL. */
export class PgDatabase extends Database {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(config: PoolConfig | string) {
    super();
    this.pool = new Pool(typeof config === 'string' ? { connectionString: config, max: 10 } : config);
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<Row = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.pool.query(text, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const committed: (() => void)[] = [];
      const tx: SqlExecutor = {
        query: async <Row>(text: string, params: unknown[] = []) => {
          const result = await client.query(text, params);
          return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
        },
        afterCommit: (callback) => committed.push(callback),
      };
      const value = await work(tx);
      await client.query('COMMIT');
      committed.forEach((callback) => callback());
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
