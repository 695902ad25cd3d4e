/**
 * Traefik's answers and habits: the request path it routes on, the headers the pod
 * receives, when its Retry middleware tries again, its status codes and log lines.
 */
import type { FamilyBehaviour, ForwardingContext, ForwardingResult } from '../../model/family.js';
import type { RoutePolicy } from '../../model/routeTable.js';
import type { Failure, RetryRules } from '../../sim/attempts.js';
import { elsewhere, NO_RESPONSE_TIMEOUT_MS } from './tables.js';
import { selectRouter, selectRouters, selectTraefikCertificate } from './select.js';

/** The self-signed certificate Traefik serves when no other covers the SNI ([TRF] pkg/tls/generate). */
export const TRAEFIK_DEFAULT_CERT = 'TRAEFIK DEFAULT CERT';

// ---------------------------------------------------------------- request path

/**
 * Encoded characters Traefik rejects in the path by default, with 400
 * ([TRF] docs/content/security/request-path.md, "Encoded Character Filtering").
 */
const REJECTED_ENCODINGS: readonly [RegExp, string][] = [
  [/%2f/i, '/ (%2F)'],
  [/%5c/i, '\\ (%5C)'],
  [/%00/, 'NUL (%00)'],
  [/%3b/i, '; (%3B)'],
  [/%25/, '% (%25)'],
  [/%3f/i, '? (%3F)'],
  [/%23/, '# (%23)'],
];

/**
 * The path Traefik routes on (same doc): encoded unreserved characters decoded, other
 * encodings upper-cased, then "." and ".." segments and duplicate slashes removed
 * (Go's url.JoinPath, which keeps a trailing slash).
 */
export function traefikNormalizePath(
  path: string,
): { ok: true; path: string } | { ok: false; why: string } {
  for (const [re, what] of REJECTED_ENCODINGS)
    if (re.test(path))
      return {
        ok: false,
        why: `The path "${path}" contains an encoded ${what}, which Traefik rejects by default with 400 Bad Request before any router sees it (entry point encodedCharacters settings allow it).`,
      };
  const decoded = path.replace(/%([0-9a-fA-F]{2})/g, (all, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : all.toUpperCase();
  });
  const trailing = decoded.length > 1 && decoded.endsWith('/');
  const out: string[] = [];
  for (const seg of decoded.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const clean = `/${out.join('/')}${trailing && out.length > 0 ? '/' : ''}`;
  return { ok: true, path: clean };
}

// ---------------------------------------------------------------- forwarding

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * What Traefik sends to the pod ([TRF] pkg/middlewares/forwardedheaders): with no
 * forwardedHeaders.trustedIPs on the entry point, the client's own X-Forwarded-* and
 * X-Real-Ip are dropped and replaced; the Host header passes (passHostHeader true).
 */
export function traefikForward(ctx: ForwardingContext): ForwardingResult {
  const notes: string[] = [];
  const headers: Record<string, string> = {};
  const trusted = ctx.route.policy.forwarding.trustForwardedHeaders;
  let clientXff: string | undefined;
  for (const [k, v] of ctx.requestHeaders) {
    const lower = k.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === 'host') continue;
    if (lower === 'x-forwarded-for') {
      clientXff = clientXff === undefined ? v : `${clientXff}, ${v}`;
      continue;
    }
    if ((lower.startsWith('x-forwarded-') || lower === 'x-real-ip') && !trusted) continue;
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  const portMatch = /:(\d+)$/.exec(ctx.hostHeader);
  headers.Host = ctx.hostHeader;
  // Go's reverse proxy appends the peer to what is left of X-Forwarded-For.
  headers['X-Forwarded-For'] =
    trusted && clientXff ? `${clientXff}, ${ctx.peerAddress}` : ctx.peerAddress;
  const droppedXff = trusted ? undefined : clientXff;
  // Trusted values the client sent are kept; Traefik fills in only what is missing.
  const fill = (name: string, value: string): void => {
    const present = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!present) headers[name] = value;
  };
  fill('X-Forwarded-Host', ctx.hostHeader);
  fill('X-Forwarded-Port', portMatch?.[1] ?? String(ctx.serverPort));
  fill('X-Forwarded-Proto', ctx.scheme);
  fill('X-Real-Ip', ctx.peerAddress);
  const proto = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-forwarded-proto')?.[1];
  if (droppedXff)
    notes.push(
      `Traefik drops the client's X-Forwarded-For (${droppedXff}): the entry point trusts no address (forwardedHeaders.trustedIPs), so the pod sees ${ctx.peerAddress}`,
    );
  return { clientAddress: ctx.peerAddress, effectiveScheme: proto ?? ctx.scheme, headers, notes };
}

