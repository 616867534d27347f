import { randomUUID } from 'crypto';
import {
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  START,
  WrongExpectedVersionError,
} from '../event-store.port';
import { AppendNotifier } from '../append-notifier';
import { PartialDuplicateAppendError } from '../errors';
import { chainHash, GENESIS_HASH, verifyChain, type StreamVerification } from '../hash-chain';
import type { SqlExecutor } from '../sql/database';
import { categoryOf } from '../stream-name';
import { Upcasters } from '../upcasters';

/**
 * The event store in memory, for unit and API tests. Same contract as the PostgreSQL adapter; every append is one
 * "transaction", so the global order is simply the append order. Effects passed to advanceCheckpoint get an executor
 * that refuses SQL: processors with SQL read models need a real database.
 */
export class InMemoryEventStore extends EventStore {
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly messageIds = new Set<string>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly notifier = new AppendNotifier();
  private nextPosition = 1;

  constructor(
    private readonly upcasters: Upcasters = new Upcasters(),
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length;
    const ids = events.map((e) => (e.messageId ?? randomUUID()).toLowerCase());
    const known = ids.filter((id) => this.messageIds.has(id));
    if (known.length === ids.length) return { nextExpectedVersion: current, duplicate: true };
    if (known.length > 0) throw new PartialDuplicateAppendError(stream, known);
    const expected = options.expectedVersion ?? 'any';
    if (expected !== 'any' && (expected === 'no_stream' ? 0 : expected) !== current) {
      throw new WrongExpectedVersionError(stream, expected, current);
    }
    const recordedAt = this.now().toISOString();
    const transactionId = String(this.nextPosition);
    let previousHash = existing.length ? existing[existing.length - 1].hash : GENESIS_HASH;
    const recorded = events.map((event, index): RecordedEvent => {
      const messageId = ids[index];
      // A JSON round trip, as a real store does: callers can't mutate what was stored.
      const data = JSON.parse(JSON.stringify(event.data)) as unknown;
      const metadata = JSON.parse(JSON.stringify({ ...(event.metadata ?? {}), messageId, recordedAt }));
      const fields = {
        streamName: stream,
        streamPosition: current + index + 1,
        messageId,
        type: event.type,
        schemaVersion: event.schemaVersion ?? 1,
        data,
        metadata,
        recordedAt,
      };
      previousHash = chainHash(previousHash, fields);
      return {
        ...fields,
        category: categoryOf(stream),
        globalPosition: String(this.nextPosition++),
        transactionId,
        hash: previousHash,
      };
    });
    this.streams.set(stream, [...existing, ...recorded]);
    this.events.push(...recorded);
    ids.forEach((id) => this.messageIds.add(id));
    this.notifier.notify();
    return { nextExpectedVersion: current + events.length, duplicate: false };
  }

  async readStream(stream: string, { fromVersion = 0 }: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return (this.streams.get(stream) ?? []).filter((e) => e.streamPosition > fromVersion).map((e) => this.upcast(e));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = BigInt((options.after ?? START).globalPosition);
    const categories = options.categories && options.categories.length > 0 ? new Set(options.categories) : undefined;
    return this.events
      .filter((e) => BigInt(e.globalPosition) > after && (!categories || categories.has(e.category)))
      .slice(0, options.limit ?? 1000)
      .map((e) => this.upcast(e));
  }

  async readCheckpoint(processorId: string): Promise<Checkpoint> {
    return this.checkpoints.get(processorId) ?? START;
  }

  async advanceCheckpoint(
    processorId: string,
    expected: Checkpoint,
    next: Checkpoint,
    effect?: (tx: SqlExecutor) => Promise<void>,
  ): Promise<boolean> {
    const current = this.checkpoints.get(processorId) ?? START;
    if (current.transactionId !== expected.transactionId || current.globalPosition !== expected.globalPosition) {
      return false;
    }
    if (effect) await effect(noSql);
    this.checkpoints.set(processorId, next);
    return true;
  }

  async verifyStream(stream: string): Promise<StreamVerification> {
    return verifyChain(stream, this.streams.get(stream) ?? []);
  }

  onAppended(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  /** Test seam: alter a stored event in place, as an attacker with database access could. */
  tamper(stream: string, position: number, change: (event: RecordedEvent) => RecordedEvent): void {
    const events = this.streams.get(stream) ?? [];
    const index = events.findIndex((e) => e.streamPosition === position);
    if (index < 0) throw new Error(`no event ${stream}@${position}`);
    events[index] = change(events[index]);
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    const { data, schemaVersion } = this.upcasters.upcast(event.type, event.schemaVersion, event.data);
    return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
  }
}

const noSql: SqlExecutor = {
  query: () => Promise.reject(new Error('the in-memory event store has no SQL; use the PostgreSQL adapter')),
};
