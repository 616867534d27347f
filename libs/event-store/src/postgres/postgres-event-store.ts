import { randomUUID } from 'crypto';
import {
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  EventStore,
  type EventMetadata,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  START,
  WrongExpectedVersionError,
} from '../event-store.port';
import { chainHash, GENESIS_HASH, verifyChain, type StreamVerification } from '../hash-chain';
import { advanceSqlCheckpoint, readSqlCheckpoint } from '../sql/checkpoints';
import { type Database, isUniqueViolation, type SqlExecutor } from '../sql/database';
import { categoryOf } from '../stream-name';
import { Upcasters } from '../upcasters';
import { AppendNotifier } from '../append-notifier';
import { PartialDuplicateAppendError } from '../errors';

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_name: string;
  category: string;
  stream_position: string;
  message_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: string;
  hash: string;
}

// recorded_at is read back exactly as it was hashed (the ISO string kept in metadata), not re-rendered by a driver.
// Positions are selected as text (bigint-safe), so every filter and sort below names the table's numeric columns
// through the alias `e.`: an unqualified ORDER BY would bind to the text output columns and sort 10 before 9.
const SELECT_EVENTS = `SELECT e.global_position::text AS global_position, e.transaction_id::text AS transaction_id,
  e.stream_name, e.category, e.stream_position::text AS stream_position, e.message_id::text AS message_id, e.type,
  e.schema_version, e.data, e.metadata, e.metadata->>'recordedAt' AS recorded_at, e.hash FROM es.events e`;

/**
 * The PostgreSQL event store (ARCHITECTURE.md §5) on the `Database` port, so the same SQL runs on a pg pool and on
 * PGlite. Appends lock the stream's row (not the category), so hot categories stay parallel; readers filter on the
 * oldest running transaction so that they never skip an event of a transaction that commits late.
 */
export class PostgresEventStore extends EventStore {
  private readonly notifier = new AppendNotifier();

  constructor(
    private readonly db: Database,
    private readonly upcasters: Upcasters = new Upcasters(),
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    // Hash what the database will hand back: uuids come back lower-case, data and metadata as parsed JSON.
    const prepared = events.map((e) => ({
      ...e,
      messageId: (e.messageId ?? randomUUID()).toLowerCase(),
      data: jsonRoundTrip(e.data),
      metadata: e.metadata === undefined ? undefined : jsonRoundTrip(e.metadata),
    }));
    const run = (tx: SqlExecutor) => this.appendIn(tx, stream, prepared, options);
    try {
      const result = options.tx ? await run(options.tx) : await this.db.transaction(run);
      if (!result.duplicate) {
        // Wake this process's processors once the events are visible: now, or when the caller's transaction commits.
        if (options.tx) options.tx.afterCommit?.(() => this.notifier.notify());
        else this.notifier.notify();
      }
      return result;
    } catch (error) {
      // Two writers raced with the same message ids: the loser's append is a replay of the winner's.
      if (!options.tx && isUniqueViolation(error, 'events_message_id_uq')) {
        return this.db.transaction((tx) => this.appendIn(tx, stream, prepared, options));
      }
      if (isUniqueViolation(error, 'events_stream_position_uq')) {
        throw new WrongExpectedVersionError(stream, options.expectedVersion ?? 'any', -1);
      }
      throw error;
    }
  }

