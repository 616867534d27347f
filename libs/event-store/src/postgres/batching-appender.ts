import type { AppendResult } from '../event-store.port';
import type { Database, SqlExecutor } from '../sql/database';

/** Group commit: many appends share one transaction, hence one round trip per statement and one WAL flush. */
export interface GroupCommitOptions {
  /** Most appends in one transaction (default 256). */
  maxBatchSize?: number;
  /**
   * Transactions in flight at once (default 2). While they run, new appends queue up and leave together in the
   * next one: the batch grows with the load, and an append that finds nothing in flight leaves at once, so a
   * quiet system waits for no timer.
   */
  maxConcurrentFlushes?: number;
}

/** One append waiting in the queue. */
export interface QueuedAppend<Request> {
  request: Request;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * What a batch's transaction produced for each of its appends, in order: a result, or the error of that append
 * alone (a wrong expected version, a partial duplicate). One append's refusal never fails the others.
 */
export type BatchOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface BatchingAppenderOptions<Request> extends GroupCommitOptions {
  database: Database;
  /** Writes every append of the batch inside `tx` and says how each went. */
  writeBatch: (tx: SqlExecutor, requests: readonly Request[]) => Promise<BatchOutcome[]>;
  /**
   * Appends one request alone, in its own transaction: used when a batch's transaction failed for a reason that
   * certainly rolled it back (a conflict with a writer outside the batch, a deadlock), so that the appends that
   * can go through still do and the one that conflicts gets its own, precise answer.
   */
  writeOne: (request: Request) => Promise<AppendResult>;
  /** Called once per committed batch that appended something, with those appends (wakes this process's processors). */
  committed?: (appended: readonly Request[]) => void;
}

/**
 * Queues appends and writes them in batches, each batch one transaction: the store's group commit. Every append
 * keeps its own guarantees (its stream's expected version, idempotent message ids, its hash chain) because the
 * batch writer judges each append on the state left by the ones before it in the same batch. A caller's promise
 * resolves only after the transaction holding its events committed: durable before anyone is answered.
 */
export class BatchingAppender<Request> {
  private readonly queue: QueuedAppend<Request>[] = [];
  private inFlight = 0;
  private readonly maxBatchSize: number;
  private readonly maxConcurrentFlushes: number;

  constructor(private readonly options: BatchingAppenderOptions<Request>) {
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 256);
    this.maxConcurrentFlushes = Math.max(1, options.maxConcurrentFlushes ?? 2);
  }

  append(request: Request): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.drain();
    });
  }

  /** Appends waiting for a transaction (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    while (this.inFlight < this.maxConcurrentFlushes && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async flush(batch: QueuedAppend<Request>[]): Promise<void> {
    let outcomes: BatchOutcome[];
    try {
      outcomes = await this.options.database.transaction((tx) =>
        this.options.writeBatch(
          tx,
          batch.map((queued) => queued.request),
        ),
      );
    } catch (error) {
      if (!rolledBackForSure(error)) {
        // The commit's fate is unknown (e.g. the connection broke): retrying could append twice, so say so.
        batch.forEach((queued) => queued.reject(error));
        return;
      }
      await Promise.all(
        batch.map((queued) => this.options.writeOne(queued.request).then(queued.resolve, queued.reject)),
      );
      return;
    }
    const appended = batch.filter((_, i) => {
      const outcome = outcomes[i];
      return outcome.ok && !outcome.result.duplicate;
    });
    if (appended.length > 0) this.options.committed?.(appended.map((queued) => queued.request));
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) batch[index].resolve(outcome.result);
      else batch[index].reject(outcome.error);
    });
  }
}

/**
 * Errors after which PostgreSQL has certainly rolled the transaction back: integrity violations (class 23, e.g. a
 * message id another writer stored meanwhile) and transaction rollbacks (class 40: deadlock, serialization).
 */
function rolledBackForSure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('23') || code.startsWith('40'));
}
