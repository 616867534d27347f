import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventStore, type NewEvent, PartialDuplicateAppendError } from '@roaming/event-store';
import { randomUUID } from 'crypto';
import { AppConfig } from '../../config/app-config';
import { OPERATIONS_OPTIONS, type OperationsOptions } from '../operations.options';
import { type HttpCallTrace, type HttpCallTraced, httpTraceStream } from './http-trace.events';

const DEFAULT_FLUSH_INTERVAL_MS = 200;
/** A flush appends at most this many traces per stream in one go. */
const BATCH = 500;
/** While the store refuses appends, at most this many traces wait; beyond it the oldest are dropped and logged. */
const MAX_BUFFERED = 100_000;

interface PendingTrace {
  messageId: string;
  trace: HttpCallTrace;
}

/**
 * Keeps HTTP traces off the request's path: a call only pushes its trace into memory; a timer appends what
 * accumulated, in batches, to `httpTrace-<app>+<day>`. Each trace has its message id from the start, so a flush
 * retried after an unclear failure does not record it twice.
 *
 * The price, stated plainly: traces still in memory (at most one flush interval's worth, 200 ms by default) are lost
 * if the process crashes; an orderly shutdown flushes them. The events a call caused are never at risk: they were
 * appended by the call itself.
 */
@Injectable()
export class HttpTraceRecorder {
  private readonly logger = new Logger(HttpTraceRecorder.name);
  private pending: PendingTrace[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private dropped = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly store: EventStore,
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
  ) {}

  record(trace: HttpCallTrace): void {
    this.pending.push({ messageId: randomUUID(), trace });
    if (this.pending.length > MAX_BUFFERED) {
      const excess = this.pending.length - MAX_BUFFERED;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.traceFlushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the timer and appends what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Appends everything recorded so far (tests call it to see their traces without waiting for the timer). */
  flush(): Promise<void> {
    this.flushing ??= this.appendPending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** A batch that was partly stored by an earlier, unclear attempt: append only the traces not stored yet. */
  private async appendOnce(stream: string, events: NewEvent[]): Promise<void> {
    try {
      await this.store.append(stream, events);
    } catch (error) {
      if (!(error instanceof PartialDuplicateAppendError)) throw error;
      const known = new Set(error.knownMessageIds);
      await this.store.append(
        stream,
        events.filter((e) => !known.has(e.messageId ?? '')),
      );
    }
  }

  private async appendPending(): Promise<void> {
    if (this.dropped > 0) {
      this.logger.error(`${this.dropped} HTTP traces were dropped while the event store refused appends`);
      this.dropped = 0;
    }
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      const byStream = new Map<string, PendingTrace[]>();
      for (const entry of batch) {
        const stream = httpTraceStream(this.config.appName, entry.trace.receivedAt.slice(0, 10));
        byStream.set(stream, [...(byStream.get(stream) ?? []), entry]);
      }
      try {
        for (const [stream, entries] of byStream) {
          const events: NewEvent[] = entries.map(({ messageId, trace }) => ({
            type: 'HttpCallTraced' satisfies HttpCallTraced['type'],
            data: trace,
            messageId,
            metadata: { actor: trace.partnerId ?? 'anonymous', correlationId: trace.correlationId ?? undefined },
          }));
          await this.appendOnce(stream, events);
          entries.length = 0;
        }
      } catch (error) {
        // Put back what was not appended, in order; the next tick tries again.
        this.pending.unshift(...[...byStream.values()].flat());
        this.logger.warn(`could not append HTTP traces (will retry): ${(error as Error).message}`);
        return;
      }
    }
  }
}
