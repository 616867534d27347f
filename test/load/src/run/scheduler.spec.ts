import type { StepResult } from '../traffic/operation';
import type { PlannedStep } from '../traffic/plan';
import { runSchedule, type StepTiming } from './scheduler';

const step = (key: string, minute: number, after?: string): PlannedStep => ({
  key,
  minute,
  operation: 'op',
  door: 'http',
  after,
  input: {},
});

/** A fake clock: `execute` moves it forward by the step's service time instead of waiting. */
class FakeTime {
  now = 0;
  advance(ms: number) {
    this.now += ms;
  }
}

describe('the scheduler (open model: latency from the intended send time)', () => {
  it('counts the wait of a step held back by a slow predecessor: no coordinated omission', async () => {
    // Ten steps due every 10 ms, each taking 50 ms, at most one in flight: a closed-loop tool would report 50 ms
    // each; from the intended time the n-th step waited n × 40 ms more.
    const steps = [...Array(10).keys()].map((i) => step(`s${i}`, i));
    const timings: StepTiming[] = [];
    await runSchedule(
      steps,
      { kind: 'schedule', msPerMinute: 10, maxInFlight: 1 },
      {
        execute: () =>
          new Promise<StepResult>((resolve) => setTimeout(() => resolve({ outcome: 'OK', expected: true }), 50)),
        completed: (_s, _r, timing) => timings.push(timing),
      },
    );
    const latencies = timings.map((t) => t.completedAt - t.intendedAt);
    expect(latencies[0]).toBeGreaterThanOrEqual(45);
    expect(latencies[9]).toBeGreaterThanOrEqual(9 * 40 + 45);
    for (let i = 1; i < 10; i++) expect(latencies[i]).toBeGreaterThan(latencies[i - 1]);
  });

  it('starts a step at its planned time without waiting for unrelated earlier steps', async () => {
    const started: Record<string, number> = {};
    const begin = performance.now();
    await runSchedule(
      [step('slow', 0), step('fast', 2)],
      { kind: 'schedule', msPerMinute: 20, maxInFlight: 100 },
      {
        execute: (s) => {
          started[s.key] = performance.now() - begin;
          return new Promise((resolve) =>
            setTimeout(() => resolve({ outcome: 'OK', expected: true }), s.key === 'slow' ? 200 : 1),
          );
        },
        completed: () => undefined,
      },
    );
    expect(started.fast).toBeGreaterThanOrEqual(38);
    expect(started.fast).toBeLessThan(150);
  });

  it('hands a step the result of the step it needs, and measures it from when that one completed if later', async () => {
    const time = new FakeTime();
    const seen: (StepResult | undefined)[] = [];
    const timings = new Map<string, StepTiming>();
    await runSchedule(
      [step('auth', 0), step('cdr', 1, 'auth')],
      { kind: 'schedule', msPerMinute: 0, maxInFlight: 10 },
      {
        now: () => time.now,
        execute: async (s, dependency) => {
          seen.push(dependency);
          if (s.key === 'auth') time.advance(30);
          return { outcome: 'OK', expected: true, value: `${s.key}-value` };
        },
        completed: (s, _r, timing) => timings.set(s.key, timing),
      },
    );
    expect(seen).toEqual([undefined, { outcome: 'OK', expected: true, value: 'auth-value' }]);
    expect(timings.get('cdr')!.intendedAt).toBe(30);
  });

  it('counts skipped steps apart and keeps them out of the measurements', async () => {
    const completed: string[] = [];
    const summary = await runSchedule(
      [step('a', 0), step('b', 0, 'a')],
      { kind: 'max', concurrency: 4 },
      {
        execute: async (s) =>
          s.key === 'b' ? { outcome: 'SKIPPED', expected: false, skipped: true } : { outcome: 'OK', expected: true },
        completed: (s) => completed.push(s.key),
      },
    );
    expect(completed).toEqual(['a']);
    expect(summary).toMatchObject({ executed: 1, skipped: { op: 1 } });
  });

  it('runs at most `concurrency` steps at once when going as fast as possible', async () => {
    let running = 0;
    let peak = 0;
    await runSchedule(
      [...Array(20).keys()].map((i) => step(`s${i}`, i)),
      { kind: 'max', concurrency: 3 },
      {
        execute: async () => {
          peak = Math.max(peak, ++running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return { outcome: 'OK', expected: true };
        },
        completed: () => undefined,
      },
    );
    expect(peak).toBe(3);
  });

  it('turns a handler that throws into an unexpected outcome instead of stopping the day', async () => {
    const outcomes: string[] = [];
    await runSchedule(
      [step('a', 0)],
      { kind: 'max', concurrency: 1 },
      {
        execute: async () => {
          throw new Error('boom');
        },
        completed: (_s, r) => outcomes.push(`${r.outcome}/${r.expected}`),
      },
    );
    expect(outcomes).toEqual(['HARNESS_ERROR:boom/false']);
  });
});
