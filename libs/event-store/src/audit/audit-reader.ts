import { type Checkpoint, type RecordedEvent, START } from '../event-store.port';
import { GENESIS_HASH } from '../hash-chain';
import type { SqlExecutor } from '../sql/database';
import { SELECT_STORED_EVENTS, STORED_EVENT_COLUMNS, type StoredEventRow, toStoredEvent } from './stored-events.sql';

/** Which part of the global history to read. Every bound is optional and inclusive, except `toTime` (exclusive). */
export interface GlobalHistoryFilter {
  categories?: readonly string[];
  fromPosition?: string;
  toPosition?: string;
  /** ISO-8601; compares with the time the store recorded the event. */
  fromTime?: string;
  toTime?: string;
}

export interface GlobalHistoryPage extends GlobalHistoryFilter {
  /** Continue after this place (the last event of the previous page). */
  after?: Checkpoint;
  limit: number;
}

/** An event with the hash its stream chained it from: what an export line carries. */
export interface ChainedEvent extends RecordedEvent {
  /** The hash of the stream's previous event (GENESIS_HASH for the first); null when that event is missing. */
  previousHash: string | null;
}

/** The last event of a stream as `es.streams` remembers it (written under the same lock as the events). */
export interface StreamHead {
  streamName: string;
  streamPosition: number;
  lastHash: string;
}

/** A stream whose head and last stored event disagree (either may be missing). */
export interface HeadMismatch {
  streamName: string;
  head: { streamPosition: number; lastHash: string } | null;
  last: { streamPosition: number; hash: string; globalPosition: string } | null;
}

export interface FoldableEvent {
  streamName: string;
  streamPosition: number;
  type: string;
  data: unknown;
}

interface FoldableRow {
  transaction_id: string;
  global_position: string;
  stream_name: string;
  stream_position: string;
  type: string;
  data: unknown;
}

export interface HashEntry {
  transactionId: string;
  globalPosition: string;
  category: string;
  hash: string;
}

// The hash each event chained from, looked up through the (stream, position) unique index.
const SELECT_WITH_PREVIOUS_HASH = `SELECT ${STORED_EVENT_COLUMNS},
  CASE WHEN e.stream_position = 1 THEN '${GENESIS_HASH}' ELSE p.hash END AS previous_hash
  FROM es.events e
  LEFT JOIN es.events p ON p.stream_name = e.stream_name AND p.stream_position = e.stream_position - 1`;

/**
 * Reads the PostgreSQL event store the way an auditor needs it: events as stored (exactly what the hashes cover, no
 * upcasting), the global sequence in commit order, and streams in position order for chain verification. Read only;
 * works on a pool, a PGlite database or inside a caller's transaction.
 */
export class AuditReader {
  constructor(private readonly db: SqlExecutor) {}

  /** The events of a stream as stored, oldest first: all, or a page after a stream position. */
  async readStream(streamName: string, page: { after?: number; limit?: number } = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.db.query<StoredEventRow>(
      `${SELECT_STORED_EVENTS} WHERE e.stream_name = $1 AND e.stream_position > $2
       ORDER BY e.stream_position LIMIT $3`,
      [streamName, page.after ?? 0, page.limit ?? null],
    );
    return rows.map(toStoredEvent);
  }

  async streamHead(streamName: string): Promise<StreamHead | undefined> {
    return (await this.streamHeads([streamName])).get(streamName);
  }

  async streamHeads(streamNames: readonly string[]): Promise<Map<string, StreamHead>> {
    const { rows } = await this.db.query<{ stream_name: string; stream_position: string; last_hash: string }>(
      `SELECT stream_name, stream_position::text AS stream_position, last_hash FROM es.streams
       WHERE stream_name = ANY($1::text[])`,
      [[...streamNames]],
    );
    return new Map(
      rows.map((r) => [
        r.stream_name,
        { streamName: r.stream_name, streamPosition: Number(r.stream_position), lastHash: r.last_hash },
      ]),
    );
  }

  /**
   * One page of the global history in commit order, gap-safe like the store's own readers: an event of a
   * transaction still in flight is not returned yet, and never skipped later.
   */
  async readGlobal(page: GlobalHistoryPage): Promise<RecordedEvent[]> {
    const { where, params } = globalWhere(page, page.after ?? START);
    params.push(page.limit);
    const { rows } = await this.db.query<StoredEventRow>(
      `${SELECT_STORED_EVENTS} WHERE ${where}
       ORDER BY e.transaction_id, e.global_position LIMIT $${params.length}`,
      params,
    );
    return rows.map(toStoredEvent);
  }

