import { randomUUID } from 'crypto';
import { canonicalMembers, canonicalStringify } from '@roaming/shared-kernel';
import {
  type AppendManyOutcome,
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type Checkpoint,
  EventStore,
  type EventMetadata,
  type NewEvent,
  type ReadAllOptions,
  type ReadPage,
  type ReadPageOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  START,
  WrongExpectedVersionError,
} from '../event-store.port';
import {
  chainHashOfSerialized,
  GENESIS_HASH,
  type SerializedChainedFields,
  type StreamVerification,
  verifyChain,
} from '../hash-chain';
import { advanceSqlCheckpoint, readSqlCheckpoint } from '../sql/checkpoints';
import { processorLease } from '../sql/pg-advisory-leases';
import { type Database, isUniqueViolation, type SqlExecutor } from '../sql/database';
import { categoryOf } from '../stream-name';
import { Upcasters } from '../upcasters';
import { AppendNotifier } from '../append-notifier';
import { PartialDuplicateAppendError } from '../errors';
import { type BatchOutcome, BatchingAppender, type GroupCommitOptions } from './batching-appender';

export { BatchingAppender, type BatchOutcome, type GroupCommitOptions } from './batching-appender';

export interface PostgresEventStoreOptions {
  /**
   * Group commit: appends made outside a caller's transaction are queued and written many to a transaction (one
   * WAL flush for all), each with its own guarantees. For hot paths where many requests append at once.
   */
  groupCommit?: GroupCommitOptions;
}

/**
 * An event ready to store: its message id assigned, its data and metadata serialised once, canonically, into the text
 * that both the INSERT and the hash chain take. The metadata lacks only recordedAt (the batch's, known when it is
 * written): its text is cut where that member goes, so that no later step serialises the members again.
 */
interface PreparedEvent {
  messageId: string;
  type: string;
  schemaVersion: number;
  dataJson: string;
  /** `{`, the members that sort before recordedAt (messageId among them), and a comma. */
  metadataHead: string;
  /** The members that sort after recordedAt, each after a comma, and `}`. */
  metadataTail: string;
}

/** An append as the batch writer receives it. */
interface PreparedAppend {
  stream: string;
  events: readonly PreparedEvent[];
  options: AppendOptions;
}

interface StreamHead {
  position: number;
  hash: string;
}

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
const SELECT_EVENTS = selectEvents('e.data', 'e.metadata');

function selectEvents(data: string, metadata: string): string {
  return `SELECT e.global_position::text AS global_position, e.transaction_id::text AS transaction_id,
  e.stream_name, e.category, e.stream_position::text AS stream_position, e.message_id::text AS message_id, e.type,
  e.schema_version, ${data} AS data, ${metadata} AS metadata, e.metadata->>'recordedAt' AS recorded_at, e.hash
  FROM es.events e`;
}

// A typed read returns the passed-over events' positions only: their data and metadata (the bulk of a row: a CDR is
// kilobytes) are neither sent nor parsed. $5 is the wanted types.
const SELECT_TYPED_EVENTS = selectEvents(
  'CASE WHEN e.type = ANY($5::text[]) THEN e.data END',
  'CASE WHEN e.type = ANY($5::text[]) THEN e.metadata END',
);

/**
 * The PostgreSQL event store (ARCHITECTURE.md §5) on the `Database` port, so the same SQL runs on a pg pool and on
 * PGlite. Appends lock the stream's row (not the category), so hot categories stay parallel; readers filter on the
 * oldest running transaction so that they never skip an event of a transaction that commits late.
 */
export class PostgresEventStore extends EventStore {
  private readonly notifier = new AppendNotifier();
  private readonly batching?: BatchingAppender<PreparedAppend>;

