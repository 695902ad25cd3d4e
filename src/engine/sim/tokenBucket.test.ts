import { describe, expect, it } from 'vitest';
import { TraefikTokenBucket } from './tokenBucket.js';

describe('TraefikTokenBucket ([TRF] ratelimiter/rate_limiter.go, golang.org/x/time/rate)', () => {
  it('lets a burst through at once, then refuses what would wait longer than maxDelay', () => {
    const b = new TraefikTokenBucket(100, 1000, 50);
    const passed = Array.from({ length: 60 }, () => b.allow(1, 0)).filter(Boolean).length;
    expect(passed).toBe(50);
  });

  it('refills at average/period: 100 r/s gives one token every 10 ms', () => {
    const b = new TraefikTokenBucket(100, 1000, 1);
    expect(b.allow(1, 0)).toBe(true);
    expect(b.allow(1, 1)).toBe(false);
    expect(b.allow(1, 10)).toBe(true);
  });

  it('lets a request borrow a token when the wait is at most half an interval (maxDelay)', () => {
    const b = new TraefikTokenBucket(1, 1000, 1);
    expect(b.allow(1, 0)).toBe(true);
    expect(b.allow(1, 400)).toBe(false); // would wait 600 ms > 500 ms
    expect(b.allow(1, 600)).toBe(true); // waits 400 ms
  });

  it('keeps one bucket per source', () => {
    const b = new TraefikTokenBucket(1, 1000, 1);
    expect(b.allow('a', 0)).toBe(true);
    expect(b.allow('b', 0)).toBe(true);
    expect(b.allow('a', 1)).toBe(false);
  });

  it('forgets a source idle for its TTL: it starts full again', () => {
    const b = new TraefikTokenBucket(10, 1000, 5);
    for (let i = 0; i < 5; i++) b.allow(1, 0);
    expect(b.allow(1, 1)).toBe(false);
    const again = Array.from({ length: 5 }, () => b.allow(1, 3000)).every(Boolean);
    expect(again).toBe(true);
  });
});