  /** The global history (filtered) in commit order with each event's previous hash: the body of an export. */
  async *globalWithPreviousHash(filter: GlobalHistoryFilter, batchSize = 2000): AsyncGenerator<ChainedEvent[]> {
    let after: Checkpoint = START;
    for (;;) {
      const { where, params } = globalWhere(filter, after);
      params.push(batchSize);
      const { rows } = await this.db.query<StoredEventRow & { previous_hash: string | null }>(
        `${SELECT_WITH_PREVIOUS_HASH} WHERE ${where}
         ORDER BY e.transaction_id, e.global_position LIMIT $${params.length}`,
        params,
      );
      if (rows.length === 0) return;
      yield rows.map((row) => ({ ...toStoredEvent(row), previousHash: row.previous_hash }));
      const last = rows[rows.length - 1];
      after = { transactionId: last.transaction_id, globalPosition: last.global_position };
      if (rows.length < batchSize) return;
    }
  }

  /** One stream with each event's previous hash, oldest first. */
  async streamWithPreviousHash(streamName: string): Promise<ChainedEvent[]> {
    const { rows } = await this.db.query<StoredEventRow & { previous_hash: string | null }>(
      `${SELECT_WITH_PREVIOUS_HASH}
       WHERE e.stream_name = $1 ORDER BY e.stream_position`,
      [streamName],
    );
    return rows.map((row) => ({ ...toStoredEvent(row), previousHash: row.previous_hash }));
  }

  /**
   * Every event (of some categories) in the order the store inserted them (global position): a sequential read of
   * the table, the cheapest way through all of it. Within one stream this is also stream position order, because a
   * stream's appends are serialized by its row lock and each takes its positions when it inserts.
   */
  async *eventsInStoreOrder(categories?: readonly string[], batchSize = 10_000): AsyncGenerator<RecordedEvent[]> {
    const page = async (after: string): Promise<StoredEventRow[]> => {
      const params: unknown[] = [after];
      let filter = '';
      if (categories && categories.length > 0) {
        params.push([...categories]);
        filter = 'AND e.category = ANY($2::text[])';
      }
      params.push(batchSize);
      const { rows } = await this.db.query<StoredEventRow>(
        `${SELECT_STORED_EVENTS} WHERE e.global_position > $1::bigint ${filter}
         ORDER BY e.global_position LIMIT $${params.length}`,
        params,
      );
      return rows;
    };
    // The next page is fetched while the caller works on this one: the database and the hashing overlap.
    let next: Promise<StoredEventRow[]> | undefined = quiet(page('0'));
    while (next) {
      const rows: StoredEventRow[] = await next;
      const last = rows[rows.length - 1];
      next = rows.length === batchSize && last ? quiet(page(last.global_position)) : undefined;
      if (rows.length > 0) yield rows.map(toStoredEvent);
    }
  }

  /** The stored hashes of given stream positions (what an event chained from), by `stream@position`. */
  async storedHashes(
    positions: readonly { streamName: string; streamPosition: number }[],
  ): Promise<Map<string, string>> {
    if (positions.length === 0) return new Map();
    const { rows } = await this.db.query<{ stream_name: string; stream_position: string; hash: string }>(
      `SELECT e.stream_name, e.stream_position::text AS stream_position, e.hash
       FROM unnest($1::text[], $2::bigint[]) AS x(s, p)
       JOIN es.events e ON e.stream_name = x.s AND e.stream_position = x.p`,
      [positions.map((p) => p.streamName), positions.map((p) => p.streamPosition)],
    );
    return new Map(rows.map((r) => [`${r.stream_name}@${r.stream_position}`, r.hash]));
  }

  /**
   * Every stream whose head (es.streams) disagrees with its last stored event: no head, no event left, a head
   * ahead of the events (truncated), behind them, or naming another hash. One pass over both tables in the
   * database, instead of a lookup per stream; nothing comes back when all agree.
   */
  async headMismatches(categories?: readonly string[]): Promise<HeadMismatch[]> {
    const scoped = categories && categories.length > 0;
    const { rows } = await this.db.query<{
      stream_name: string;
      head_position: string | null;
      head_hash: string | null;
      last_position: string | null;
      last_hash: string | null;
      last_global_position: string | null;
    }>(
      `WITH last AS (
         SELECT DISTINCT ON (e.stream_name) e.stream_name, e.stream_position, e.hash, e.global_position
         FROM es.events e ${scoped ? 'WHERE e.category = ANY($1::text[])' : ''}
         ORDER BY e.stream_name, e.stream_position DESC
       ), head AS (
         SELECT s.stream_name, s.stream_position, s.last_hash FROM es.streams s
         WHERE s.stream_position > 0 ${scoped ? 'AND s.category = ANY($1::text[])' : ''}
       )
       SELECT coalesce(h.stream_name, l.stream_name) AS stream_name,
              h.stream_position::text AS head_position, h.last_hash AS head_hash,
              l.stream_position::text AS last_position, l.hash AS last_hash,
              l.global_position::text AS last_global_position
       FROM last l FULL JOIN head h ON h.stream_name = l.stream_name
       WHERE l.stream_name IS NULL OR h.stream_name IS NULL
          OR h.stream_position <> l.stream_position OR h.last_hash <> l.hash
       ORDER BY 1`,
      scoped ? [[...categories]] : [],
    );
    return rows.map((r) => ({
      streamName: r.stream_name,
      head:
        r.head_position === null || r.head_hash === null
          ? null
          : { streamPosition: Number(r.head_position), lastHash: r.head_hash },
      last:
        r.last_position === null || r.last_hash === null
          ? null
          : {
              streamPosition: Number(r.last_position),
              hash: r.last_hash,
              globalPosition: r.last_global_position ?? '',
            },
    }));
  }

