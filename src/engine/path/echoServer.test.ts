import { describe, expect, it } from 'vitest';
import { echoScript } from './echoServer.js';

describe('echoScript (the conformance echo server)', () => {
  it('reads delay and delayRetry as Go durations', () => {
    expect(echoScript('delay=1.5s', []).script).toStrictEqual({
      failFirst: 0,
      failDelayMs: 0,
      latencyMs: 1500,
    });
    // Go's ParseDuration takes a leading sign and a bare fraction.
    expect(echoScript('delay=.5s', []).script?.latencyMs).toBe(500);
    expect(echoScript('delay=%2B1m', []).script?.latencyMs).toBe(60_000);
    // A negative delay does not wait; text Go refuses is ignored.
    expect(echoScript('delay=-1s', []).script).toBeUndefined();
    expect(echoScript('delay=1d', []).script).toBeUndefined();
    expect(echoScript('responseCode=503&succeedAfter=2&delayRetry=300ms', []).script).toStrictEqual(
      { failFirst: 2, failDelayMs: 300, failStatus: 503 },
    );
  });

  it('fails every attempt with responseCode alone, and adds X-Echo-Set-Header headers', () => {
    const e = echoScript('responseCode=500', [['X-Echo-Set-Header', 'A:1, B:2']]);
    expect(e.script).toStrictEqual({
      failFirst: Number.POSITIVE_INFINITY,
      failDelayMs: 0,
      failStatus: 500,
    });
    expect(e.responseHeaders).toStrictEqual({ A: '1', B: '2' });
    expect(e.notes).toStrictEqual(['it answers 500 for every attempt']);
  });

  it('says how many attempts fail before the 200', () => {
    expect(echoScript('succeedAfter=2&delayRetry=1s', []).notes).toStrictEqual([
      'it resets the connection for the first 2 attempt(s) after 1000 ms, then 200',
    ]);
  });
});
