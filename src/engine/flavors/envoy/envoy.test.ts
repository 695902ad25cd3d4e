import { describe, expect, it } from 'vitest';
import type { RoutePolicy, RouteTable, VirtualHost } from '../../model/routeTable.js';
import type { Failure } from '../../sim/attempts.js';
import { seededRandom } from '../../util/random.js';
import { normalizeEnvoyPath } from './paths.js';
import { envoyRetryRules, retryCondition } from './retry.js';
import { envoyDomainCovers, selectEnvoyVirtualHost } from './vhost.js';

const src = { kind: '', namespace: '', name: '', path: [], range: { startLine: 0, endLine: 0 } };
const vh = (hostname: string | null): VirtualHost => ({
  id: hostname ?? '*',
  hostname,
  routes: [],
  sources: [src],
});

describe('Envoy virtual-host selection (route_components.proto VirtualHost.domains)', () => {
  const table: RouteTable = {
    family: 'envoy-gateway',
    virtualHosts: [
      vh('*.example.com'),
      vh('foo.example.com'),
      vh('*.bar.example.com'),
      vh('api.*'),
      vh('api-v2.*'),
    ],
    fallback: vh(null),
  };
  const pick = (host: string) => {
    const c = selectEnvoyVirtualHost(table, host);
    return [c.vhost.hostname, c.how];
  };

  it('takes an exact domain first', () => {
    expect(pick('foo.example.com')).toEqual(['foo.example.com', 'exact']);
    expect(pick('FOO.example.com.')).toEqual(['foo.example.com', 'exact']);
  });

  it('then the longest suffix wildcard, which spans any number of labels', () => {
    expect(pick('a.bar.example.com')).toEqual(['*.bar.example.com', 'wildcard']);
    expect(pick('a.b.c.example.com')).toEqual(['*.example.com', 'wildcard']);
    // The wildcard never matches the empty string.
    expect(pick('example.com')).toEqual([null, 'catch-all']);
  });

  it('then the longest prefix wildcard, then the default virtual host', () => {
    expect(pick('api-v2.internal')).toEqual(['api-v2.*', 'wildcard']);
    expect(pick('api.internal')).toEqual(['api.*', 'wildcard']);
    expect(pick('other.net')).toEqual([null, 'catch-all']);
  });

  it('covers names as the selection does', () => {
    expect(envoyDomainCovers('*.example.com', 'a.b.example.com')).toBe(true);
    expect(envoyDomainCovers('*.example.com', 'example.com')).toBe(false);
    expect(envoyDomainCovers('*', 'anything')).toBe(true);
  });
});

describe("Envoy's path normalization (normalize_path, merge_slashes)", () => {
  it('resolves dot segments and merges slashes; ".." never climbs above the root', () => {
    expect(normalizeEnvoyPath('/a//b/./c/../d')).toBe('/a/b/d');
    expect(normalizeEnvoyPath('/../x')).toBe('/x');
    expect(normalizeEnvoyPath('/a/..')).toBe('/');
    expect(normalizeEnvoyPath('/plain/path')).toBe('/plain/path');
  });
});

function policy(retry: Partial<RoutePolicy['retry']>): RoutePolicy {
  return {
    timeouts: { connectMs: 5000, sendMs: 15000, readMs: 15000, requestMs: 15000 },
    connections: { upstreamKeepalive: 0, upstreamIdleTimeoutMs: 0, clientKeepAliveMs: 0 },
    retry: { tries: 1, on: [], budgetMs: 0, retryNonIdempotent: true, ...retry },
    balancing: { algorithm: 'round_robin' },
    forwarding: {
      trustForwardedHeaders: false,
      computeFullForwardedFor: true,
      forwardedForHeader: 'X-Forwarded-For',
      realIpFrom: [],
      backendProtocol: 'HTTP',
    },
  };
}

const status = (s: number): Failure => ({ kind: 'status', sent: true, status: s });
const refused: Failure = { kind: 'refused', sent: false };
const reset: Failure = { kind: 'reset', sent: true };
const perTry: Failure = { kind: 'timeout', sent: true, phase: 'read' };
const routeTimeout: Failure = { kind: 'timeout', sent: true, phase: 'request' };

describe("Envoy's retry_on conditions (retry_state_impl.cc)", () => {
  it('5xx covers every 5xx and every failure without an answer', () => {
    for (const f of [status(500), status(503), status(599), refused, reset, perTry])
      expect(retryCondition(f, ['5xx'], []).retriable).toBe(true);
    expect(retryCondition(status(404), ['5xx'], []).retriable).toBe(false);
  });

  it('gateway-error covers 502, 503 and 504 only among statuses', () => {
    expect(retryCondition(status(502), ['gateway-error'], []).retriable).toBe(true);
    expect(retryCondition(status(500), ['gateway-error'], []).retriable).toBe(false);
    expect(retryCondition(reset, ['gateway-error'], []).retriable).toBe(true);
  });

  it('connect-failure covers a refused connection, not a reset one', () => {
    expect(retryCondition(refused, ['connect-failure'], []).retriable).toBe(true);
    expect(retryCondition(reset, ['connect-failure'], []).retriable).toBe(false);
  });

  it('retriable-status-codes uses the listed codes; retriable-4xx is 409', () => {
    expect(retryCondition(status(500), ['retriable-status-codes'], [500]).retriable).toBe(true);
    expect(retryCondition(status(503), ['retriable-status-codes'], [500]).retriable).toBe(false);
    expect(retryCondition(status(409), ['retriable-4xx'], []).retriable).toBe(true);
  });

  it('never retries the route timeout', () => {
    expect(retryCondition(routeTimeout, ['5xx', 'reset'], []).retriable).toBe(false);
  });

  it('no retry policy, no retries; num_retries bounds the rest', () => {
    const ctx = (p: RoutePolicy, triesSoFar: number) => ({
      method: 'GET',
      triesSoFar,
      elapsedMs: 0,
      policy: p,
      explain: true,
    });
    expect(envoyRetryRules.next(status(503), ctx(policy({}), 1)).retry).toBe(false);
    const p = policy({ tries: 3, on: ['5xx'] });
    expect(envoyRetryRules.next(status(503), ctx(p, 1)).retry).toBe(true);
    expect(envoyRetryRules.next(status(503), ctx(p, 3))).toMatchObject({ retry: false });
    expect(envoyRetryRules.next(status(503), ctx(p, 3)).why).toContain('URX');
  });

  it('answers 503 for connection failures and resets, 504 for timeouts, the pod status otherwise', () => {
    expect(envoyRetryRules.statusFor(refused)).toBe(503);
    expect(envoyRetryRules.statusFor(reset)).toBe(503);
    expect(envoyRetryRules.statusFor(perTry)).toBe(504);
    expect(envoyRetryRules.statusFor(status(502))).toBe(502);
  });

  it('backs off with full jitter under (2^n - 1) × base, capped at 10 × base', () => {
    const p = policy({ tries: 5, on: ['5xx'], backoffBaseMs: 25 });
    const rng = seededRandom(7);
    for (let n = 1; n <= 6; n++) {
      const wait = envoyRetryRules.backoffMs?.(n, p, rng) ?? -1;
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(Math.min((2 ** n - 1) * 25, 250));
    }
  });
});
