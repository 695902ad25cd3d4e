import { describe, expect, it } from 'vitest';
import type { Failure } from '../../sim/attempts.js';
import { seededRandom } from '../../util/random.js';
import { traefikForward, traefikNormalizePath, traefikRetryRules } from './behaviour.js';
import { basePolicy } from './tables.js';
import type { MiddlewareEffects } from './middlewares.js';

describe('the path Traefik routes on ([TRF] docs/content/security/request-path.md)', () => {
  it('decodes unreserved characters and removes dot segments and duplicate slashes', () => {
    expect(traefikNormalizePath('/a/%7Euser/./b//c/../d')).toEqual({
      ok: true,
      path: '/a/~user/b/d',
    });
    expect(traefikNormalizePath('/a/b/')).toEqual({ ok: true, path: '/a/b/' });
    expect(traefikNormalizePath('/../../etc')).toEqual({ ok: true, path: '/etc' });
    expect(traefikNormalizePath('/a%20b')).toEqual({ ok: true, path: '/a%20b' });
  });

  it('rejects an encoded slash, backslash, NUL, semicolon, percent, ? and # with 400', () => {
    for (const p of ['/a%2Fb', '/a%2fb', '/%5C', '/%00', '/%3B', '/%25', '/%3F', '/%23']) {
      const r = traefikNormalizePath(p);
      expect(r.ok).toBe(false);
    }
  });
});

describe('headers the pod receives ([TRF] pkg/middlewares/forwardedheaders)', () => {
  it("drops the client's X-Forwarded-For and sets Traefik's own", () => {
    const r = traefikForward({
      route: { policy: basePolicy(undefined) } as never,
      peerAddress: '198.51.100.23',
      scheme: 'https',
      serverPort: 443,
      requestHeaders: [
        ['X-Forwarded-For', '1.2.3.4'],
        ['Accept', 'text/html'],
        ['Connection', 'keep-alive'],
      ],
      hostHeader: 'shop.example.com',
      requestUri: '/',
      requestId: 'x',
    });
    expect(r.headers).toMatchObject({
      Host: 'shop.example.com',
      'X-Forwarded-For': '198.51.100.23',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Port': '443',
      'X-Real-Ip': '198.51.100.23',
      Accept: 'text/html',
    });
    expect(r.headers.Connection).toBeUndefined();
    expect(r.clientAddress).toBe('198.51.100.23');
    expect(r.notes[0]).toContain('1.2.3.4');
  });

  it('with forwardedHeaders trusted, keeps them and appends the peer to X-Forwarded-For', () => {
    const r = traefikForward({
      route: { policy: basePolicy(undefined, true) } as never,
      peerAddress: '10.0.0.9',
      scheme: 'http',
      serverPort: 80,
      requestHeaders: [
        ['X-Forwarded-For', '1.2.3.4'],
        ['X-Forwarded-Proto', 'https'],
      ],
      hostHeader: 'shop.example.com',
      requestUri: '/',
      requestId: 'x',
    });
    expect(r.headers['X-Forwarded-For']).toBe('1.2.3.4, 10.0.0.9');
    expect(r.headers['X-Forwarded-Proto']).toBe('https');
    expect(r.effectiveScheme).toBe('https');
  });
});

describe("Traefik's retry rules ([TRF] pkg/middlewares/retry/retry.go)", () => {
  const effects = (
    attempts: number,
    extra: Partial<NonNullable<MiddlewareEffects['retry']>> = {},
  ) =>
    ({
      retry: {
        attempts,
        initialIntervalMs: 100,
        statusCodes: [],
        retryNonIdempotent: false,
        networkErrors: true,
        source: {} as never,
        ...extra,
      },
    }) as unknown as MiddlewareEffects;
  const ctx = (policy = basePolicy(effects(3)), method = 'GET', triesSoFar = 1) => ({
    method,
    triesSoFar,
    elapsedMs: 0,
    policy,
    explain: true,
  });
  const refused: Failure = { kind: 'refused', sent: false };
  const read: Failure = { kind: 'timeout', sent: true, phase: 'read' };
  const status: Failure = { kind: 'status', sent: true, status: 503 };

  it('without a Retry middleware: one try', () => {
    expect(traefikRetryRules.next(refused, ctx(basePolicy(undefined))).retry).toBe(false);
  });

  it('retries a refused connection, not a request the server got, nor an answer', () => {
    expect(traefikRetryRules.next(refused, ctx()).retry).toBe(true);
    expect(traefikRetryRules.next(read, ctx()).retry).toBe(false);
    expect(traefikRetryRules.next(status, ctx()).retry).toBe(false);
    expect(traefikRetryRules.next(refused, ctx(undefined, 'GET', 3)).retry).toBe(false);
  });

  it('v3.7: a POST is not retried unless retryNonIdempotentMethod; listed statuses are', () => {
    expect(traefikRetryRules.next(refused, ctx(undefined, 'POST')).retry).toBe(false);
    const p = basePolicy(effects(3, { retryNonIdempotent: true, statusCodes: [503] }));
    expect(traefikRetryRules.next(refused, ctx(p, 'POST')).retry).toBe(true);
    expect(traefikRetryRules.next(status, ctx(p)).retry).toBe(true);
  });

  it("a dead kept-alive connection is replayed by Go's transport for GET only", () => {
    const stale: Failure = { kind: 'stale', sent: true };
    expect(traefikRetryRules.next(stale, ctx(basePolicy(undefined))).retry).toBe(true);
    expect(traefikRetryRules.next(stale, ctx(basePolicy(undefined), 'POST')).retry).toBe(false);
  });

  it('a timeout is 504, other failures 502, an answer passes ([TRF] proxy.go ComputeStatusCode)', () => {
    expect(traefikRetryRules.statusFor(read)).toBe(504);
    expect(traefikRetryRules.statusFor(refused)).toBe(502);
    expect(traefikRetryRules.statusFor(status)).toBe(503);
  });

  it('backs off exponentially from initialInterval to twice it, with ±50% jitter', () => {
    const p = basePolicy(effects(3));
    const rng = seededRandom(1);
    const first = traefikRetryRules.backoffMs?.(1, p, rng) ?? 0;
    const second = traefikRetryRules.backoffMs?.(2, p, rng) ?? 0;
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(150);
    // 100 × 2^(1/2) ≈ 141, ±50%.
    expect(second).toBeGreaterThanOrEqual(70);
    expect(second).toBeLessThanOrEqual(213);
  });
});
