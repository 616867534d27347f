import { Logger } from '@nestjs/common';
import { type Checkpoint, type EventStore, type RecordedEvent } from '../event-store.port';
import type { SqlExecutor } from '../sql/database';

export interface ProcessorOptions {
  /** Stable id; its checkpoint row is `es.checkpoints.processor_id`. Rebuild = a new id (e.g. `:v2`). */
  processorId: string;
  store: EventStore;
  /** Stream categories to read; empty = all. */
  categories: readonly string[];
  /**
   * The event types it handles; absent = all. The others of its categories are passed over without their payload
   * and never reach `handle`/`deliver`, and the checkpoint still moves past them: several processors of one busy
   * category (a CDR's CdrReceived and CdrForwarded are kilobytes each) then parse only what they use.
   */
  types?: readonly string[];
  /**
   * The effect of one batch. Runs in the transaction that also moves the checkpoint, so a read model write and the
   * checkpoint commit together: a crash in between leaves neither, and the batch is handled again.
   */
  handle?: (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<void>;
  /**
   * An effect outside this database (e.g. producing to Kafka, or to the in-process bus whose consumers open their
   * own transactions): it runs and must be acknowledged BEFORE the checkpoint transaction, never inside it.
   */
  deliver?: (events: readonly RecordedEvent[]) => Promise<void>;
  batchSize?: number;
  /** Idle poll for appends made by other processes. */
  pollIntervalMs?: number;
  logger?: Logger;
}

/** What an operator sees of a processor running in this process (GET /v1/admin/processors). */
export interface RunningProcessor {
  readonly processorId: string;
  readonly categories: readonly string[];
  /** The store it reads: tells apart the apps of a process that runs several (tests). */
  readonly store: EventStore;
  /** Whether this process holds its lease and does its work; false while another instance does (EventStore.leads). */
  readonly leading: boolean;
}

const runningInThisProcess = new Set<CheckpointedProcessor>();

/** How soon an instance that does not lead a processor asks for its lease again (the store may ask less often). */
const NOT_LEADING_RETRY_MS = 2_000;
/** Failed batches in a row after which a leader lets another instance try. */
const FAILURES_BEFORE_STEPPING_DOWN = 3;

/** The processors started and not yet stopped in this process. */
export function runningProcessors(): RunningProcessor[] {
  return [...runningInThisProcess].map((p) => ({
    processorId: p.processorId,
    categories: p.categories,
    store: p.store,
    leading: p.leading,
  }));
}

/**
 * Runs a processor (projection, forwarder, process manager) over the store in commit order, one batch at a time,
 * each batch committed with its checkpoint. Only one instance advances a checkpoint: a lost compare-and-set means
 * another instance is ahead, so this one re-reads its checkpoint and carries on from there.
 */
export class CheckpointedProcessor {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private unsubscribe?: () => void;
  private position?: Checkpoint;
  private readonly logger: Logger;
  private failures = 0;
  private isLeading = false;
  /** After failing batches in a row: not asking for the lease before then (Date.now() ms). */
  private standingDownUntil = 0;

  constructor(private readonly options: ProcessorOptions) {
    if (!options.handle === !options.deliver)
      throw new Error(`processor ${options.processorId}: give handle or deliver`);
    this.logger = options.logger ?? new Logger(`Processor ${options.processorId}`);
  }

  get processorId(): string {
    return this.options.processorId;
  }

  get categories(): readonly string[] {
    return this.options.categories;
  }

  get store(): EventStore {
    return this.options.store;
  }

  get leading(): boolean {
    return this.isLeading;
  }

  /** Handles everything appended so far, then returns. Errors propagate (tests, start-up). */
  async catchUp(timeoutMs = 30_000): Promise<number> {
    const { store, categories, processorId } = this.options;
    // Everything committed before this call must be handled when it returns. An empty read is not proof of that:
    // the store may hold back events committed behind an older transaction still running in another session.
    const head = await store.committedHead(categories);
    const deadline = Date.now() + timeoutMs;
    let handled = 0;
    for (;;) {
      const count = await this.runBatch();
      handled += count;
      if (count > 0) continue;
      if (head === undefined) return handled;
      const at = this.position ?? (await store.readCheckpoint(processorId));
      if (!(await store.hasUnreadUpTo(at, categories, head))) return handled;
      if (Date.now() > deadline) {
        this.logger.warn(`catch-up stopped after ${timeoutMs} ms: a transaction older than the head is still open`);
        return handled;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    runningInThisProcess.add(this);
    // Woken only by appends to its own categories (any, when it reads all or the store does not say which): with
    // dozens of processors in one process (the embedded clearing house), waking every one for every append made each
    // append cost dozens of reads.
    const mine = new Set(this.options.categories);
    this.unsubscribe = this.options.store.onAppended((appended) => {
      if (appended === undefined || mine.size === 0 || appended.some((c) => mine.has(c))) this.wake?.();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    runningInThisProcess.delete(this);
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
    this.isLeading = false;
    await this.options.store.stepDown(this.options.processorId);
  }

  /** Where the processor is (after its last committed batch). */
  async checkpoint(): Promise<Checkpoint> {
    return this.options.store.readCheckpoint(this.options.processorId);
  }

  private async run(): Promise<void> {
    while (this.running) {
      // Several instances on one database: only the lease holder reads and delivers. The others look again now and
      // then, and one of them takes over once the holder stops or its process dies.
      const standingDown = Date.now() < this.standingDownUntil;
      this.isLeading = !standingDown && (await this.options.store.leads(this.options.processorId));
      if (!this.isLeading) {
        await this.idle(NOT_LEADING_RETRY_MS);
        continue;
      }
      let handled = 0;
      try {
        handled = await this.runBatch();
        this.failures = 0;
      } catch (error) {
        // A failing batch is retried with growing back-off; it is never skipped, so nothing is lost.
        this.failures++;
        this.logger.error(`batch failed (attempt ${this.failures}): ${(error as Error).message}`);
        if (this.failures % FAILURES_BEFORE_STEPPING_DOWN === 0) {
          // What fails here may be this instance's alone (its Kafka producer, its network): another instance gets the
          // lease at its next attempt, which comes before this one asks again.
          this.isLeading = false;
          this.standingDownUntil = Date.now() + NOT_LEADING_RETRY_MS * 2;
          await this.options.store.stepDown(this.options.processorId);
          continue;
        }
        await this.idle(Math.min(100 * 2 ** this.failures, 10_000));
        continue;
      }
      // (not after stop(): a stop that came during the batch found no idle to cut short)
      if (handled === 0 && this.running) await this.idle(this.options.pollIntervalMs ?? 250);
    }
  }

  private async runBatch(): Promise<number> {
    const { store, processorId, categories, types } = this.options;
    const expected = this.position ?? (await store.readCheckpoint(processorId));
    const { events, next, scanned } = await store.readPage({
      after: expected,
      categories,
      types,
      limit: this.options.batchSize ?? 500,
    });
    if (next === undefined) {
      this.position = expected;
      return 0;
    }
    // At-least-once: a crash after delivery but before the checkpoint re-delivers the batch; consumers dedupe.
    if (this.options.deliver && events.length > 0) await this.options.deliver(events);
    const handle = this.options.handle;
    const advanced = await store.advanceCheckpoint(
      processorId,
      expected,
      next,
      handle && events.length > 0 ? (tx) => handle(events, tx) : undefined,
    );
    if (!advanced) {
      this.logger.warn('checkpoint moved by another instance; continuing from its position');
      this.position = undefined;
      return 0;
    }
    this.position = next;
    return scanned;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
