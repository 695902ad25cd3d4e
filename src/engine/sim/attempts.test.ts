import { describe, expect, it } from 'vitest';
import type { EndpointInfo } from '../model/cluster.js';
import type { RoutePolicy } from '../model/routeTable.js';
import { seededRandom } from '../util/random.js';
import { freshConnections, runAttempts, type PodConditions, type RetryRules } from './attempts.js';

const endpoints: EndpointInfo[] = ['a', 'b', 'c'].map((p, i) => ({
  pod: p,
  ip: `10.0.0.${i + 1}`,
  port: 8080,
  ready: true,
  listening: true,
}));

function policy(over: Partial<RoutePolicy['retry']>, requestMs?: number): RoutePolicy {
  return {
    timeouts: {
      connectMs: 5000,
      sendMs: 60_000,
      readMs: 60_000,
      ...(requestMs ? { requestMs } : {}),
    },
    connections: { upstreamKeepalive: 0, upstreamIdleTimeoutMs: 60_000, clientKeepAliveMs: 75_000 },
    retry: { tries: 3, on: ['any'], budgetMs: 0, retryNonIdempotent: false, ...over },
    balancing: { algorithm: 'round_robin' },
    forwarding: {
      trustForwardedHeaders: false,
      computeFullForwardedFor: false,
      forwardedForHeader: 'X-Forwarded-For',
      realIpFrom: [],
      backendProtocol: 'HTTP',
    },
  };
}

/** Retries everything, waits 100 ms before each retry. */
const retryAll: RetryRules = {
  next: () => ({ retry: true, why: 'retry' }),
  statusFor: (f) => (f.kind === 'status' ? f.status : f.kind === 'timeout' ? 504 : 503),
  backoffMs: () => 100,
};

const slow = (ms: number): PodConditions => ({
  accepting: true,
  behaviour: 'normal',
  errorRate: 0,
  errorStatus: 500,
  latency: { sample: () => ms, median: ms },
  ageMs: Number.POSITIVE_INFINITY,
});

function run(p: RoutePolicy, pod: (ep: EndpointInfo) => PodConditions) {
  return runAttempts({
    method: 'GET',
    policy: p,
    rules: retryAll,
    endpoints,
    startMs: 0,
    podRttMs: 1,
    conditions: (ep) => pod(ep),
    connector: freshConnections(1),
    rng: seededRandom(1),
    typicalLatency: true,
    explain: true,
  });
}

describe('runAttempts: Envoy-style per-try timeout, request deadline and back-off', () => {
  it('a per-try timeout ends each try; back-off separates the tries', () => {
    const r = run(policy({ perTryTimeoutMs: 1000 }), () => slow(5000));
    expect(r.attempts.map((a) => [a.startMs, a.endMs])).toStrictEqual([
      [0, 1001],
      [1101, 2102],
      [2202, 3203],
    ]);
    expect(r.status).toBe(504);
  });

  it('the request deadline covers every attempt and the waits between them', () => {
    const r = run(policy({ perTryTimeoutMs: 1000 }, 1500), () => slow(5000));
    expect(r.attempts).toHaveLength(2);
    expect(r.endMs).toBe(1500);
    expect(r.lastFailure).toMatchObject({ kind: 'timeout', phase: 'request' });
    expect(r.status).toBe(504);
  });

  it('an answer that comes after the deadline is a timeout all the same', () => {
    const r = run(policy({ tries: 1 }, 200), () => slow(300));
    expect(r).toMatchObject({ status: 504, endMs: 200 });
  });

  it('a 4xx from a pod is a failure the rules may retry (Envoy retriable-4xx: 409)', () => {
    const conflict = (ep: EndpointInfo): PodConditions => ({
      ...slow(10),
      errorRate: ep.pod === 'a' ? 1 : 0,
      errorStatus: 409,
    });
    const r = run(policy({}), conflict);
    expect(r.attempts.map((a) => a.status)).toStrictEqual([409, 200]);
    expect(r.status).toBe(200);
  });
});
