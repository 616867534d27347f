import type { StreamVerification } from './hash-chain';
import type { SqlExecutor } from './sql/database';

/** Metadata stamped on every stored event (ARCHITECTURE.md §4). */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** The party (or operator/system principal) on whose behalf the event was recorded. */
  actor?: string;
  [key: string]: unknown;
}

/** An event about to be appended. `messageId` makes the append idempotent; the store assigns one if absent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata?: EventMetadata;
  messageId?: string;
  schemaVersion?: number;
}

/** Where a reader is in the global order: (transaction id, global position), never the position alone. */
export interface Checkpoint {
  transactionId: string;
  globalPosition: string;
}

export const START: Checkpoint = Object.freeze({ transactionId: '0', globalPosition: '0' });

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: EventMetadata & { recordedAt: string; messageId: string };
  messageId: string;
  schemaVersion: number;
  streamName: string;
  category: string;
  /** 1-based position within the stream. */
  streamPosition: number;
  /** Decimal strings: bigint-safe, JSON-safe. */
  globalPosition: string;
  transactionId: string;
  recordedAt: string;
  /** sha256(previous hash of the stream || canonical event), hex. */
  hash: string;
}

/** `'any'`: no check; `'no_stream'`: the stream must not exist; a number n: the stream must be at version n. */
export type ExpectedVersion = 'any' | 'no_stream' | number;

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
  /** Append inside a caller's transaction (consumer effect + dedupe in one commit). */
  tx?: SqlExecutor;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as expectedVersion next time. */
  nextExpectedVersion: number;
  /** True when every message id was already stored: the append was a replay and changed nothing. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  /** Read inside the caller's transaction (embedded PGlite has one session: a read outside it would wait on it). */
  tx?: SqlExecutor;
}

export interface ReadAllOptions {
  after?: Checkpoint;
  limit?: number;
  /** Restrict to these stream categories. */
  categories?: readonly string[];
}

export interface ReadPageOptions extends ReadAllOptions {
  /** Hand out only events of these types (absent or empty: every type); the others are passed over, not returned. */
  types?: readonly string[];
}

/** A page of a filtered read: the events of the wanted types, and how far the read got, past the ones passed over. */
export interface ReadPage {
  events: RecordedEvent[];
  /** After the last event read, whether handed out or passed over; absent when nothing was read. */
  next?: Checkpoint;
  /** How many events the read went over (handed out + passed over): 0 means nothing new. */
  scanned: number;
}

export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamName}: expected version ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** One append of an appendMany call. */
export interface AppendRequest {
  streamName: string;
  events: readonly NewEvent[];
  expectedVersion?: ExpectedVersion;
}

/** How one append of an appendMany call went: its result, or its own error (the others are not affected). */
export type AppendManyOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The event store port (ARCHITECTURE.md §5). Adapters: PostgreSQL (pg pool or PGlite), EventStoreDB, in-memory.
 * Checkpoints live beside the events so that a processor can move its checkpoint in the same transaction as its effect.
 */
export abstract class EventStore {
  abstract append(streamName: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Many appends, to any streams, in the caller's transaction `tx`: each judged on its own (expected version,
   * idempotent message ids) in order, on the state the earlier ones left; an append that fails (a wrong expected
   * version) writes nothing and is reported in its outcome, the others go on. This default appends one by one;
   * adapters override it with fewer round trips (PostgreSQL: two statements for the whole batch).
   */
  async appendMany(requests: readonly AppendRequest[], tx: SqlExecutor): Promise<AppendManyOutcome[]> {
    const outcomes: AppendManyOutcome[] = [];
    for (const request of requests) {
      try {
        const result = await this.append(request.streamName, request.events, {
          expectedVersion: request.expectedVersion,
          tx,
        });
        outcomes.push({ ok: true, result });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  /** Events of one stream after `fromVersion` (0 = from the start), upcast to their latest shape. */
  abstract readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events in commit order after a checkpoint; never skips an event of a transaction still in flight. */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * readAll for a reader that handles only some event types. The checkpoint still moves past the others (`next`), so a
   * reader of rare types never re-reads the common ones. This default reads everything and filters; adapters
   * override it to leave the payload of passed-over events unread (PostgreSQL: they come back without data).
   */
  async readPage(options: ReadPageOptions = {}): Promise<ReadPage> {
    const all = await this.readAll(options);
    const last = all[all.length - 1];
    const wanted = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
    return {
      events: wanted ? all.filter((e) => wanted.has(e.type)) : all,
      next: last && { transactionId: last.transactionId, globalPosition: last.globalPosition },
      scanned: all.length,
    };
  }
  abstract readCheckpoint(processorId: string): Promise<Checkpoint>;
  /**
   * Runs `effect` and moves the processor's checkpoint from `expected` to `next` in one transaction.
   * Returns false (and rolls back the effect) when another instance moved the checkpoint first.
   */
  abstract advanceCheckpoint(
    processorId: string,
    expected: Checkpoint,
    next: Checkpoint,
    effect?: (tx: SqlExecutor) => Promise<void>,
  ): Promise<boolean>;
  /** Re-computes the stream's audit hash chain from the stored events. */
  abstract verifyStream(streamName: string): Promise<StreamVerification>;
  /**
   * Called after each append commits in this process: lets processors wake up instead of waiting to poll. The
   * listener may be told the appended streams' categories (absent: unknown), so that a processor of other categories
   * need not read.
   */
  abstract onAppended(listener: (categories?: readonly string[]) => void): () => void;

  /**
   * Where a reader must get to in order to have seen everything committed so far in these categories, for stores
   * whose category reads hold back events behind a still-running older transaction (the PostgreSQL gap-safety
   * horizon). `undefined`: the store has no such horizon, an empty read means caught up.
   */
  async committedHead(_categories: readonly string[]): Promise<string | undefined> {
    return undefined;
  }

  /** Whether events at or before `head` (see committedHead) are still unread after `after`. */
  async hasUnreadUpTo(_after: Checkpoint, _categories: readonly string[], _head: string): Promise<boolean> {
    return false;
  }

  /**
   * Whether this process should run the processor now. With several instances of an app on one database, each
   * would otherwise read every event, deliver it (a Kafka forwarder: produce it) and then lose the checkpoint's
   * compare-and-set to the others: the work done N times, kept once. A store on a shared database answers from a
   * lease only one process holds at a time; the compare-and-set still guards correctness while a lease changes
   * hands. Default: always (one process owns the store).
   */
  async leads(_processorId: string): Promise<boolean> {
    return true;
  }

  /** Gives up the processor's lease (it stopped), so that another instance takes it over at its next attempt. */
  async stepDown(_processorId: string): Promise<void> {}
}
