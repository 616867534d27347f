/**
 * A latency histogram in the manner of HdrHistogram: values (whole microseconds) go into log-linear buckets, so
 * memory stays small whatever the range while every recorded value keeps a bounded relative error. With `precisionBits`
 * = p, values below 2^(p+1) are exact and larger ones share a bucket with at most 2^-p relative spread (p = 10: 0.1 %).
 *
 * Bucket index of v: e = max(0, floor(log2 v) - p), index = 2^p * e + (v >> e). Each power-of-two range above 2^(p+1)
 * is split into 2^p equal sub-buckets; below it every value has its own slot.
 */
export interface HistogramSnapshot {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

export class Histogram {
  private counts: Float64Array;
  private total = 0;
  private sum = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = 0;
  private readonly half: number;

  constructor(readonly precisionBits = 10) {
    if (!Number.isInteger(precisionBits) || precisionBits < 1 || precisionBits > 16) {
      throw new Error(`precisionBits must be an integer from 1 to 16, got ${precisionBits}`);
    }
    this.half = 2 ** precisionBits;
    this.counts = new Float64Array(this.half * 4);
  }

  get count(): number {
    return this.total;
  }

  /** Records one value (negative values count as 0, fractions are rounded: the unit is the caller's, e.g. µs). */
  record(value: number, times = 1): void {
    const v = Math.max(0, Math.round(value));
    const index = this.indexOf(v);
    if (index >= this.counts.length) this.grow(index);
    this.counts[index] += times;
    this.total += times;
    this.sum += v * times;
    if (v < this.minValue) this.minValue = v;
    if (v > this.maxValue) this.maxValue = v;
  }

  /** Adds every value of `other` (same precision) into this one. */
  merge(other: Histogram): void {
    if (other.precisionBits !== this.precisionBits) throw new Error('cannot merge histograms of different precision');
    if (other.counts.length > this.counts.length) this.grow(other.counts.length - 1);
    for (let i = 0; i < other.counts.length; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    this.sum += other.sum;
    if (other.total > 0) {
      this.minValue = Math.min(this.minValue, other.minValue);
      this.maxValue = Math.max(this.maxValue, other.maxValue);
    }
  }

  /**
   * The value below or at which `percentile` % of the recorded values lie: the highest value of the bucket that holds
   * the ceil(count × percentile / 100)-th smallest value, capped by the exact maximum (HdrHistogram's convention).
   */
  valueAtPercentile(percentile: number): number {
    if (this.total === 0) return 0;
    // The tiny subtraction absorbs binary fractions: 99.9 % of 1000 must be rank 999, not 1000.
    const exactRank = (Math.min(100, Math.max(0, percentile)) / 100) * this.total;
    const rank = Math.max(1, Math.ceil(exactRank - 1e-9 * Math.max(1, exactRank)));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.maxValue, Math.max(this.minValue, this.highestEquivalent(i)));
    }
    return this.maxValue;
  }

  snapshot(): HistogramSnapshot {
    return {
      count: this.total,
      min: this.total === 0 ? 0 : this.minValue,
      max: this.maxValue,
      mean: this.total === 0 ? 0 : this.sum / this.total,
      p50: this.valueAtPercentile(50),
      p90: this.valueAtPercentile(90),
      p95: this.valueAtPercentile(95),
      p99: this.valueAtPercentile(99),
      p999: this.valueAtPercentile(99.9),
    };
  }

  /** The bucket of `value`: exposed for tests of the bucket arithmetic. */
  indexOf(value: number): number {
    const magnitude = value <= 0 ? 0 : Math.floor(Math.log2(value));
    const shift = Math.max(0, magnitude - this.precisionBits);
    // Math.floor(log2) can be one off for values just below a power of two: correct it so that v >> shift < 2^(p+1).
    const adjusted = Math.floor(value / 2 ** shift) >= 2 * this.half ? shift + 1 : shift;
    return this.half * adjusted + Math.floor(value / 2 ** adjusted);
  }

  /** The smallest and largest values that land in bucket `index`. */
  bucketRange(index: number): [number, number] {
    const shift = index < 2 * this.half ? 0 : Math.floor(index / this.half) - 1;
    const lowest = (index - this.half * shift) * 2 ** shift;
    return [lowest, lowest + 2 ** shift - 1];
  }

  private highestEquivalent(index: number): number {
    return this.bucketRange(index)[1];
  }

  private grow(index: number): void {
    let size = this.counts.length;
    while (size <= index) size *= 2;
    const bigger = new Float64Array(size);
    bigger.set(this.counts);
    this.counts = bigger;
  }
}
