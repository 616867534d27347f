/**
 * A decider is the whole behaviour of one event-sourced aggregate as two pure functions.
 * Time, ids and looked-up data arrive inside the command; nothing here does I/O.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<State, Cmd extends Command, Event extends DomainEvent> {
  /** The state of a stream that has no events yet. */
  initialState(): State;
  /** Which events a command produces in a given state. Throws a DomainError for a broken invariant. */
  decide(command: Cmd, state: State): Event[];
  /** Folds one event into the state. Must never throw for an event it once produced. */
  evolve(state: State, event: Event): State;
}

/** Folds a history of events into the state of the decider. */
export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, Command, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
