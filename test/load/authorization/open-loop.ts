import { Histogram } from '../src/measure/histogram';

export interface OpenLoopOptions {
  /** Requests per second to start, whatever the answers do (an open model: partners do not wait for each other). */
  rate: number;
  durationMs: number;
  /** Requests started before this much time has passed are sent but not measured. */
  warmupMs: number;
  send: (sequence: number) => Promise<string>;
}

export interface OpenLoopResult {
  /** Latency from the moment each request was due (not when it could go out): no coordinated omission. µs. */
  latency: Histogram;
  /** Outcome (e.g. `201 ACCEPTED`) → count, measured requests only. */
  outcomes: Map<string, number>;
  measured: number;
  /** Measured requests per second of the time they took to complete: the rate when the system kept up. */
  throughput: number;
  /** How far behind its schedule the driver itself fell at worst (ms): a healthy run stays near 0. */
  maxDispatchLagMs: number;
}

/**
 * Starts requests at a fixed rate for a fixed time and records each one's latency from its due time. Dispatches in
 * 1 ms ticks: every tick starts all requests due by then, so the rate holds even when a tick comes late.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const latency = new Histogram();
  const outcomes = new Map<string, number>();
  const intervalMs = 1000 / options.rate;
  const total = Math.floor((options.rate * (options.warmupMs + options.durationMs)) / 1000);
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const pending = new Set<Promise<void>>();
  let measured = 0;
  let lastDoneAt = measureFrom;
  let maxDispatchLagMs = 0;
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && start + next * intervalMs <= now) {
      const dueAt = start + next * intervalMs;
      maxDispatchLagMs = Math.max(maxDispatchLagMs, now - dueAt);
      const sequence = next++;
      const inWindow = dueAt >= measureFrom;
      const request = options.send(sequence).then(
        (outcome) => outcome,
        (error: unknown) =>
          `ERROR ${error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error)}`,
      );
      const tracked: Promise<void> = request.then((outcome) => {
        const doneAt = performance.now();
        pending.delete(tracked);
        if (!inWindow) return;
        measured++;
        latency.record((doneAt - dueAt) * 1000);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        lastDoneAt = Math.max(lastDoneAt, doneAt);
      });
      pending.add(tracked);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return {
    latency,
    outcomes,
    measured,
    throughput: measured / (Math.max(lastDoneAt - measureFrom, options.durationMs) / 1000),
    maxDispatchLagMs,
  };
}
