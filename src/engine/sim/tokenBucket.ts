/**
 * Token buckets per source: `average` / `periodMs` tokens a millisecond, at most `burst`
 * saved, a new bucket starting full, a request taking one token. Two products keep them,
 * and they differ on an empty bucket and on an idle source:
 *
 * Traefik's RateLimit middleware ([TRF] pkg/middlewares/ratelimiter/rate_limiter.go) over
 * golang.org/x/time/rate: when no token is left a request may borrow one if the wait would
 * be at most `maxDelay` (half the interval between two requests at the rate, 500 ms below
 * 1 r/s) and Traefik holds it that long; otherwise it answers 429 and the bucket is left as
 * it was (Reservation.Cancel). A source idle for the bucket's TTL (2 s at 1 r/s or more,
 * 1 + 1/rate s below) is forgotten and starts full again.
 *
 * Envoy's local rate limit ([ENVOY] type/v3/token_bucket.proto; since 1.31 the bucket
 * refills as it is read, AtomicTokenBucketImpl): no borrowing and no forgetting. An empty
 * bucket refuses at once, and an idle one holds what it has refilled, never more than
 * max_tokens.
 *
 * The short hold of a borrowed request is not added to its latency in the simulation.
 */
export class TokenBucket {
  /** Tokens per millisecond. */
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxDelayMs: number;
  private readonly ttlMs: number;
  private readonly sources = new Map<number | string, { tokens: number; last: number }>();

  constructor(
    average: number,
    periodMs: number,
    burst: number,
    implementation: 'traefik' | 'envoy',
  ) {
    const perSecond = (average * 1000) / periodMs;
    this.perMs = perSecond / 1000;
    this.burst = Math.max(1, burst);
    if (implementation === 'envoy') {
      this.maxDelayMs = 0;
      this.ttlMs = Number.POSITIVE_INFINITY;
    } else {
      // time.Second / (time.Duration(rtl) * 2): the rate is truncated to whole requests.
      this.maxDelayMs = perSecond < 1 ? 500 : 1000 / (Math.trunc(perSecond) * 2);
      this.ttlMs = (perSecond >= 1 ? 2 : 1 + Math.trunc(1 / perSecond)) * 1000;
    }
  }

  /** True when the request from `source` at `nowMs` goes through (and takes its token). */
  allow(source: number | string, nowMs: number): boolean {
    let s = this.sources.get(source);
    if (!s || nowMs - s.last > this.ttlMs) {
      s = { tokens: this.burst, last: nowMs };
      this.sources.set(source, s);
    }
    const elapsed = Math.max(0, nowMs - s.last);
    const tokens = Math.min(this.burst, s.tokens + elapsed * this.perMs);
    const after = tokens - 1;
    const waitMs = after < 0 ? -after / this.perMs : 0;
    if (waitMs > this.maxDelayMs) {
      // Reservation.Cancel: the refill up to now still counts, the token is given back.
      s.tokens = tokens;
      s.last = nowMs;
      return false;
    }
    s.tokens = after;
    s.last = nowMs;
    return true;
  }
}
