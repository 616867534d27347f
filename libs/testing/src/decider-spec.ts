import { Command, Decider, DomainError, DomainEvent, fold } from '@roaming/shared-kernel';

/**
 * Given/when/then for deciders, using Jest's `expect`:
 *
 *   deciderSpec(cdrDecider).given([cdrReceived]).when(forwardCdr).then([cdrForwarded]);
 *   deciderSpec(cdrDecider).given([cdrForwarded]).when(forwardCdr).thenThrows('CDR_ALREADY_FORWARDED');
 *   deciderSpec(cdrDecider).given([cdrForwarded]).when(forwardCdrAgain).thenNothing();
 *
 * `then` and `thenNothing` also fold the produced events into the state, because a decider's `evolve` must accept
 * every event its `decide` produces; they return that state for further assertions. Do not `await` the result of
 * `when(...)`: it has a `then` method, so JavaScript would treat it as a promise.
 */
export interface DeciderGiven<State, Cmd extends Command, Event extends DomainEvent> {
  when(command: Cmd): DeciderWhen<State, Event>;
}

export interface DeciderWhen<State, Event extends DomainEvent> {
  /** Asserts the command produced exactly these events, in order (deep equality). Returns the resulting state. */
  then(expectedEvents: readonly Event[]): State;
  /** Asserts the command was refused with a DomainError carrying this code (and this kind, if given). */
  thenThrows(code: string, kind?: DomainError['kind']): DomainError;
  /** Asserts the command produced no events (an idempotent repeat, for instance). Returns the unchanged state. */
  thenNothing(): State;
}

export interface DeciderSpecification<State, Cmd extends Command, Event extends DomainEvent> extends DeciderGiven<
  State,
  Cmd,
  Event
> {
  /** The stream's history before the command; omit `given` for a new stream. */
  given(events: readonly Event[]): DeciderGiven<State, Cmd, Event>;
}

export function deciderSpec<State, Cmd extends Command, Event extends DomainEvent>(
  decider: Decider<State, Cmd, Event>,
): DeciderSpecification<State, Cmd, Event> {
  const given = (history: readonly Event[]): DeciderGiven<State, Cmd, Event> => ({
    when: (command) => whenStep(decider, history, command),
  });
  return { given, when: (command) => given([]).when(command) };
}

function whenStep<State, Cmd extends Command, Event extends DomainEvent>(
  decider: Decider<State, Cmd, Event>,
  history: readonly Event[],
  command: Cmd,
): DeciderWhen<State, Event> {
  const decide = (): { state: State; events: Event[] } => {
    const state = fold(decider, history);
    return { state, events: decider.decide(command, state) };
  };

  return {
    then(expectedEvents) {
      const { state, events } = decide();
      expect(events).toEqual(expectedEvents);
      return events.reduce((current, event) => decider.evolve(current, event), state);
    },

    thenThrows(code, kind) {
      let produced: Event[] | undefined;
      let thrown: unknown;
      try {
        produced = decide().events;
      } catch (error) {
        thrown = error;
      }
      if (produced !== undefined) {
        throw new Error(
          `expected command ${command.type} to throw DomainError ${code}, but it produced ${JSON.stringify(produced)}`,
        );
      }
      if (!(thrown instanceof DomainError)) {
        throw new Error(`expected DomainError ${code}, but command ${command.type} threw ${String(thrown)}`, {
          cause: thrown,
        });
      }
      expect(thrown.code).toBe(code);
      if (kind !== undefined) expect(thrown.kind).toBe(kind);
      return thrown;
    },

    thenNothing() {
      const { state, events } = decide();
      expect(events).toEqual([]);
      return state;
    },
  };
}
