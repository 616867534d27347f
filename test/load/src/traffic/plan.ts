import type { Random } from '../scenario/random';
import type { World } from '../scenario/world';

/** A day has 1 440 minutes; sessions starting late may end (and send their CDR) a little after midnight. */
export const DAY_MINUTES = 1440;

/** The planned channel; an embedded target without a broker carries `kafka` steps on its in-process bus. */
export type PlannedDoor = 'http' | 'kafka';

/** One request of the day, at a simulated minute, possibly needing the result of an earlier step. */
export interface PlannedStep<Input = unknown> {
  /** Unique in the plan, e.g. 's42.auth'. */
  key: string;
  /** Simulated minute of the day; the run maps it onto wall-clock time. */
  minute: number;
  /** Name of the operation handler that executes it. */
  operation: string;
  door: PlannedDoor;
  /** Key of the step whose result this one needs (the authorization before its CDR, the previous pull's cursor). */
  after?: string;
  /** Plain data for the handler; only the source that planned it and its handler know the shape. */
  input: Input;
}

/**
 * A kind of traffic of the day: it plans its steps from the world and its own random stream. Sources are the
 * pluggable part of the mix: a context that lands (EVSE status, sessions, disputes, period closing) adds a source
 * and the handlers of its operations, and nothing else changes.
 */
export interface TrafficSource {
  readonly name: string;
  /** The operations its steps use (each needs a handler). */
  readonly operations: readonly string[];
  plan(world: World, random: Random): PlannedStep[];
}

export interface TrafficPlan {
  /** Ordered by minute, then key (deterministic). */
  steps: PlannedStep[];
  /** The minute of the last step. */
  lastMinute: number;
  countsByOperation: Record<string, number>;
}

/** Plans the day: every source with its own random stream (adding a source leaves the others' steps unchanged). */
export function planDay(
  world: World,
  sources: readonly TrafficSource[],
  randomFor: (source: string) => Random,
): TrafficPlan {
  const steps: PlannedStep[] = [];
  for (const source of sources) steps.push(...source.plan(world, randomFor(source.name)));
  steps.sort((a, b) => a.minute - b.minute || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = new Set<string>();
  for (const step of steps) {
    if (keys.has(step.key)) throw new Error(`two planned steps share the key ${step.key}`);
    keys.add(step.key);
  }
  for (const step of steps) {
    if (step.after !== undefined && !keys.has(step.after)) {
      throw new Error(`step ${step.key} needs ${step.after}, which is not planned`);
    }
  }
  const countsByOperation: Record<string, number> = {};
  for (const step of steps) countsByOperation[step.operation] = (countsByOperation[step.operation] ?? 0) + 1;
  return { steps, lastMinute: steps.length > 0 ? steps[steps.length - 1].minute : 0, countsByOperation };
}
