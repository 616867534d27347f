/**
 * The one SQL seam of the system. Server mode binds it to a `pg` pool, embedded mode to PGlite; the event store,
 * checkpoints, consumer de-duplication and every read model run the same SQL on both.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Inside a transaction: runs `callback` once it has committed (never when it rolls back). */
  afterCommit?(callback: () => void): void;
}

export abstract class Database implements SqlExecutor {
  abstract readonly kind: 'postgres' | 'pglite';
  abstract query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  abstract transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
  /**
   * Server mode: hands over the payload of every NOTIFY on `channel`, from any session, once its transaction has
   * committed. A connection can drop, and what is notified meanwhile is lost: `onGap` is called each time listening
   * (re)starts after such a loss, so that the listener can re-read what it keeps. Absent where one process owns the
   * database (embedded PGlite): nothing else can change it.
   */
  listen?(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>>;
  /**
   * Server mode: true while this process holds the lease `name` among all processes on this database (a PostgreSQL
   * session advisory lock, freed when the session ends however the process ends). Absent where one process owns the
   * database.
   */
  lease?(name: string): Promise<boolean>;
  /** Gives up a lease `lease` granted. */
  releaseLease?(name: string): Promise<void>;
}

export interface NotificationHandlers {
  onNotification(payload: string): void;
  onGap(): void;
}

/** PostgreSQL error codes we act on. */
export const PG_UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | undefined;
  if (!e || e.code !== PG_UNIQUE_VIOLATION) return false;
  if (!constraint) return true;
  // pg sets `constraint`; PGlite puts the name in the message only.
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}
