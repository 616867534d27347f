import { randomUUID } from 'crypto';
import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  FORWARDS,
  type JSONType,
  jsonEvent,
  type Position,
  type ReadStreamOptions as EsdbReadStreamOptions,
  START as ESDB_START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppendNotifier } from '../append-notifier';
import { PartialDuplicateAppendError } from '../errors';
import {
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  START,
  WrongExpectedVersionError,
} from '../event-store.port';
import { chainHash, GENESIS_HASH, type StreamVerification, verifyChain } from '../hash-chain';
import { type Database, isUniqueViolation, type SqlExecutor } from '../sql/database';
import { categoryOf } from '../stream-name';
import { Upcasters } from '../upcasters';
import { indexedMessageIds, indexMessages } from './esdb-message-ids';
import {
  checkpointToPosition,
  encodeMetadata,
  isAfter,
  isSystemEvent,
  readPositionFor,
  toExpectedRevision,
  toRecordedEvent,
  versionOf,
} from './esdb-mapping';
import { ESDB_MESSAGE_ID_CONSTRAINT } from './esdb.schema';
import { advanceSqlCheckpoint, readSqlCheckpoint } from '../sql/checkpoints';
import { processorLease } from '../sql/pg-advisory-leases';

/** The PostgreSQL tables `checkpointDb` needs (checkpoints, message-id index). */
export { eventStoreDbMigrations } from './esdb.schema';

/** How many of a stream's latest events an append reads: the last one chains the hash, all are checked for replays. */
const RECENT_EVENTS_CHECKED = 64;
/** $all records read per request while collecting a readAll batch. */
const ALL_PAGE_SIZE = 512;
/** Attempts of an append when it loses a race it may retry: 'any' version, or a writer of the same message ids. */
const APPEND_ATTEMPTS = 5;

type PreparedEvent = NewEvent & { messageId: string };

