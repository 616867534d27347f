import { Pool, type PoolConfig } from 'pg';
import { Database, type NotificationHandlers, type QueryResult, type SqlExecutor } from './database';
import { PgAdvisoryLeases } from './pg-advisory-leases';
import { PgListener } from './pg-listener';

/** Server mode: a `pg` pool on PostgreSQL. */
export class PgDatabase extends Database {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly config: PoolConfig;
  private readonly listeners = new Set<PgListener>();
  private leases?: PgAdvisoryLeases;

  constructor(config: PoolConfig | string) {
    super();
    this.config = typeof config === 'string' ? { connectionString: config, max: 10 } : config;
    this.pool = new Pool(this.config);
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

  override async listen(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>> {
    const listener = new PgListener(this.config, channel, handlers);
    // Known before it connects, so that a close() meanwhile stops it too.
    this.listeners.add(listener);
    try {
      await listener.start();
    } catch (error) {
      this.listeners.delete(listener);
      throw error;
    }
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  override lease(name: string): Promise<boolean> {
    this.leases ??= new PgAdvisoryLeases(this.config);
    return this.leases.hold(name);
  }

  override async releaseLease(name: string): Promise<void> {
    await this.leases?.release(name);
  }

  async close(): Promise<void> {
    await this.leases?.close();
    await Promise.all([...this.listeners].map((listener) => listener.stop()));
    this.listeners.clear();
    await this.pool.end();
  }
}
