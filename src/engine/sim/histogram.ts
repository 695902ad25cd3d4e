/**
 * Latency percentiles in constant memory: logarithmic buckets 1 % wide from 0.01 ms
 * to about 30 hours, so a million requests cost the same as a hundred.
 */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const MIN_MS = 0.01;
const BUCKETS = 2100;

/** The bucket of a latency: 1 % wide, from 0.01 ms. */
export function latencyBucket(ms: number): number {
  return Math.min(BUCKETS - 1, Math.floor(Math.log(Math.max(ms, MIN_MS) / MIN_MS) / LOG_GROWTH));
}

/** The coarser per-second bucket (5 % wide, from 0.1 ms) of a fine bucket: 1.05 ≈ 1.01^4.903, 0.1 / 0.01 = 1.01^231.4. */
export function coarseBucket(fine: number): number {
  return Math.max(0, Math.floor((fine - 231.4) / 4.903));
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  record(ms: number): void {
    this.recordBucket(latencyBucket(ms), ms);
  }

  /** Records a value whose bucket the caller has computed (one logarithm for several histograms). */
  recordBucket(i: number, ms: number): void {
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.total++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxMs;
  }

  /** The value at quantile q (0..1): the upper edge of the bucket it falls in, capped at the max seen. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return round(Math.min(this.maxMs, MIN_MS * GROWTH ** (i + 1)));
    }
    return round(this.maxMs);
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