// ---------------------------------------------------------------- retries

/** v3.7 Retry: POST, LOCK and PATCH are not retried unless retryNonIdempotentMethod (semantics.md D2). */
const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);
/** Go's Request.isReplayable: a dead kept-alive connection is retried for these. */
const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

function networkFailure(f: Failure): boolean {
  return f.kind === 'refused' || (f.kind === 'timeout' && !f.sent);
}

/**
 * Traefik's Retry middleware ([TRF] pkg/middlewares/retry/retry.go): it tries again only
 * while nothing reached the server (the request's headers were not written: a refused
 * or timed-out connection), stops at the first response whatever its status (unless
 * v3.7's `status` lists it), and without the middleware there is one try. Go's
 * transport itself replays a GET on a kept-alive connection the server had just closed.
 */
export const traefikRetryRules: RetryRules = {
  next(failure, { method, triesSoFar, policy }) {
    const r = policy.retry;
    if (failure.kind === 'stale')
      return REPLAYABLE.has(method)
        ? {
            retry: true,
            why: `the kept-alive connection was closed by the pod; Go's transport replays a ${method} on a new one`,
          }
        : {
            retry: false,
            why: `the kept-alive connection was closed by the pod, and Go's transport does not replay a ${method}`,
          };
    if (r.tries <= 1)
      return { retry: false, why: 'the router has no Retry middleware, so Traefik makes one try' };
    if (triesSoFar >= r.tries)
      return { retry: false, why: `the Retry middleware's ${r.tries} attempts are used up` };
    if (NON_IDEMPOTENT.has(method) && !r.retryNonIdempotent)
      return {
        retry: false,
        why: `Retry does not repeat a ${method} (retryNonIdempotentMethod is off)`,
      };
    if (failure.kind === 'status') {
      return r.statusCodes?.includes(failure.status)
        ? {
            retry: true,
            why: `${failure.status} is in the Retry middleware's status list: another try`,
          }
        : {
            retry: false,
            why: `the pod answered ${failure.status}; Retry stops at the first answer, whatever its status`,
          };
    }
    if (networkFailure(failure))
      return r.on.includes('network-error')
        ? {
            retry: true,
            why: 'the server never got the request (a network error), so Retry tries again',
          }
        : { retry: false, why: 'disableRetryOnNetworkError is set' };
    return {
      retry: false,
      why: 'the request had already been sent, and Retry only repeats requests the server never got',
    };
  },
  statusFor(failure) {
    // [TRF] pkg/proxy/httputil/proxy.go ComputeStatusCode: a timeout is 504, other network errors 502.
    if (failure.kind === 'status') return failure.status;
    return failure.kind === 'timeout' ? 504 : 502;
  },
  backoffMs(retry, policy, rng) {
    // [TRF] retry.go newBackOff: exponential from initialInterval, reaching twice it at the
    // last attempt; cenkalti/backoff's randomization factor 0.5.
    const base = policy.retry.backoffBaseMs ?? 0;
    const tries = policy.retry.tries;
    if (base <= 0 || tries < 2) return 0;
    const multiplier = 2 ** (1 / (tries - 1));
    const interval = base * multiplier ** (retry - 1);
    return interval * (0.5 + rng.next());
  },
};

