import { PGlite, type Results } from '@electric-sql/pglite';
import { mkdirSync } from 'fs';
import { Database, type QueryResult, type SqlExecutor } from './database';

/**
 * Embedded mode: PostgreSQL compiled to WebAssembly, in this process, persisted under a directory.
 * PGlite has one session; its `transaction()` holds it exclusively, so concurrent callers queue instead of
 * interleaving statements of different transactions.
 */
export class PgliteDatabase extends Database {
  readonly kind = 'pglite' as const;

  private constructor(private readonly db: PGlite) {
    super();
  }

  /** `dataDir` undefined = in memory (tests). */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir ? { dataDir } : {});
    return new PgliteDatabase(db);
  }

  async query<Row = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<QueryResult<Row>> {
    return run<Row>(this.db, text, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const committed: (() => void)[] = [];
    const value = await this.db.transaction(async (t) => {
      const tx: SqlExecutor = {
        query: <Row>(text: string, params: unknown[] = []) => run<Row>(t, text, params),
        afterCommit: (callback) => committed.push(callback),
      };
      return work(tx);
    });
    committed.forEach((callback) => callback());
    return value;
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

type PgliteSession = Pick<PGlite, 'query' | 'exec'>;

/**
 * Like `pg`, a call without parameters may hold several statements (migrations); it goes through the simple
 * protocol and answers with the last statement's rows.
 */
async function run<Row>(session: PgliteSession, text: string, params: unknown[]): Promise<QueryResult<Row>> {
  if (params.length === 0) {
    const results = await session.exec(text);
    const last = results[results.length - 1];
    return toQueryResult<Row>(last as Results<Row> | undefined);
  }
  return toQueryResult<Row>(await session.query<Row>(text, params));
}

/** pg counts the rows a SELECT returned in rowCount; PGlite reports them as 0 affected rows. */
function toQueryResult<Row>(result: Results<Row> | undefined): QueryResult<Row> {
  if (!result) return { rows: [], rowCount: 0 };
  const returnsRows = result.fields.length > 0;
  return { rows: result.rows, rowCount: returnsRows ? result.rows.length : (result.affectedRows ?? 0) };
}
