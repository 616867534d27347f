import { Histogram, type HistogramSnapshot } from './histogram';

/** How a request reached the system under test. */
export type Door = 'http' | 'kafka' | 'bus';

/** One finished operation, as the drivers report it. Times in ms on the performance clock. */
export interface Completion {
  operation: string;
  door: Door;
  /** When the operation should have started (the schedule), not when it did: see the scheduler. */
  intendedAt: number;
  completedAt: number;
  /** 'ACCEPTED', 'DENIED:UNKNOWN_TOKEN', 'FORWARDED', a problem+json code, 'HTTP_503', 'TIMEOUT', … */
  outcome: string;
  /** Whether the outcome is the one the scenario planned (a planned refusal is expected, a 500 never is). */
  expected: boolean;
}

export interface SeriesPoint {
  /** Start of the window, seconds since the phase started. */
  t: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatencyFigures {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface OperationFigures {
  operation: string;
  door: Door;
  count: number;
  /** Completions per second between the phase start and its last completion. */
  throughputPerSecond: number;
  latency: LatencyFigures;
  outcomes: Record<string, number>;
  /** Outcomes the scenario did not plan, by code: the error counts. */
  errors: Record<string, number>;
  series: SeriesPoint[];
}

const US_PER_MS = 1000;

export function latencyFigures(snapshot: HistogramSnapshot): LatencyFigures {
  const ms = (us: number) => Math.round(us) / US_PER_MS;
  return {
    count: snapshot.count,
    minMs: ms(snapshot.min),
    meanMs: ms(snapshot.mean),
    p50Ms: ms(snapshot.p50),
    p90Ms: ms(snapshot.p90),
    p95Ms: ms(snapshot.p95),
    p99Ms: ms(snapshot.p99),
    p999Ms: ms(snapshot.p999),
    maxMs: ms(snapshot.max),
  };
}

class OperationTrack {
  readonly latency = new Histogram(10);
  readonly outcomes = new Map<string, number>();
  readonly errors = new Map<string, number>();
  /** Coarser histograms per time window (3 % precision) keep the over-time charts cheap. */
  readonly windows = new Map<number, Histogram>();
  lastCompletedAt = 0;

  constructor(
    readonly operation: string,
    readonly door: Door,
  ) {}
}

/**
 * Collects the completions of one phase (onboarding, the day) per operation: a latency histogram in µs, outcome and
 * error counts, and per-window histograms for the charts.
 */
export class PhaseRecorder {
  private readonly tracks = new Map<string, OperationTrack>();

  constructor(
    /** performance.now() at the phase start. */
    readonly startedAt: number,
    readonly windowMs = 1000,
  ) {}

  record(c: Completion): void {
    const key = `${c.operation}|${c.door}`;
    let track = this.tracks.get(key);
    if (!track) {
      track = new OperationTrack(c.operation, c.door);
      this.tracks.set(key, track);
    }
    const latencyUs = Math.max(0, (c.completedAt - c.intendedAt) * US_PER_MS);
    track.latency.record(latencyUs);
    track.outcomes.set(c.outcome, (track.outcomes.get(c.outcome) ?? 0) + 1);
    if (!c.expected) track.errors.set(c.outcome, (track.errors.get(c.outcome) ?? 0) + 1);
    const window = Math.max(0, Math.floor((c.completedAt - this.startedAt) / this.windowMs));
    let histogram = track.windows.get(window);
    if (!histogram) {
      histogram = new Histogram(5);
      track.windows.set(window, histogram);
    }
    histogram.record(latencyUs);
    track.lastCompletedAt = Math.max(track.lastCompletedAt, c.completedAt);
  }

  get totalCount(): number {
    let n = 0;
    for (const track of this.tracks.values()) n += track.latency.count;
    return n;
  }

  get unexpectedCount(): number {
    let n = 0;
    for (const track of this.tracks.values()) for (const count of track.errors.values()) n += count;
    return n;
  }

  /** Seconds from the phase start to the last completion of any operation. */
  activeSeconds(): number {
    let last = this.startedAt;
    for (const track of this.tracks.values()) last = Math.max(last, track.lastCompletedAt);
    return Math.max(0.001, (last - this.startedAt) / 1000);
  }

  figures(): OperationFigures[] {
    const seconds = this.activeSeconds();
    return [...this.tracks.values()]
      .sort((a, b) => a.operation.localeCompare(b.operation) || a.door.localeCompare(b.door))
      .map((track) => ({
        operation: track.operation,
        door: track.door,
        count: track.latency.count,
        throughputPerSecond: round(track.latency.count / seconds, 2),
        latency: latencyFigures(track.latency.snapshot()),
        outcomes: Object.fromEntries([...track.outcomes].sort()),
        errors: Object.fromEntries([...track.errors].sort()),
        series: [...track.windows]
          .sort(([a], [b]) => a - b)
          .map(([window, h]) => ({
            t: (window * this.windowMs) / 1000,
            count: h.count,
            p50Ms: h.valueAtPercentile(50) / US_PER_MS,
            p99Ms: h.valueAtPercentile(99) / US_PER_MS,
            maxMs: h.snapshot().max / US_PER_MS,
          })),
      }));
  }

  /** Every operation together: one histogram of all latencies. */
  overall(): LatencyFigures {
    const all = new Histogram(10);
    for (const track of this.tracks.values()) all.merge(track.latency);
    return latencyFigures(all.snapshot());
  }
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
