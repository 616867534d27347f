import type { AuditReader } from './audit-reader';

/** What replaying needs of a decider: its initial state and evolve (structural: no shared-kernel types here). */
export interface Fold<State> {
  initialState(): State;
  evolve(state: State, event: { type: string; data: unknown }): State;
}

export interface CategoryReplay<State> {
  /** Each stream's state and the number of events folded into it. */
  streams: Map<string, { state: State; version: number }>;
  events: number;
}

/**
 * Folds every stream of a category from the store, in commit order, as of a time (inclusive) or now. Events are
 * read as stored: a category whose events were upcast needs its upcasters applied by the caller's fold.
 */
export async function replayCategory<State>(
  reader: AuditReader,
  category: string,
  fold: Fold<State>,
  options: { asOf?: string; batchSize?: number } = {},
): Promise<CategoryReplay<State>> {
  const streams = new Map<string, { state: State; version: number }>();
  // recorded_at has millisecond precision (it is the ISO string the store hashed): "up to and including asOf".
  const toTime = options.asOf === undefined ? undefined : new Date(Date.parse(options.asOf) + 1).toISOString();
  let events = 0;
  for await (const batch of reader.foldableEvents([category], toTime, options.batchSize)) {
    for (const event of batch) {
      const current = streams.get(event.streamName) ?? { state: fold.initialState(), version: 0 };
      current.state = fold.evolve(current.state, event);
      current.version = event.streamPosition;
      streams.set(event.streamName, current);
    }
    events += batch.length;
  }
  return { streams, events };
}
