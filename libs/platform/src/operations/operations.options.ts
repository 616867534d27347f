import type { Command, Decider, DomainEvent } from '@roaming/shared-kernel';

/** How an aggregate's state is rebuilt for "state as of": its decider's initial state and evolve, per category. */
export interface CategoryDecider {
  /** The stream category, e.g. `authorization`, `cdr`, `agreement`. */
  category: string;
  /** Method syntax keeps every context's decider assignable whatever its state and event types. */
  decider: Pick<Decider<unknown, Command, DomainEvent>, 'initialState' | 'evolve'>;
}

export interface OperationsOptions {
  /**
   * Topics this app consumes. Their dead-letter topics (`<topic>.dlq`) are captured into the app's own store, where
   * the operator lists, inspects, replays or discards them.
   */
  consumedTopics?: readonly string[];
  /** Deciders of the aggregates this app owns, for auditors' "state as of a time". */
  deciders?: readonly CategoryDecider[];
  /** How often a signed anchor is recorded (default 60 000 ms); 0 = only on demand. */
  anchorIntervalMs?: number;
  /** How long HTTP traces wait in memory before they are appended (default 200 ms). */
  traceFlushIntervalMs?: number;
}

export const OPERATIONS_OPTIONS = Symbol('operations options');

/** The schema of an app's own operational tables: `ops_clearing_house`, `ops_authorization`, … */
export function operationsSchema(appName: string): string {
  return `ops_${appName.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
}
