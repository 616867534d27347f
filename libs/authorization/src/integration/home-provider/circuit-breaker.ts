export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe may go out. */
  openMs: number;
  /** Milliseconds since the epoch; the hub's Clock, so that tests move time instead of waiting. */
  now: () => number;
}

/**
 * One partner's circuit: after `failureThreshold` failures in a row the hub stops calling it for `openMs` (each
 * request is answered at once by the timeout policy instead of waiting out the timeout again), then lets exactly one
 * probe through; its success closes the circuit, its failure opens it for another period.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.options.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now. In half-open state only one probe at a time does; the others are refused. */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.probeInFlight) return false;
        this.probeInFlight = true;
        return true;
    }
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = null;
    this.probeInFlight = false;
  }

  failed(): void {
    this.failures++;
    if (this.probeInFlight || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.options.now();
    }
    this.probeInFlight = false;
  }
}

/** The circuits of all partners, one each, created on first use (in this process: every instance judges alone). */
export class CircuitBreakers {
  private readonly circuits = new Map<string, CircuitBreaker>();

  constructor(private readonly options: CircuitBreakerOptions) {}

  of(partyId: string): CircuitBreaker {
    let circuit = this.circuits.get(partyId);
    if (!circuit) {
      circuit = new CircuitBreaker(this.options);
      this.circuits.set(partyId, circuit);
    }
    return circuit;
  }
}
