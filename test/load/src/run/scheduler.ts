import type { StepResult } from '../traffic/operation';
import type { PlannedStep } from '../traffic/plan';

export type Pacing =
  /** Open model: each step is due at its planned time, whether or not earlier ones have finished. */
  | { kind: 'schedule'; msPerMinute: number; maxInFlight: number }
  /** Closed loop: as fast as the system answers, `concurrency` steps at a time. */
  | { kind: 'max'; concurrency: number };

export interface StepTiming {
  /**
   * When the step should have started: its planned time, or when the step it needs completed if that was later.
   * Latency is measured from here, so a backlog (the system is slow, the step waited) shows in the figures instead
   * of being hidden: no coordinated omission. As fast as possible, it is when the step got its slot.
   */
  intendedAt: number;
  startedAt: number;
  completedAt: number;
}

export interface ScheduleSummary {
  startedAt: number;
  finishedAt: number;
  executed: number;
  /** Steps not run because what they needed failed, by operation. */
  skipped: Record<string, number>;
  /** Steps dispatched more than 100 ms after they were due (the harness itself fell behind), a health figure. */
  lateDispatches: number;
}

interface Done {
  result: StepResult;
  completedAt: number;
}

export interface ScheduleHooks {
  execute(step: PlannedStep, dependency: StepResult | undefined): Promise<StepResult>;
  completed(step: PlannedStep, result: StepResult, timing: StepTiming): void;
  now?: () => number;
}

const LATE_MS = 100;

/** Runs the steps in plan order under the given pacing; resolves when every step has completed. */
export async function runSchedule(
  steps: readonly PlannedStep[],
  pacing: Pacing,
  hooks: ScheduleHooks,
): Promise<ScheduleSummary> {
  const now = hooks.now ?? (() => performance.now());
  const startedAt = now();
  const done = new Map<string, Promise<Done>>();
  const skipped: Record<string, number> = {};
  const limit = pacing.kind === 'schedule' ? pacing.maxInFlight : pacing.concurrency;
  let inFlight = 0;
  let lateDispatches = 0;
  let executed = 0;
  let slotFreed: (() => void) | undefined;
  let allSettled: (() => void) | undefined;
  // Results are kept only until their last dependent took them: a long day keeps memory flat.
  const dependents = new Map<string, number>();
  for (const step of steps)
    if (step.after !== undefined) dependents.set(step.after, (dependents.get(step.after) ?? 0) + 1);

  for (const step of steps) {
    const due = pacing.kind === 'schedule' ? startedAt + step.minute * pacing.msPerMinute : startedAt;
    // Never early: a step dispatched before its due time would show less latency than it had.
    while (due - now() > 0) await sleep(Math.max(1, due - now()));
    while (inFlight >= limit) await new Promise<void>((resolve) => (slotFreed = resolve));
    const dispatchedAt = now();
    if (pacing.kind === 'schedule' && dispatchedAt - due > LATE_MS) lateDispatches++;
    const dependency = step.after === undefined ? undefined : done.get(step.after);
    if (step.after !== undefined) {
      const left = (dependents.get(step.after) ?? 1) - 1;
      if (left <= 0) {
        dependents.delete(step.after);
        done.delete(step.after);
      } else dependents.set(step.after, left);
    }
    inFlight++;
    const completion = (async (): Promise<Done> => {
      try {
        const needed = dependency ? await dependency : undefined;
        const intendedAt =
          pacing.kind === 'schedule' ? Math.max(due, needed?.completedAt ?? due) : Math.max(dispatchedAt, now());
        const start = now();
        let result: StepResult;
        try {
          result = await hooks.execute(step, needed?.result);
        } catch (error) {
          result = {
            outcome: `HARNESS_ERROR:${error instanceof Error ? error.message : String(error)}`,
            expected: false,
          };
        }
        const completedAt = now();
        if (result.skipped) skipped[step.operation] = (skipped[step.operation] ?? 0) + 1;
        else {
          executed++;
          hooks.completed(step, result, { intendedAt, startedAt: start, completedAt });
        }
        return { result, completedAt };
      } finally {
        inFlight--;
        const wake = slotFreed;
        slotFreed = undefined;
        wake?.();
        if (inFlight === 0) allSettled?.();
      }
    })();
    if (dependents.has(step.key)) done.set(step.key, completion);
  }
  if (inFlight > 0) await new Promise<void>((resolve) => (allSettled = resolve));
  return { startedAt, finishedAt: now(), executed, skipped, lateDispatches };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
