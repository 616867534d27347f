import { Logger } from '@nestjs/common';
import type { Database, SqlExecutor } from '../sql/database';
import type { Migration } from '../sql/migrations';

/**
 * A moment at which a process manager must act on one stream (a reservation nobody answered, a command that timed
 * out), unless the stream moved on first. Deadlines are rows derived from events by a checkpointed projection, so
 * they survive a crash: no timer lives only in memory.
 */
export interface Deadline {
  /** Unique per pending deadline, e.g. `reservation-42:respond`; scheduling it again moves it. */
  key: string;
  streamName: string;
  kind: string;
  /** ISO-8601. */
  dueAt: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function table(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME.source}`);
  return `${schema}.deadlines`;
}

/** The deadline table of one context, in its own schema. */
export function deadlineMigrations(schema: string): Migration[] {
  const t = table(schema);
  return [
    {
      id: `${schema}/event-store-deadlines-001`,
      sql: `
        CREATE SCHEMA IF NOT EXISTS ${schema};
        CREATE TABLE ${t} (
          deadline_key text        PRIMARY KEY,
          stream_name  text        NOT NULL,
          kind         text        NOT NULL,
          due_at       timestamptz NOT NULL,
          attempts     integer     NOT NULL DEFAULT 0,
          last_error   text
        );
        CREATE INDEX deadlines_due_idx ON ${t} (due_at);
      `,
    },
  ];
}

/** Schedules (or moves) a deadline; call it in the projection's checkpoint transaction. */
export async function scheduleDeadline(tx: SqlExecutor, schema: string, deadline: Deadline): Promise<void> {
  await tx.query(
    `INSERT INTO ${table(schema)} (deadline_key, stream_name, kind, due_at) VALUES ($1, $2, $3, $4::timestamptz)
     ON CONFLICT (deadline_key) DO UPDATE SET stream_name = EXCLUDED.stream_name, kind = EXCLUDED.kind,
       due_at = EXCLUDED.due_at, attempts = 0, last_error = NULL`,
    [deadline.key, deadline.streamName, deadline.kind, deadline.dueAt],
  );
}

/** Schedules (or moves) many deadlines in one statement; call it in the projection's checkpoint transaction. */
export async function scheduleDeadlines(
  tx: SqlExecutor,
  schema: string,
  deadlines: readonly Deadline[],
): Promise<void> {
  if (deadlines.length === 0) return;
  const latest = new Map(deadlines.map((d) => [d.key, d]));
  const rows = [...latest.values()];
  await tx.query(
    `INSERT INTO ${table(schema)} (deadline_key, stream_name, kind, due_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
     ON CONFLICT (deadline_key) DO UPDATE SET stream_name = EXCLUDED.stream_name, kind = EXCLUDED.kind,
       due_at = EXCLUDED.due_at, attempts = 0, last_error = NULL`,
    [rows.map((d) => d.key), rows.map((d) => d.streamName), rows.map((d) => d.kind), rows.map((d) => d.dueAt)],
  );
}

/** Drops deadlines that no longer apply (the answer came, the process ended). */
export async function cancelDeadlines(tx: SqlExecutor, schema: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(`DELETE FROM ${table(schema)} WHERE deadline_key = ANY($1::text[])`, [keys]);
}

export interface DeadlineTimerOptions {
  /** Names the timer in logs, e.g. `station-management.deadlines`. */
  timerId: string;
  database: Database;
  schema: string;
  /** The clock: "due" is judged by it, never by the database's clock, so tests and replays control time. */
  now: () => Date;
  /**
   * Acts on a due deadline, typically by sending the aggregate a command that carries `now` and lets its decider
   * judge. Must be idempotent: after a crash, or with two instances running, a deadline may fire twice.
   */
  fire: (deadline: Deadline, now: Date) => Promise<void>;
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * How many due deadlines fire at the same time (default 1: one after the other). More suits a `fire` that waits
   * on the network, e.g. a webhook: one slow partner then does not hold up the others' deadlines.
   */
  concurrency?: number;
  logger?: Logger;
}

interface DeadlineRow {
  deadline_key: string;
  stream_name: string;
  kind: string;
  due_at: Date | string;
  attempts: number;
}

/**
 * Fires due deadlines: polls the table, hands each due row to `fire`, then deletes it (unless it was moved in the
 * meantime). A failing `fire` keeps the row and retries it later with growing back-off.
 */
export class DeadlineTimer {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly logger: Logger;
  private readonly table: string;

  constructor(private readonly options: DeadlineTimerOptions) {
    this.table = table(options.schema);
    this.logger = options.logger ?? new Logger(`DeadlineTimer ${options.timerId}`);
  }

  /** Fires everything due now; returns how many deadlines fired. */
  async tick(): Promise<number> {
    const now = this.options.now();
    const { rows } = await this.options.database.query<DeadlineRow>(
      `SELECT deadline_key, stream_name, kind, due_at, attempts FROM ${this.table}
       WHERE due_at <= $1::timestamptz ORDER BY due_at, deadline_key LIMIT $2`,
      [now.toISOString(), this.options.batchSize ?? 100],
    );
    let fired = 0;
    const fireOne = async (row: DeadlineRow): Promise<void> => {
      const deadline: Deadline = {
        key: row.deadline_key,
        streamName: row.stream_name,
        kind: row.kind,
        dueAt: new Date(row.due_at).toISOString(),
      };
      try {
        await this.options.fire(deadline, now);
        await this.options.database.query(
          `DELETE FROM ${this.table} WHERE deadline_key = $1 AND due_at = $2::timestamptz`,
          [deadline.key, deadline.dueAt],
        );
        fired++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`deadline ${deadline.key} failed (attempt ${row.attempts + 1}): ${message}`);
        const retryAt = new Date(now.getTime() + Math.min(1_000 * 2 ** row.attempts, 60_000));
        await this.options.database.query(
          `UPDATE ${this.table} SET attempts = attempts + 1, last_error = $3, due_at = $4::timestamptz
           WHERE deadline_key = $1 AND due_at = $2::timestamptz`,
          [deadline.key, deadline.dueAt, message.slice(0, 1000), retryAt.toISOString()],
        );
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? 1);
    for (let i = 0; i < rows.length; i += concurrency) {
      await Promise.all(rows.slice(i, i + concurrency).map(fireOne));
    }
    return fired;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
      } catch (error) {
        this.logger.error(`poll failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.options.pollIntervalMs ?? 500);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
    }
  }
}
