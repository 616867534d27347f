import { setTimeout as sleep } from 'timers/promises';

export const RETRY_INITIAL_DELAY_MS = 50;
export const RETRY_MAX_DELAY_MS = 2_000;

/** Back-off after the n-th failure (1-based): 50 ms, 100 ms, 200 ms, … capped at 2 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_INITIAL_DELAY_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_DELAY_MS);
}

/** Thrown when a message could not be finished before its subscription closed; it was not acknowledged. */
export class DeliveryAbandonedError extends Error {
  constructor(
    readonly groupId: string,
    readonly messageId: string | undefined,
  ) {
    super(`consumer group ${groupId}: delivery of message ${messageId ?? '(no message-id)'} abandoned on close`);
    this.name = 'DeliveryAbandonedError';
  }
}

/** Waits `ms` unless `signal` aborts first, in which case it resolves false. */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (error) {
    if (signal?.aborted) return false;
    throw error;
  }
}
