import { Histogram } from './histogram';

/** A deterministic stream of uniform numbers in [0, 1), so that the expected quantiles are known exactly. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Histogram (log-linear buckets, HdrHistogram style)', () => {
  it('is exact below 2^(p+1): every integer 1..1000 once gives the textbook percentiles', () => {
    const h = new Histogram(10);
    for (let v = 1; v <= 1000; v++) h.record(v);
    const s = h.snapshot();
    expect(s).toMatchObject({ count: 1000, min: 1, max: 1000, p50: 500, p90: 900, p95: 950, p99: 990, p999: 999 });
    expect(s.mean).toBeCloseTo(500.5, 9);
  });

  it('keeps every percentile of a uniform distribution over 0..10 s within 0.1 % (p = 10)', () => {
    const h = new Histogram(10);
    const next = uniforms(7);
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const v = Math.floor(next() * 10_000_000);
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1];
      const measured = h.valueAtPercentile(p);
      expect(measured).toBeGreaterThanOrEqual(exact);
      expect((measured - exact) / exact).toBeLessThanOrEqual(2 ** -10);
    }
    expect(h.snapshot().max).toBe(values[values.length - 1]);
  });

  it('matches the analytic quantiles of an exponential distribution (mean 20 ms) within sampling error', () => {
    const h = new Histogram(10);
    const next = uniforms(42);
    const meanUs = 20_000;
    for (let i = 0; i < 400_000; i++) h.record(-meanUs * Math.log(1 - next()));
    // Quantile q of Exp(λ): -ln(1 - q) / λ.
    for (const q of [0.5, 0.95, 0.99]) {
      const analytic = -meanUs * Math.log(1 - q);
      expect(Math.abs(h.valueAtPercentile(q * 100) - analytic) / analytic).toBeLessThan(0.02);
    }
    expect(Math.abs(h.snapshot().mean - meanUs) / meanUs).toBeLessThan(0.01);
  });

  it('puts every value in a bucket whose range holds it, with relative width at most 2^-p', () => {
    const h = new Histogram(6);
    for (const v of [0, 1, 127, 128, 129, 255, 256, 1023, 1024, 4095, 4096, 123_456, 2 ** 31 - 1, 2 ** 40 + 12_345]) {
      const [low, high] = h.bucketRange(h.indexOf(v));
      expect(low).toBeLessThanOrEqual(v);
      expect(high).toBeGreaterThanOrEqual(v);
      if (v >= 128) expect((high - low + 1) / low).toBeLessThanOrEqual(2 ** -6);
      else expect(high).toBe(low);
    }
  });

  it('reports the exact max of a long tail and grows to values of hours', () => {
    const h = new Histogram(10);
    for (let i = 0; i < 999; i++) h.record(1000);
    h.record(3_600_000_000);
    expect(h.valueAtPercentile(99.9)).toBe(1000);
    expect(h.valueAtPercentile(100)).toBe(3_600_000_000);
    expect(h.snapshot().max).toBe(3_600_000_000);
  });

  it('merges two histograms into the distribution of both', () => {
    const a = new Histogram(10);
    const b = new Histogram(10);
    for (let v = 1; v <= 500; v++) a.record(v);
    for (let v = 501; v <= 1000; v++) b.record(v);
    a.merge(b);
    expect(a.snapshot()).toMatchObject({ count: 1000, min: 1, max: 1000, p50: 500, p99: 990 });
    expect(() => a.merge(new Histogram(5))).toThrow(/precision/);
  });

  it('answers zeros when empty', () => {
    expect(new Histogram().snapshot()).toEqual({
      count: 0,
      min: 0,
      max: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
      p999: 0,
    });
  });
});
