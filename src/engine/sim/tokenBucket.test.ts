import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket.js';

describe('Traefik token bucket ([TRF] ratelimiter/rate_limiter.go, golang.org/x/time/rate)', () => {
  const traefik = (average: number, periodMs: number, burst: number) =>
    new TokenBucket(average, periodMs, burst, 'traefik');

  it('lets a burst through at once, then refuses what would wait longer than maxDelay', () => {
    const b = traefik(100, 1000, 50);
    const passed = Array.from({ length: 60 }, () => b.allow(1, 0)).filter(Boolean).length;
    expect(passed).toBe(50);
  });

  it('refills at average/period: 100 r/s gives one token every 10 ms', () => {
    const b = traefik(100, 1000, 1);
    expect(b.allow(1, 0)).toBe(true);
    expect(b.allow(1, 1)).toBe(false);
    expect(b.allow(1, 10)).toBe(true);
  });

  it('lets a request borrow a token when the wait is at most half an interval (maxDelay)', () => {
    const b = traefik(1, 1000, 1);
    expect(b.allow(1, 0)).toBe(true);
    expect(b.allow(1, 400)).toBe(false); // would wait 600 ms > 500 ms
    expect(b.allow(1, 600)).toBe(true); // waits 400 ms
  });

  it('keeps one bucket per source', () => {
    const b = traefik(1, 1000, 1);
    expect(b.allow('a', 0)).toBe(true);
    expect(b.allow('b', 0)).toBe(true);
    expect(b.allow('a', 1)).toBe(false);
  });

  it('forgets a source idle for its TTL: it starts full again', () => {
    const b = traefik(10, 1000, 5);
    for (let i = 0; i < 5; i++) b.allow(1, 0);
    expect(b.allow(1, 1)).toBe(false);
    const again = Array.from({ length: 5 }, () => b.allow(1, 3000)).every(Boolean);
    expect(again).toBe(true);
  });

  it('starts a forgotten source full, more than the refill alone would give it', () => {
    // 1 r/s, burst 5: 2.5 s of refill is 2.5 tokens (3 requests with the borrowed one);
    // past the 2 s TTL the source is new, so all 5 go through.
    const b = traefik(1, 1000, 5);
    for (let i = 0; i < 5; i++) expect(b.allow(1, 0)).toBe(true);
    const again = Array.from({ length: 6 }, () => b.allow(1, 2500));
    expect(again).toStrictEqual([true, true, true, true, true, false]);
  });
});

describe('Envoy token bucket ([ENVOY] token_bucket.proto, local rate limit)', () => {
  const envoy = (average: number, periodMs: number, burst: number) =>
    new TokenBucket(average, periodMs, burst, 'envoy');

  it('refuses at once when the bucket is empty: no request waits for the next token', () => {
    const b = envoy(1, 1000, 1);
    expect(b.allow(1, 0)).toBe(true);
    // Traefik would hold this one 400 ms for the next token; Envoy answers at once.
    expect(b.allow(1, 600)).toBe(false);
    expect(b.allow(1, 1000)).toBe(true);
  });

  it('never forgets an idle bucket: it holds only what it refilled', () => {
    const b = envoy(1, 1000, 5);
    for (let i = 0; i < 5; i++) expect(b.allow(1, 0)).toBe(true);
    const again = Array.from({ length: 4 }, () => b.allow(1, 2500));
    expect(again).toStrictEqual([true, true, false, false]);
  });

  it('lets max_tokens through at once, then one a fill interval per token', () => {
    const b = envoy(10, 60_000, 15);
    const passed = Array.from({ length: 20 }, () => b.allow(-1, 0)).filter(Boolean).length;
    expect(passed).toBe(15);
    expect(b.allow(-1, 5_999)).toBe(false);
    expect(b.allow(-1, 6_000)).toBe(true);
  });
});
