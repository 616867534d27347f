import { CircuitBreaker } from './circuit-breaker';

describe('circuit breaker per partner (IEC 63119-2 UC4-1: a silent home EVSP must not slow every request)', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, now: () => now });

  beforeEach(() => {
    now = 0;
  });

  it('stays closed while calls succeed or fail fewer times in a row than the threshold', () => {
    const circuit = breaker();
    circuit.failed();
    circuit.failed();
    circuit.succeeded();
    circuit.failed();
    circuit.failed();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('opens after the threshold of failures in a row and refuses calls while open', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.failed();
    expect(circuit.state).toBe('open');
    now = 999;
    expect(circuit.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through once the open period has passed; its success closes the circuit', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.failed();
    now = 1_000;
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    circuit.succeeded();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('opens again for a whole period when the probe fails', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.failed();
    now = 1_500;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.failed();
    expect(circuit.state).toBe('open');
    now = 2_499;
    expect(circuit.tryAcquire()).toBe(false);
    now = 2_500;
    expect(circuit.tryAcquire()).toBe(true);
  });
});