// ---------------------------------------------------------------- words

function policyText(p: RoutePolicy): string {
  const retry =
    p.retry.tries > 1
      ? `a Retry middleware allows ${p.retry.tries} attempts, only while the server never got the request${p.retry.statusCodes?.length ? ` or when it answers ${p.retry.statusCodes.join(', ')}` : ''}`
      : 'no Retry middleware, so one attempt';
  return `Traefik: dial timeout ${p.timeouts.connectMs / 1000}s and no response timeout by default (routelab stops waiting after ${NO_RESPONSE_TIMEOUT_MS / 1000}s); ${retry}.`;
}

export const traefikBehaviour: FamilyBehaviour = {
  product: 'Traefik',
  selectHost: selectRouters,
  selectRoute: selectRouter,
  normalizePath: traefikNormalizePath,
  selectCertificate: selectTraefikCertificate,
  defaultCertificateName: TRAEFIK_DEFAULT_CERT,
  forward: traefikForward,
  status: {
    // [TRF] pkg/server/service/loadbalancer/wrr: no server left → 503 "no available server".
    noEndpoints: 503,
    connectFailure: 502,
    timeout: 504,
    // Go's TLS server answers plain HTTP on a TLS port with 400 ("Client sent an HTTP request to an HTTPS server").
    plainHttpToTlsPort: 400,
    misdirected: 421,
  },
  words: {
    route: 'router',
    host: 'router list',
    // Go's net/http TLS server (crypto/tls RecordHeaderError → server.go).
    plainHttpToTls:
      'Go\'s TLS server behind Traefik answers 400 "Client sent an HTTP request to an HTTPS server"',
    hostLine: (host, vhost) => {
      const n = vhost.routes.length - 1;
      const ep = vhost.id.replace(/:routers$/, '');
      const other = (elsewhere.get(vhost) ?? []).filter((o) => o.hosts.includes(host));
      const note = other
        .slice(0, 3)
        .map((o) => ` The router ${o.rule} names this host but is ${o.where}.`)
        .join('');
      return `Traefik has no virtual hosts: the ${n} router${n === 1 ? '' : 's'} of entry point ${ep} ${n === 1 ? 'is' : 'are'} tried in priority order (highest first), and a rule looks at the Host "${host}" only through its Host or HostRegexp matchers.${note}`;
    },
    noRoute: (status) =>
      `no router of this entry point matches, so Traefik answers ${status} "404 page not found"`,
    policy: policyText,
    podError: (status, policy) =>
      policy.retry.statusCodes?.includes(status)
        ? `Traefik's Retry middleware retries ${status} (its status list), and passes the last answer on.`
        : `Traefik passes the pod's own ${status} to the client: its Retry middleware, if any, stops at the first answer whatever its status.`,
  },
  retry: traefikRetryRules,
  // [TRF] providers.providersThrottleDuration defaults to 2s: changes are applied in batches.
  endpointSyncMs: 2000,
  log: {
    noEndpoints: (service) =>
      `DBG wrr.go > Service selection failed error="no available server" service=${service}`,
    refused: (pod) =>
      `DBG proxy.go > 502 Bad Gateway error="dial tcp ${pod}: connect: connection refused"`,
    timeout: () =>
      `DBG proxy.go > 504 Gateway Timeout error="net/http: timeout awaiting response headers"`,
    reset: (pod) =>
      `DBG proxy.go > 502 Bad Gateway error="read tcp ${pod}: read: connection reset by peer"`,
    answer: (status, cause) =>
      cause === 'noRoute'
        ? `access log: ${status} 19 "-" "-" 1 "-" "-" 0ms (no router matched: "404 page not found")`
        : `access log: ${status}`,
  },
};