  private async appendIn(
    tx: SqlExecutor,
    stream: string,
    events: readonly (NewEvent & { messageId: string })[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const ids = events.map((e) => e.messageId);
    const known = await tx.query<{ message_id: string }>(
      `SELECT message_id::text FROM es.events WHERE message_id = ANY($1::uuid[])`,
      [ids],
    );
    await tx.query(
      `INSERT INTO es.streams (stream_name, category, stream_position, last_hash) VALUES ($1, $2, 0, $3)
       ON CONFLICT (stream_name) DO NOTHING`,
      [stream, categoryOf(stream), GENESIS_HASH],
    );
    const locked = await tx.query<{ stream_position: string; last_hash: string }>(
      `SELECT stream_position::text, last_hash FROM es.streams WHERE stream_name = $1 FOR UPDATE`,
      [stream],
    );
    const current = Number(locked.rows[0].stream_position);
    if (known.rowCount === ids.length) return { nextExpectedVersion: current, duplicate: true };
    if (known.rowCount > 0)
      throw new PartialDuplicateAppendError(
        stream,
        known.rows.map((r) => r.message_id),
      );
    assertExpectedVersion(stream, options.expectedVersion ?? 'any', current);

    let previousHash = locked.rows[0].last_hash;
    const recordedAt = this.now().toISOString();
    const rows = events.map((event, index) => {
      const metadata = { ...(event.metadata ?? {}), messageId: event.messageId, recordedAt };
      const fields = {
        streamName: stream,
        streamPosition: current + index + 1,
        messageId: event.messageId,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data: event.data,
        metadata,
        recordedAt,
      };
      previousHash = chainHash(previousHash, fields);
      return { ...fields, hash: previousHash };
    });
    await tx.query(
      `INSERT INTO es.events (stream_name, stream_position, message_id, type, schema_version, data, metadata, recorded_at, hash)
       SELECT $1, x.pos, x.id, x.t, x.v, x.d, x.m, $8::timestamptz, x.h
       FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::smallint[], $6::jsonb[], $7::jsonb[], $9::text[])
         AS x(pos, id, t, v, d, m, h)`,
      [
        stream,
        rows.map((r) => r.streamPosition),
        rows.map((r) => r.messageId),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => JSON.stringify(r.metadata)),
        recordedAt,
        rows.map((r) => r.hash),
      ],
    );
    const next = current + events.length;
    await tx.query(
      `UPDATE es.streams SET stream_position = $2, last_hash = $3, updated_at = now() WHERE stream_name = $1`,
      [stream, next, previousHash],
    );
    return { nextExpectedVersion: next, duplicate: false };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readStreamStored(stream, options)).map((e) => this.upcast(e));
  }

  /** The stream as stored (not upcast): what the hash chain covers. */
  async readStreamStored(stream: string, { fromVersion = 0, tx }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const result = await (tx ?? this.db).query<EventRow>(
      `${SELECT_EVENTS} WHERE e.stream_name = $1 AND e.stream_position > $2 ORDER BY e.stream_position`,
      [stream, fromVersion],
    );
    return result.rows.map(toRecorded);
  }

  async verifyStream(stream: string): Promise<StreamVerification> {
    return verifyChain(stream, await this.readStreamStored(stream));
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const params: unknown[] = [after.transactionId, after.globalPosition, options.limit ?? 1000];
    let categoryFilter = '';
    if (options.categories && options.categories.length > 0) {
      params.push(options.categories);
      categoryFilter = `AND e.category = ANY($4::text[])`;
    }
    // Gap safety: an event of a transaction that is still running (or started before one that is) is not read yet;
    // ordering by (transaction id, position) then yields it after the events committed before it, never skipping it.
    const result = await this.db.query<EventRow>(
      `${SELECT_EVENTS}
       WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ${categoryFilter}
       ORDER BY e.transaction_id, e.global_position
       LIMIT $3`,
      params,
    );
    return result.rows.map((row) => this.upcast(toRecorded(row)));
  }

  readCheckpoint(processorId: string): Promise<Checkpoint> {
    return readSqlCheckpoint(this.db, processorId);
  }

  advanceCheckpoint(
    processorId: string,
    expected: Checkpoint,
    next: Checkpoint,
    effect?: (tx: SqlExecutor) => Promise<void>,
  ): Promise<boolean> {
    return advanceSqlCheckpoint(this.db, processorId, expected, next, effect);
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const { data, schemaVersion } = this.upcasters.upcast(event.type, event.schemaVersion, event.data);
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  }
}

function jsonRoundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}

function assertExpectedVersion(stream: string, expected: AppendOptions['expectedVersion'], current: number): void {
  if (expected === undefined || expected === 'any') return;
  const wanted = expected === 'no_stream' ? 0 : expected;
  if (wanted !== current) throw new WrongExpectedVersionError(stream, expected, current);
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    type: row.type,
    data: row.data,
    metadata: row.metadata as RecordedEvent['metadata'],
    messageId: row.message_id,
    schemaVersion: Number(row.schema_version),
    streamName: row.stream_name,
    category: row.category,
    streamPosition: Number(row.stream_position),
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}