/**
 * The EventStoreDB (KurrentDB) adapter (ARCHITECTURE.md §5) on @eventstore/db-client. Events live in ESDB; the
 * processors' checkpoints and the message-id index live in PostgreSQL (`checkpointDb`), beside the read models, so
 * that a checkpoint moves in the same SQL transaction as the projection's write.
 *
 * - Concurrency: every append names the exact ESDB revision it read, so ESDB's optimistic check both enforces the
 *   caller's expected version and makes the client-side hash chain safe (the previous hash is that revision's).
 *   An 'any' append re-reads and retries when another writer got in between.
 * - Duplicates: the port stores a message id once across all streams, which ESDB does not (its event-id check is per
 *   stream and time-bounded). `es.esdb_message_ids` is the authority: an append inserts its ids in a SQL transaction
 *   held open around the ESDB write, so a concurrent writer of the same ids waits, then fails on the key and re-runs
 *   as a replay. If the ESDB write commits but the SQL one does not (crash, or a caller's transaction rolled back),
 *   the ids are missing from the index; the next append to that stream finds them among the stream's latest events,
 *   answers "duplicate" and repairs the index. A retry into another stream within that window is not recognised.
 * - `tx`: ESDB cannot join a SQL transaction. The index rows go into the caller's transaction (under a savepoint, so
 *   a failed attempt leaves none), but the events are in ESDB as soon as append returns; if the caller then rolls
 *   back, its retry is recognised as a replay through the message ids (above): with this adapter, "effect and append
 *   in one transaction" rests on idempotent message ids, not on one commit.
 * - Gap safety: ESDB writes $all in commit order from one leader and shows only committed records, so a category
 *   reader cannot skip an event of a slow writer the way concurrent SQL transactions could.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly notifier = new AppendNotifier();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly checkpointDb: Database,
    private readonly upcasters: Upcasters = new Upcasters(),
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    // ESDB answers event ids in lowercase; the hash must cover the id exactly as it will be read back.
    const prepared = events.map((e) => ({ ...e, messageId: (e.messageId ?? randomUUID()).toLowerCase() }));
    const expected = options.expectedVersion ?? 'any';
    for (let attempt = 1; ; attempt++) {
      try {
        const run = (sql: SqlExecutor) => this.appendOnce(sql, stream, prepared, expected);
        const result = options.tx ? await withinSavepoint(options.tx, run) : await this.checkpointDb.transaction(run);
        // The events are readable in ESDB now, whatever becomes of a caller's SQL transaction.
        if (!result.duplicate) this.notifier.notify();
        return result;
      } catch (error) {
        const retryable = attempt < APPEND_ATTEMPTS;
        if (error instanceof EsdbWrongExpectedVersionError) {
          if (expected === 'any' && retryable) continue;
          throw new WrongExpectedVersionError(stream, expected, versionOf(error.actualVersion));
        }
        // A writer of the same message ids committed first: re-running finds them and answers "duplicate".
        if (retryable && isUniqueViolation(error, ESDB_MESSAGE_ID_CONSTRAINT)) continue;
        throw error;
      }
    }
  }

  private async appendOnce(
    sql: SqlExecutor,
    stream: string,
    events: readonly PreparedEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const recent = await this.readEsdbStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: RECENT_EVENTS_CHECKED,
    });
    const current = recent.length === 0 ? 0 : recent[0].streamPosition;
    const ids = events.map((e) => e.messageId);
    const known = await indexedMessageIds(sql, ids);
    const unindexed = recent.filter((e) => ids.includes(e.messageId) && !known.has(e.messageId));
    if (unindexed.length > 0) {
      await indexMessages(sql, unindexed, { ifAbsent: true });
      unindexed.forEach((e) => known.add(e.messageId));
    }
    const knownIds = ids.filter((id) => known.has(id));
    if (knownIds.length === ids.length) return { nextExpectedVersion: current, duplicate: true };
    if (knownIds.length > 0) throw new PartialDuplicateAppendError(stream, knownIds);
    if (expected !== 'any' && (expected === 'no_stream' ? 0 : expected) !== current) {
      throw new WrongExpectedVersionError(stream, expected, current);
    }

    const recordedAt = this.now().toISOString();
    let previousHash = recent.length === 0 ? GENESIS_HASH : recent[0].hash;
    const records = events.map((event, index) => {
      const metadata = asJson({ ...(event.metadata ?? {}), messageId: event.messageId, recordedAt });
      const fields = {
        streamName: stream,
        streamPosition: current + index + 1,
        messageId: event.messageId,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        // Hashed as it will be read back: JSON, without undefined fields or Date objects.
        data: asJson(event.data),
        metadata,
        recordedAt,
      };
      previousHash = chainHash(previousHash, fields);
      const stored = encodeMetadata({ metadata, schemaVersion: fields.schemaVersion, hash: previousHash });
      return {
        ...fields,
        esdbEvent: jsonEvent({
          id: event.messageId,
          type: event.type,
          data: fields.data as JSONType,
          metadata: stored,
        }),
      };
    });
    // Inserted before the ESDB write, so that a concurrent writer of the same ids waits for this transaction.
    await indexMessages(sql, records);
    const result = await this.client.appendToStream(
      stream,
      records.map((r) => r.esdbEvent),
      { expectedRevision: toExpectedRevision(current) },
    );
    return { nextExpectedVersion: versionOf(result.nextExpectedRevision), duplicate: false };
  }

  /** Reads ESDB only: a caller's `tx` has nothing to add here. */
  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readStreamStored(stream, options.fromVersion)).map((e) => this.upcast(e));
  }

  /** The stream as stored (not upcast): what the hash chain covers. */
  async readStreamStored(stream: string, fromVersion = 0): Promise<RecordedEvent[]> {
    return this.readEsdbStream(stream, {
      direction: FORWARDS,
      fromRevision: fromVersion > 0 ? BigInt(fromVersion) : ESDB_START,
    });
  }

  async verifyStream(stream: string): Promise<StreamVerification> {
    return verifyChain(stream, await this.readStreamStored(stream));
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  /**
   * Pages through $all from the checkpoint. The v6 client's readAll takes no server-side filter (only subscriptions
   * do), so system records and other categories are dropped here. A read from a position includes the record at that
   * position, so everything up to the checkpoint (and, on later pages, up to the page start) is skipped.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    const categories = options.categories && options.categories.length > 0 ? new Set(options.categories) : undefined;
    const found: RecordedEvent[] = [];
    let floor: Position | undefined = checkpointToPosition(options.after ?? START);
    let from = readPositionFor(options.after ?? START);
    for (;;) {
      let read = 0;
      let last: Position | undefined;
      // Each page is read to its end rather than cancelled midway; its size bounds the surplus.
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: ALL_PAGE_SIZE })) {
        read++;
        const event = resolved.event;
        if (!event) continue;
        last = event.position;
        if (found.length >= limit || !isAfter(event.position, floor) || isSystemEvent(event)) continue;
        if (categories && !categories.has(categoryOf(event.streamId))) continue;
        found.push(this.upcast(toRecordedEvent(event)));
      }
      if (found.length >= limit || read < ALL_PAGE_SIZE || !last) return found;
      floor = last;
      from = last;
    }
  }

  /** The checkpoints live in PostgreSQL, so the processors' leases do too. */
  override async leads(processorId: string): Promise<boolean> {
    return this.checkpointDb.lease ? this.checkpointDb.lease(processorLease(processorId)) : true;
  }

  override async stepDown(processorId: string): Promise<void> {
    await this.checkpointDb.releaseLease?.(processorLease(processorId));
  }

  async readCheckpoint(processorId: string): Promise<Checkpoint> {
    return readSqlCheckpoint(this.checkpointDb, processorId);
  }

  async advanceCheckpoint(
    processorId: string,
    expected: Checkpoint,
    next: Checkpoint,
    effect?: (tx: SqlExecutor) => Promise<void>,
  ): Promise<boolean> {
    return advanceSqlCheckpoint(this.checkpointDb, processorId, expected, next, effect);
  }

  private async readEsdbStream(stream: string, options: EsdbReadStreamOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, options)) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const { data, schemaVersion } = this.upcasters.upcast(event.type, event.schemaVersion, event.data);
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  }
}

/**
 * Runs one append attempt inside a caller's transaction so that a failed attempt leaves no index rows behind (they
 * would mark ids as stored that ESDB never got) and a lost race on an id leaves the transaction usable for a retry.
 */
async function withinSavepoint<T>(tx: SqlExecutor, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  await tx.query('SAVEPOINT esdb_append');
  try {
    const result = await work(tx);
    await tx.query('RELEASE SAVEPOINT esdb_append');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT esdb_append');
    throw error;
  }
}

/** A JSON round trip: the value exactly as ESDB will hand it back. */
function asJson<T>(value: T): T {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error('event data and metadata must be JSON values');
  return JSON.parse(text) as T;
}
