import {
  type AppendManyOutcome,
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type Checkpoint,
  EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadPage,
  type ReadPageOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SqlExecutor,
  type StreamVerification,
} from '@roaming/event-store';

/**
 * How often the processors of the decisions (projection, forwarder) may be woken: at most this much later than the
 * decision they handle, in batches that many milliseconds of the hot path fill.
 */
export const HOT_CATEGORY_WAKE_MS = 25;

/**
 * The store as a processor sees it, with fewer wake-ups: the same reads and writes, but the wake-up after this
 * process's appends comes at most once per `wakeAtMostEveryMs` (and never with `null`: the processor then only
 * polls). The hot path commits a batch of decisions every few milliseconds; a processor woken for each would read,
 * publish and move its checkpoint that often, a handful of statements for a handful of events. Woken at most every
 * few tens of milliseconds it handles the same events in fewer, larger batches, at that much more delay.
 */
export class ThrottledWakeStore extends EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly wakeAtMostEveryMs: number | null,
  ) {
    super();
  }

  append(streamName: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.store.append(streamName, events, options);
  }

  // The port's defaults for these two would work through append/readAll and lose what the adapter does better (one
  // statement for a batch of appends; a typed page whose passed-over events come without their payload).
  override appendMany(requests: readonly AppendRequest[], tx: SqlExecutor): Promise<AppendManyOutcome[]> {
    return this.store.appendMany(requests, tx);
  }

  override readPage(options?: ReadPageOptions): Promise<ReadPage> {
    return this.store.readPage(options);
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  readCheckpoint(processorId: string): Promise<Checkpoint> {
    return this.store.readCheckpoint(processorId);
  }

  advanceCheckpoint(
    processorId: string,
    expected: Checkpoint,
    next: Checkpoint,
    effect?: (tx: SqlExecutor) => Promise<void>,
  ): Promise<boolean> {
    return this.store.advanceCheckpoint(processorId, expected, next, effect);
  }

  verifyStream(streamName: string): Promise<StreamVerification> {
    return this.store.verifyStream(streamName);
  }

  override committedHead(categories: readonly string[]): Promise<string | undefined> {
    return this.store.committedHead(categories);
  }

  override leads(processorId: string): Promise<boolean> {
    return this.store.leads(processorId);
  }

  override stepDown(processorId: string): Promise<void> {
    return this.store.stepDown(processorId);
  }

  override hasUnreadUpTo(after: Checkpoint, categories: readonly string[], head: string): Promise<boolean> {
    return this.store.hasUnreadUpTo(after, categories, head);
  }

  onAppended(listener: () => void): () => void {
    const every = this.wakeAtMostEveryMs;
    if (every === null) return () => undefined;
    let timer: NodeJS.Timeout | undefined;
    let last = 0;
    const fire = () => {
      timer = undefined;
      last = Date.now();
      listener();
    };
    const unsubscribe = this.store.onAppended(() => {
      if (timer) return;
      const wait = last + every - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }
}
