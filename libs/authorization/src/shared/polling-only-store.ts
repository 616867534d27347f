import {
  type AppendOptions,
  type AppendResult,
  type Checkpoint,
  EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SqlExecutor,
  type StreamVerification,
} from '@roaming/event-store';

/**
 * The store as seen by a processor of rare events (remote commands, sessions): the same reads and writes, but no
 * wake-up after every append of this process. The hot path appends thousands of decisions a second; waking such a
 * processor for each batch would cost a query that finds nothing. It polls instead, at its poll interval.
 */
export class PollingOnlyStore extends EventStore {
  constructor(private readonly store: EventStore) {
    super();
  }

  append(streamName: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.store.append(streamName, events, options);
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

  override hasUnreadUpTo(after: Checkpoint, categories: readonly string[], head: string): Promise<boolean> {
    return this.store.hasUnreadUpTo(after, categories, head);
  }

  onAppended(): () => void {
    return () => undefined;
  }
}