  constructor(
    private readonly db: Database,
    private readonly upcasters: Upcasters = new Upcasters(),
    private readonly now: () => Date = () => new Date(),
    options: PostgresEventStoreOptions = {},
  ) {
    super();
    if (options.groupCommit) {
      this.batching = new BatchingAppender<PreparedAppend>({
        ...options.groupCommit,
        database: db,
        writeBatch: (tx, requests) => this.appendBatchIn(tx, requests),
        writeOne: (request) => this.appendAlone(request),
        committed: (appended) => this.notifier.notify(categoriesOf(appended)),
      });
    }
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const prepared = events.map(prepareEvent);
    if (this.batching && !options.tx) return this.batching.append({ stream, events: prepared, options });
    const run = (tx: SqlExecutor) => this.appendIn(tx, stream, prepared, options);
    try {
      const result = options.tx ? await run(options.tx) : await this.db.transaction(run);
      if (!result.duplicate) {
        // Wake this process's processors once the events are visible: now, or when the caller's transaction commits.
        const categories = [categoryOf(stream)];
        if (options.tx) options.tx.afterCommit?.(() => this.notifier.notify(categories));
        else this.notifier.notify(categories);
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

  /**
   * Many appends in the caller's transaction with the group-commit batch writer: two statements for the whole batch
   * instead of five per append. Used by high-rate doors that decide many new streams at once (CDR intake).
   */
  override async appendMany(requests: readonly AppendRequest[], tx: SqlExecutor): Promise<AppendManyOutcome[]> {
    if (requests.length === 0) return [];
    const prepared: PreparedAppend[] = requests.map((r) => {
      if (r.events.length === 0) throw new Error('append needs at least one event');
      return {
        stream: r.streamName,
        events: r.events.map(prepareEvent),
        options: { expectedVersion: r.expectedVersion },
      };
    });
    const outcomes = await this.appendBatchIn(tx, prepared);
    const appended = prepared.filter((_, i) => {
      const outcome = outcomes[i];
      return outcome.ok && !outcome.result.duplicate;
    });
    if (appended.length > 0) {
      const categories = categoriesOf(appended);
      tx.afterCommit?.(() => this.notifier.notify(categories));
    }
    return outcomes;
  }

  /** One append in its own transaction, as without group commit (the batch writer's fallback). */
  private async appendAlone({ stream, events, options }: PreparedAppend): Promise<AppendResult> {
    try {
      const result = await this.db.transaction((tx) => this.appendIn(tx, stream, events, options));
      if (!result.duplicate) this.notifier.notify([categoryOf(stream)]);
      return result;
    } catch (error) {
      if (isUniqueViolation(error, 'events_message_id_uq')) {
        return this.db.transaction((tx) => this.appendIn(tx, stream, events, options));
      }
      if (isUniqueViolation(error, 'events_stream_position_uq')) {
        throw new WrongExpectedVersionError(stream, options.expectedVersion ?? 'any', -1);
      }
      throw error;
    }
  }

  /**
   * Many appends, to any streams, in one transaction of two statements (four round trips with BEGIN and COMMIT):
   * the first creates the streams that are new and locks every stream's row in name order (so two batches never
   * deadlock), returning their heads, together with the message ids already stored; the second inserts every event
   * and moves every stream head. Each append is judged in order on the state the earlier ones of the batch left:
   * its expected version, whether its ids are known (a replay), its hashes.
   *
   * A new stream's row is written twice (created empty, then moved) on purpose: creating it only in the second
   * statement saved that row version but left new streams unlocked, so two batches creating the same streams in
   * different orders could deadlock, and a row committed empty in between could be left behind its events (review
   * of fc434be). The lock in name order is worth the write.
   */
  private async appendBatchIn(tx: SqlExecutor, requests: readonly PreparedAppend[]): Promise<BatchOutcome[]> {
    const ids = requests.flatMap((r) => r.events.map((e) => e.messageId));
    const streams = [...new Set(requests.map((r) => r.stream))].sort();
    // ON CONFLICT DO UPDATE locks an existing row like SELECT … FOR UPDATE and returns its latest committed head;
    // a new row comes back as inserted. The known ids ride along in the same round trip.
    const prepared = await tx.query<{ name: string; position: string | null; hash: string | null; known: boolean }>(
      `WITH heads AS (
         INSERT INTO es.streams (stream_name, category, stream_position, last_hash)
         SELECT x.s, x.c, 0, $4 FROM unnest($2::text[], $3::text[]) AS x(s, c) ORDER BY x.s
         ON CONFLICT (stream_name) DO UPDATE SET stream_name = EXCLUDED.stream_name
         RETURNING stream_name, stream_position, last_hash)
       SELECT stream_name AS name, stream_position::text AS position, last_hash AS hash, false AS known FROM heads
       UNION ALL
       SELECT message_id::text, NULL, NULL, true FROM es.events WHERE message_id = ANY($1::uuid[])`,
      [ids, streams, streams.map(categoryOf), GENESIS_HASH],
    );
    const known = new Set(prepared.rows.filter((r) => r.known).map((r) => r.name));
    const heads = new Map<string, StreamHead>(
      prepared.rows
        .filter((r) => !r.known)
        .map((r) => [r.name, { position: Number(r.position), hash: r.hash as string }]),
    );
    const recordedAt = this.now().toISOString();
    const rows: ChainedRow[] = [];
    const moved = new Set<string>();
    const outcomes = requests.map((request): BatchOutcome => {
      const head = heads.get(request.stream) as StreamHead;
      const ids = request.events.map((e) => e.messageId);
      const stored = ids.filter((id) => known.has(id));
      if (stored.length === ids.length)
        return { ok: true, result: { nextExpectedVersion: head.position, duplicate: true } };
      if (stored.length > 0) return { ok: false, error: new PartialDuplicateAppendError(request.stream, stored) };
      try {
        assertExpectedVersion(request.stream, request.options.expectedVersion ?? 'any', head.position);
      } catch (error) {
        return { ok: false, error };
      }
      const chained = chainRows(request.stream, request.events, head, recordedAt);
      rows.push(...chained);
      ids.forEach((id) => known.add(id));
      head.position += request.events.length;
      head.hash = chained[chained.length - 1].hash;
      moved.add(request.stream);
      return { ok: true, result: { nextExpectedVersion: head.position, duplicate: false } };
    });
    if (rows.length === 0) return outcomes;
    const movedStreams = [...moved];
    const head = (name: string) => heads.get(name) as StreamHead;
    await tx.query(
      `WITH inserted AS (
         INSERT INTO es.events (stream_name, stream_position, message_id, type, schema_version, data, metadata,
           recorded_at, hash)
         SELECT x.s, x.pos, x.id, x.t, x.v, x.d, x.m, $8::timestamptz, x.h
         FROM ROWS FROM (unnest($1::text[]), unnest($2::bigint[]), unnest($3::uuid[]), unnest($4::text[]),
           unnest($5::smallint[]), jsonb_array_elements($6::jsonb), jsonb_array_elements($7::jsonb),
           unnest($9::text[])) AS x(s, pos, id, t, v, d, m, h))
       UPDATE es.streams s SET stream_position = y.p, last_hash = y.h, updated_at = now()
       FROM unnest($10::text[], $11::bigint[], $12::text[]) AS y(n, p, h) WHERE s.stream_name = y.n`,
      [
        rows.map((r) => r.streamName),
        rows.map((r) => r.streamPosition),
        rows.map((r) => r.messageId),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        jsonArray(rows.map((r) => r.dataJson)),
        jsonArray(rows.map((r) => r.metadataJson)),
        recordedAt,
        rows.map((r) => r.hash),
        movedStreams,
        movedStreams.map((n) => head(n).position),
        movedStreams.map((n) => head(n).hash),
      ],
    );
    return outcomes;
  }

  private async appendIn(
    tx: SqlExecutor,
    stream: string,
    events: readonly PreparedEvent[],
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

    const recordedAt = this.now().toISOString();
    const rows = chainRows(stream, events, { position: current, hash: locked.rows[0].last_hash }, recordedAt);
    await tx.query(
      `INSERT INTO es.events (stream_name, stream_position, message_id, type, schema_version, data, metadata, recorded_at, hash)
       SELECT $1, x.pos, x.id, x.t, x.v, x.d, x.m, $8::timestamptz, x.h
       FROM ROWS FROM (unnest($2::bigint[]), unnest($3::uuid[]), unnest($4::text[]), unnest($5::smallint[]),
         jsonb_array_elements($6::jsonb), jsonb_array_elements($7::jsonb), unnest($9::text[]))
         AS x(pos, id, t, v, d, m, h)`,
      [
        stream,
        rows.map((r) => r.streamPosition),
        rows.map((r) => r.messageId),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        jsonArray(rows.map((r) => r.dataJson)),
        jsonArray(rows.map((r) => r.metadataJson)),
        recordedAt,
        rows.map((r) => r.hash),
      ],
    );
    const next = current + events.length;
    await tx.query(
      `UPDATE es.streams SET stream_position = $2, last_hash = $3, updated_at = now() WHERE stream_name = $1`,
      [stream, next, rows[rows.length - 1].hash],
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

  onAppended(listener: (categories?: readonly string[]) => void): () => void {
    return this.notifier.subscribe(listener);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.readRows(options);
    return rows.map((row) => this.upcast(toRecorded(row)));
  }

  override async readPage(options: ReadPageOptions = {}): Promise<ReadPage> {
    const types = options.types ?? [];
    if (types.length === 0) {
      const events = await this.readAll(options);
      const last = events[events.length - 1];
      return { events, next: last && checkpointOf(last), scanned: events.length };
    }
    const rows = await this.readRows(options, types);
    const wanted = new Set(types);
    const last = rows[rows.length - 1];
    return {
      events: rows.filter((row) => wanted.has(row.type)).map((row) => this.upcast(toRecorded(row))),
      next: last && { transactionId: last.transaction_id, globalPosition: last.global_position },
      scanned: rows.length,
    };
  }

  private async readRows(options: ReadAllOptions, types?: readonly string[]): Promise<EventRow[]> {
    const after = options.after ?? START;
    const categories = options.categories ?? [];
    const params: unknown[] = [after.transactionId, after.globalPosition, options.limit ?? 1000, categories];
    if (types) params.push(types);
    // Gap safety: an event of a transaction that is still running (or started before one that is) is not read yet;
    // ordering by (transaction id, position) then yields it after the events committed before it, never skipping it.
    const result = await this.db.query<EventRow>(
      `${types ? SELECT_TYPED_EVENTS : SELECT_EVENTS}
       WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ${categories.length > 0 ? 'AND e.category = ANY($4::text[])' : 'AND cardinality($4::text[]) = 0'}
       ORDER BY e.transaction_id, e.global_position
       LIMIT $3`,
      params,
    );
    return result.rows;
  }

  override async leads(processorId: string): Promise<boolean> {
    return this.db.lease ? this.db.lease(processorLease(processorId)) : true;
  }

  override async stepDown(processorId: string): Promise<void> {
    await this.db.releaseLease?.(processorLease(processorId));
  }

  override async committedHead(categories: readonly string[]): Promise<string | undefined> {
    // No horizon filter here: the newest committed position, even if readAll may not hand it out yet.
    const result = await this.db.query<{ head: string | null }>(
      categories.length > 0
        ? `SELECT max(global_position)::text AS head FROM es.events WHERE category = ANY($1::text[])`
        : `SELECT max(global_position)::text AS head FROM es.events`,
      categories.length > 0 ? [categories] : [],
    );
    return result.rows[0]?.head ?? '0';
  }

  override async hasUnreadUpTo(after: Checkpoint, categories: readonly string[], head: string): Promise<boolean> {
    const params: unknown[] = [after.transactionId, after.globalPosition, head];
    if (categories.length > 0) params.push(categories);
    const result = await this.db.query(
      `SELECT 1 FROM es.events e
       WHERE e.global_position <= $3::bigint
         AND (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         ${categories.length > 0 ? 'AND e.category = ANY($4::text[])' : ''}
       LIMIT 1`,
      params,
    );
    return result.rowCount > 0;
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

/** A row to insert: the chained fields in the text they are stored and hashed as, and the hash. */
type ChainedRow = SerializedChainedFields & { hash: string };

/** The rows of one append after `head`, each hash chained to the one before (hash-chain.ts). */
function chainRows(
  stream: string,
  events: readonly PreparedEvent[],
  head: StreamHead,
  recordedAt: string,
): ChainedRow[] {
  let previousHash = head.hash;
  const recordedAtMember = `"recordedAt":${JSON.stringify(recordedAt)}`;
  return events.map((event, index) => {
    const fields: SerializedChainedFields = {
      streamName: stream,
      streamPosition: head.position + index + 1,
      messageId: event.messageId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      dataJson: event.dataJson,
      metadataJson: event.metadataHead + recordedAtMember + event.metadataTail,
      recordedAt,
    };
    previousHash = chainHashOfSerialized(previousHash, fields);
    return { ...fields, hash: previousHash };
  });
}

/**
 * The event as the database will hand it back, which is what the hash covers: the uuid lower-case, data and metadata
 * as JSON reads them (no undefined members, dates as strings), in canonical text (canonicalStringify: what
 * canonicalJson writes of the JSON round trip, without the round trip). jsonb takes that text as it takes any other.
 * Throws where JSON.stringify throws (a BigInt, a cycle), and for data JSON cannot carry at all (a function), which
 * JSON.parse refused before.
 */
function prepareEvent(event: NewEvent): PreparedEvent {
  const messageId = canonicalUuid(event.messageId ?? randomUUID());
  const dataJson = canonicalStringify(event.data ?? null);
  if (dataJson === undefined) throw new TypeError(`the data of a ${event.type} event has no JSON form`);
  // The store's own members replace the caller's of the same name, as they always did: recordedAt is left out here
  // (an undefined member is not written) and put between head and tail when the batch's time is known.
  const members = canonicalMembers({ ...callerMetadata(event.metadata), messageId, recordedAt: undefined });
  const cut = members.findIndex((m) => m.key > 'recordedAt');
  const head = cut === -1 ? members : members.slice(0, cut);
  const tail = cut === -1 ? [] : members.slice(cut);
  return {
    messageId,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    dataJson,
    metadataHead: `{${head.map((m) => m.json).join(',')},`,
    metadataTail: `${tail.map((m) => `,${m.json}`).join('')}}`,
  };
}

/**
 * A message id in the one form PostgreSQL's uuid type gives back (lower case, 8-4-4-4-12). The column also takes it
 * without hyphens, with a hyphen after any group of four digits or in braces, but reads it back canonical: hashed as
 * given, such an id broke its stream's chain at once (verifyStream recomputes from what it reads). Anything else
 * is left as it is, for the column to refuse as before.
 */
function canonicalUuid(id: string): string {
  const braced = id.startsWith('{') && id.endsWith('}');
  const bare = braced ? id.slice(1, -1) : id;
  if (!/^[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}$/i.test(bare)) return id.toLowerCase();
  const hex = bare.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The caller's metadata, whose members are stored. A plain object is taken as it is (canonicalMembers reads each member
 * as JSON does); anything else (an object with a toJSON of its own, a class instance, an array) goes through the JSON
 * round trip every metadata went through before, so that its stored members and its hash stay what they were.
 */
function callerMetadata(metadata: EventMetadata | undefined): object | null | undefined {
  if (metadata === undefined || metadata === null) return metadata;
  const proto = Object.getPrototypeOf(metadata) as unknown;
  if ((proto === Object.prototype || proto === null) && typeof metadata.toJSON !== 'function') return metadata;
  return JSON.parse(JSON.stringify(metadata)) as object | null;
}

/**
 * JSON texts as one JSON array, for `jsonb_array_elements($n::jsonb)`: a single text parameter goes to the server as
 * it is, where an array parameter (`$n::jsonb[]`) would have the driver escape every quote of every document.
 */
function jsonArray(texts: readonly string[]): string {
  return `[${texts.join(',')}]`;
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

function checkpointOf(event: RecordedEvent): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

/** The distinct categories of the streams some appends wrote to (which processors to wake). */
function categoriesOf(appends: readonly { stream: string }[]): string[] {
  return [...new Set(appends.map((a) => categoryOf(a.stream)))];
}
