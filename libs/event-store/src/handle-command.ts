import { CLEARING_HOUSE_NAMESPACE, type Command, type Decider, type DomainEvent, uuidV5 } from '@roaming/shared-kernel';
import {
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type RecordedEvent,
  WrongExpectedVersionError,
} from './event-store.port';
import type { SqlExecutor } from './sql/database';

export interface HandleCommandOptions {
  /** Stamped on every new event: correlation id, causation id, acting party. */
  metadata?: EventMetadata;
  /** A version the client saw (If-Match): a mismatch is reported, never retried. */
  expectedVersion?: ExpectedVersion;
  /** How often to re-decide when another writer got in first (only without a client-supplied version). */
  retryOnConflict?: number;
  /**
   * Makes the new events' message ids a function of this key, so that a retried request (same Idempotency-Key,
   * same Kafka message id) that decides the same events again is recognised by the store as already applied.
   */
  idempotencyKey?: string;
  /** Append inside the caller's transaction. */
  tx?: SqlExecutor;
  /**
   * The stream is expected not to exist yet (its id was just made up): decide on the initial state without reading
   * it, and append only if it is still empty. Saves a round trip on hot paths; should the stream exist after all,
   * the command is decided again on its history, as without this option.
   */
  newStream?: boolean;
}

export interface HandleCommandResult<State, Event> {
  /** Events this command appended; empty when the decision changed nothing or was a replay. */
  newEvents: Event[];
  state: State;
  nextExpectedVersion: number;
  /** True when the idempotency key had already been applied. */
  replayed: boolean;
}

/**
 * The one way a command changes the world: read the stream, fold it, decide, append with the version read.
 * Deciders stay pure; this function supplies history, version checks, metadata and idempotency.
 */
export async function handleCommand<State, Cmd extends Command, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<State, Cmd, Event>,
  command: Cmd,
  options: HandleCommandOptions = {},
): Promise<HandleCommandResult<State, Event>> {
  const clientVersion = options.expectedVersion;
  let attemptsLeft = clientVersion === undefined ? (options.retryOnConflict ?? 3) : 0;
  let assumeNew = options.newStream === true && clientVersion === undefined;
  for (;;) {
    const history = assumeNew ? [] : await store.readStream(stream, { tx: options.tx });
    const version = history.length === 0 ? 0 : history[history.length - 1].streamPosition;
    const state = history.reduce((s, e) => decider.evolve(s, asDomainEvent<Event>(e)), decider.initialState());
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) return { newEvents, state, nextExpectedVersion: version, replayed: false };
    try {
      const result = await store.append(
        stream,
        newEvents.map((event, index) => ({
          type: event.type,
          data: event.data,
          metadata: options.metadata,
          messageId: options.idempotencyKey
            ? uuidV5(`${stream}:${options.idempotencyKey}:${index}`, CLEARING_HOUSE_NAMESPACE)
            : undefined,
        })),
        { expectedVersion: clientVersion ?? (assumeNew ? 'no_stream' : version), tx: options.tx },
      );
      if (result.duplicate) {
        const replayedState = (await store.readStream(stream, { tx: options.tx })).reduce(
          (s, e) => decider.evolve(s, asDomainEvent<Event>(e)),
          decider.initialState(),
        );
        return { newEvents: [], state: replayedState, nextExpectedVersion: result.nextExpectedVersion, replayed: true };
      }
      const finalState = newEvents.reduce((s, e) => decider.evolve(s, e), state);
      return { newEvents, state: finalState, nextExpectedVersion: result.nextExpectedVersion, replayed: false };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && assumeNew) {
        // It existed after all: decide again on what it holds (inside a transaction too: nothing was written).
        assumeNew = false;
        continue;
      }
      if (error instanceof WrongExpectedVersionError && attemptsLeft > 0 && !options.tx) {
        attemptsLeft--;
        continue;
      }
      throw error;
    }
  }
}

/** Reads a stream into the decider's state (for queries that need the aggregate itself). */
export async function loadState<State, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<State, Command, Event>, 'initialState' | 'evolve'>,
  tx?: SqlExecutor,
): Promise<{ state: State; version: number }> {
  const history = await store.readStream(stream, { tx });
  const state = history.reduce((s, e) => decider.evolve(s, asDomainEvent<Event>(e)), decider.initialState());
  return { state, version: history.length === 0 ? 0 : history[history.length - 1].streamPosition };
}

export function asDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}
