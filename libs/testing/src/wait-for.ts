export interface WaitForOptions {
  /** What is awaited, in words; it heads the timeout error ("projection cdr-summary reached position 42"). */
  readonly description: string;
  /** Give up after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Pause between two checks. Default 50 ms. */
  readonly intervalMs?: number;
}

/** Thrown when the awaited condition did not hold in time; `cause` is the last error the condition threw, if any. */
export class WaitForTimeoutError extends Error {
  constructor(
    readonly description: string,
    readonly timeoutMs: number,
    readonly attempts: number,
    lastError: unknown,
  ) {
    super(
      `timed out after ${timeoutMs} ms (${attempts} checks) waiting for: ${description}` +
        (lastError === undefined ? '' : `; last check threw: ${errorText(lastError)}`),
      { cause: lastError },
    );
    this.name = 'WaitForTimeoutError';
  }
}

type Pending = undefined | null | false;

/**
 * Polls `condition` until it returns a value other than undefined, null or false, and returns that value. Tests use
 * it to wait for a checkpoint, a consumer offset or a row to appear, never a fixed sleep: the test moves on as soon
 * as the system is there and fails with `description` when it never gets there. A condition that throws counts as
 * "not yet" (a table that does not exist yet, a broker still starting); its last error is kept for the timeout error.
 * Uses real timers: do not combine with Jest fake timers.
 */
export async function waitFor<T>(
  condition: () => Promise<T | Pending> | T | Pending,
  options: WaitForOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastError: unknown = undefined;

  for (;;) {
    attempts += 1;
    try {
      const result = await condition();
      if (result !== undefined && result !== null && result !== false) return result;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new WaitForTimeoutError(options.description, timeoutMs, attempts, lastError);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, remaining)));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The slice of the event store port that waitForProcessor needs (kept structural: testing imports no adapter). */
interface CheckpointReader {
  readCheckpoint(processorId: string): Promise<{ transactionId: string; globalPosition: string }>;
  committedHead?(categories: readonly string[]): Promise<string | undefined>;
  hasUnreadUpTo?(
    after: { transactionId: string; globalPosition: string },
    categories: readonly string[],
    head: string,
  ): Promise<boolean>;
  readAll(options: {
    after?: { transactionId: string; globalPosition: string };
    categories?: readonly string[];
    limit?: number;
  }): Promise<unknown[]>;
}

/**
 * Waits until a checkpointed processor (projection, forwarder) has handled every event of its categories that is in
 * the store now: nothing is left after its checkpoint.
 */
export async function waitForProcessor(
  store: CheckpointReader,
  processorId: string,
  categories: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  // What is committed now; an empty category read alone could be the store's gap-safety horizon holding back.
  const head = await store.committedHead?.(categories);
  await waitFor(
    async () => {
      const after = await store.readCheckpoint(processorId);
      if ((await store.readAll({ after, categories, limit: 1 })).length > 0) return false;
      return head === undefined || !store.hasUnreadUpTo || !(await store.hasUnreadUpTo(after, categories, head));
    },
    { timeoutMs, intervalMs: 50, description: `processor ${processorId} to catch up with ${categories.join(', ')}` },
  );
}
