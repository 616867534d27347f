import { Decider, DomainError } from '@roaming/shared-kernel';
import { deciderSpec } from './decider-spec';

/** A tiny counter aggregate to exercise the helper. */
type CounterEvent = { type: 'Incremented'; data: { by: number } } | { type: 'Closed'; data: Record<string, never> };
type CounterCommand = { type: 'Increment'; data: { by: number } } | { type: 'Close'; data: Record<string, never> };
interface CounterState {
  total: number;
  closed: boolean;
}

const counter: Decider<CounterState, CounterCommand, CounterEvent> = {
  initialState: () => ({ total: 0, closed: false }),
  decide(command, state) {
    switch (command.type) {
      case 'Increment':
        if (state.closed) throw DomainError.illegalState('COUNTER_CLOSED', 'the counter is closed');
        if (command.data.by <= 0) throw DomainError.validation('COUNTER_STEP_INVALID', 'step must be positive');
        return [{ type: 'Incremented', data: { by: command.data.by } }];
      case 'Close':
        return state.closed ? [] : [{ type: 'Closed', data: {} }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'Incremented':
        return { ...state, total: state.total + event.data.by };
      case 'Closed':
        return { ...state, closed: true };
    }
  },
};

const incremented = (by: number): CounterEvent => ({ type: 'Incremented', data: { by } });
const closed: CounterEvent = { type: 'Closed', data: {} };

describe('deciderSpec', () => {
  it('asserts the produced events and returns the state after them', () => {
    const state = deciderSpec(counter)
      .given([incremented(2)])
      .when({ type: 'Increment', data: { by: 3 } })
      .then([incremented(3)]);
    expect(state).toEqual({ total: 5, closed: false });
  });

  it('starts from the initial state without given', () => {
    deciderSpec(counter)
      .when({ type: 'Increment', data: { by: 1 } })
      .then([incremented(1)]);
  });

  it('fails when the events differ', () => {
    expect(() =>
      deciderSpec(counter)
        .when({ type: 'Increment', data: { by: 1 } })
        .then([incremented(2)]),
    ).toThrow(/toEqual/);
  });

  it('asserts a refusal by DomainError code and kind', () => {
    const error = deciderSpec(counter)
      .given([closed])
      .when({ type: 'Increment', data: { by: 1 } })
      .thenThrows('COUNTER_CLOSED', 'illegalState');
    expect(error).toBeInstanceOf(DomainError);
  });

  it('fails thenThrows when the code or kind differs', () => {
    const spec = () =>
      deciderSpec(counter)
        .given([closed])
        .when({ type: 'Increment', data: { by: 1 } });
    expect(() => spec().thenThrows('COUNTER_STEP_INVALID')).toThrow(/COUNTER_CLOSED/);
    expect(() => spec().thenThrows('COUNTER_CLOSED', 'validation')).toThrow(/illegalState/);
  });

  it('fails thenThrows when the command succeeds, naming the events it produced', () => {
    expect(() =>
      deciderSpec(counter)
        .when({ type: 'Increment', data: { by: 1 } })
        .thenThrows('COUNTER_CLOSED'),
    ).toThrow(/produced \[\{"type":"Incremented"/);
  });

  it('fails thenThrows on an error that is not a DomainError', () => {
    const broken: typeof counter = {
      ...counter,
      decide: () => {
        throw new TypeError('boom');
      },
    };
    expect(() => deciderSpec(broken).when({ type: 'Close', data: {} }).thenThrows('X')).toThrow(
      /threw TypeError: boom/,
    );
  });

  it('asserts that nothing happened', () => {
    const state = deciderSpec(counter).given([closed]).when({ type: 'Close', data: {} }).thenNothing();
    expect(state.closed).toBe(true);
    expect(() => deciderSpec(counter).when({ type: 'Close', data: {} }).thenNothing()).toThrow(/toEqual/);
  });

  it('fails then when evolve cannot take an event decide produced', () => {
    const strict: typeof counter = {
      ...counter,
      evolve: (state, event) => {
        if (event.type === 'Closed') throw new Error('evolve forgot Closed');
        return counter.evolve(state, event);
      },
    };
    expect(() => deciderSpec(strict).when({ type: 'Close', data: {} }).then([closed])).toThrow('evolve forgot Closed');
  });
});