  /** How many streams (of some categories) the store has heads for. */
  async streamCount(categories?: readonly string[]): Promise<number> {
    const scoped = categories && categories.length > 0;
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.streams s WHERE s.stream_position > 0
       ${scoped ? 'AND s.category = ANY($1::text[])' : ''}`,
      scoped ? [[...categories]] : [],
    );
    return Number(rows[0].n);
  }

  /**
   * What a replay folds, and nothing else (no metadata, hashes or ids to parse): the events of some categories in
   * commit order, gap-safe, up to a time (exclusive), a page at a time with the next page already on its way.
   */
  async *foldableEvents(
    categories: readonly string[],
    toTime: string | undefined,
    batchSize = 5000,
  ): AsyncGenerator<FoldableEvent[]> {
    const page = async (after: Checkpoint) => {
      const { where, params } = globalWhere({ categories, toTime }, after);
      params.push(batchSize);
      const { rows } = await this.db.query<FoldableRow>(
        `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position, e.stream_name,
           e.stream_position::text AS stream_position, e.type, e.data
         FROM es.events e WHERE ${where} ORDER BY e.transaction_id, e.global_position LIMIT $${params.length}`,
        params,
      );
      return rows;
    };
    let next: Promise<FoldableRow[]> | undefined = quiet(page(START));
    while (next) {
      const rows: FoldableRow[] = await next;
      const last = rows[rows.length - 1];
      next =
        rows.length === batchSize && last
          ? quiet(page({ transactionId: last.transaction_id, globalPosition: last.global_position }))
          : undefined;
      if (rows.length > 0) {
        yield rows.map((r) => ({
          streamName: r.stream_name,
          streamPosition: Number(r.stream_position),
          type: r.type,
          data: r.data,
        }));
      }
    }
  }

  /** The hashes of the global sequence after `after` up to and including `upTo`, in commit order. */
  async *hashesBetween(after: Checkpoint, upTo: Checkpoint, batchSize = 20_000): AsyncGenerator<HashEntry[]> {
    let from = after;
    for (;;) {
      const { rows } = await this.db.query<{
        transaction_id: string;
        global_position: string;
        category: string;
        hash: string;
      }>(
        `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position, e.category, e.hash
         FROM es.events e
         WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
           AND (e.transaction_id, e.global_position) <= ($3::xid8, $4::bigint)
         ORDER BY e.transaction_id, e.global_position LIMIT $5`,
        [from.transactionId, from.globalPosition, upTo.transactionId, upTo.globalPosition, batchSize],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        transactionId: r.transaction_id,
        globalPosition: r.global_position,
        category: r.category,
        hash: r.hash,
      }));
      const last = rows[rows.length - 1];
      from = { transactionId: last.transaction_id, globalPosition: last.global_position };
      if (rows.length < batchSize) return;
    }
  }

  /**
   * The last event no reader can be surprised by any more: every transaction that could still commit an event
   * before it in commit order has ended. An anchor never reaches past it.
   */
  async settledHead(): Promise<Checkpoint | undefined> {
    const { rows } = await this.db.query<{ transaction_id: string; global_position: string }>(
      `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position FROM es.events e
       WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : undefined;
  }

  /** How many events of `categories` (all when empty) come after a checkpoint: a processor's lag. */
  async countAfter(checkpoint: Checkpoint, categories?: readonly string[]): Promise<number> {
    const params: unknown[] = [checkpoint.transactionId, checkpoint.globalPosition];
    let filter = '';
    if (categories && categories.length > 0) {
      params.push([...categories]);
      filter = 'AND e.category = ANY($3::text[])';
    }
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es.events e
       WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) ${filter}`,
      params,
    );
    return Number(rows[0].n);
  }
}

/** A prefetched page nobody awaits any more (the reader stopped early) must not become an unhandled rejection. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function globalWhere(filter: GlobalHistoryFilter, after: Checkpoint): { where: string; params: unknown[] } {
  const params: unknown[] = [after.transactionId, after.globalPosition];
  const conditions = [
    `(e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)`,
    `e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
  ];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filter.categories && filter.categories.length > 0)
    add((p) => `e.category = ANY(${p}::text[])`, [...filter.categories]);
  if (filter.fromPosition !== undefined) add((p) => `e.global_position >= ${p}::bigint`, filter.fromPosition);
  if (filter.toPosition !== undefined) add((p) => `e.global_position <= ${p}::bigint`, filter.toPosition);
  if (filter.fromTime !== undefined) add((p) => `e.recorded_at >= ${p}::timestamptz`, filter.fromTime);
  if (filter.toTime !== undefined) add((p) => `e.recorded_at < ${p}::timestamptz`, filter.toTime);
  return { where: conditions.join(' AND '), params };
}
