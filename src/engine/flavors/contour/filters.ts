/**
 * The HTTP filters Contour puts in front of the router, in the order of its filter
 * chain ([CTR] internal/envoy/v3/listener.go DefaultFilters: cors, local_ratelimit, ...,
 * rbac, router), as route checks:
 *  - CORS from `virtualhost.corsPolicy` (Envoy's CORS filter answers preflights);
 *  - Envoy's local rate limit: a token bucket per Envoy pod holding requests + burst
 *    tokens, refilled with `requests` per unit; over it the answer is 429 (flag RL) or
 *    responseStatusCode. A route's policy replaces the virtual host's;
 *  - IP allow/deny lists (Envoy RBAC, 403); a route's list replaces the virtual host's.
 */
import type {
  ContourCorsPolicy,
  ContourIpFilter,
  ContourLocalRateLimit,
  ContourRoute,
  HTTPProxy,
} from '../../model/contour.js';
import type { RouteCheck } from '../../model/routeTable.js';
import { parseGoDurationMs } from '../../manifest/kinds/contour.js';

const UNIT_MS: Readonly<Record<ContourLocalRateLimit['unit'], number>> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
};

/** Envoy's local rate limit answers 429 unless the policy sets another status. */
export const ENVOY_RATE_LIMITED_STATUS = 429;

function corsCheck(root: HTTPProxy, cors: ContourCorsPolicy, notes: string[]): RouteCheck {
  // Contour takes an origin that is not exactly scheme://host[:port] as a regex
  // (toCORSPolicy); the shared CORS check knows exact origins and "*" only.
  const exact = cors.allowOrigin.filter(
    (o) => o === '*' || /^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(o),
  );
  const regexes = cors.allowOrigin.filter((o) => !exact.includes(o));
  if (regexes.length > 0)
    notes.push(
      `corsPolicy of ${root.meta.namespace}/${root.meta.name}: the regex origins ${regexes.join(', ')} are not evaluated by routelab`,
    );
  const maxAgeMs = cors.maxAge !== undefined ? parseGoDurationMs(cors.maxAge) : undefined;
  return {
    kind: 'cors',
    allowOrigins: exact,
    allowCredentials: cors.allowCredentials,
    allowMethods: cors.allowMethods,
    allowHeaders: cors.allowHeaders,
    exposeHeaders: cors.exposeHeaders,
    ...(maxAgeMs !== undefined ? { maxAgeSeconds: Math.floor(maxAgeMs / 1000) } : {}),
    source: cors.source,
    origin: `Envoy's CORS filter (corsPolicy of HTTPProxy ${root.meta.namespace}/${root.meta.name})`,
  };
}

function rateLimitCheck(owner: HTTPProxy, limit: ContourLocalRateLimit, zone: string): RouteCheck {
  return {
    kind: 'tokenBucket',
    implementation: 'envoy',
    average: limit.requests,
    periodMs: UNIT_MS[limit.unit],
    burst: limit.requests + limit.burst,
    status: limit.responseStatusCode ?? ENVOY_RATE_LIMITED_STATUS,
    // One bucket per Envoy pod for the whole virtual host or route: every request through
    // it shares the bucket, whoever sends it.
    by: 'all',
    zone,
    source: limit.source,
    origin: `Envoy's local rate limit (rateLimitPolicy.local of HTTPProxy ${owner.meta.namespace}/${owner.meta.name})`,
  };
}

function ipChecks(
  owner: HTTPProxy,
  allow: readonly ContourIpFilter[],
  deny: readonly ContourIpFilter[],
  source: RouteCheck['source'],
): RouteCheck[] {
  const cidr = (f: ContourIpFilter) => ({
    text: f.cidr.includes('/') ? f.cidr : `${f.cidr}/${f.cidr.includes(':') ? 128 : 32}`,
  });
  const origin = `Envoy's RBAC filter (IP filter of HTTPProxy ${owner.meta.namespace}/${owner.meta.name})`;
  // With num-trusted-hops 0 (Contour's default) the "Remote" address is the peer's too.
  if (allow.length > 0)
    return [
      {
        kind: 'sourceRange',
        allow: allow.map(cidr),
        excluded: [],
        trustForwardedFor: false,
        status: 403,
        source,
        origin,
      },
    ];
  if (deny.length > 0)
    return [{ kind: 'ipAccess', allow: [], deny: deny.map(cidr), status: 403, source, origin }];
  return [];
}

/** The filter checks for one route of `root`'s virtual host, in filter-chain order. */
export function filterChecks(
  root: HTTPProxy,
  owner: HTTPProxy,
  route: ContourRoute,
  routeId: string,
  notes: string[],
): RouteCheck[] {
  const vh = root.virtualhost;
  if (!vh) return [];
  const checks: RouteCheck[] = [];
  if (vh.corsPolicy) checks.push(corsCheck(root, vh.corsPolicy, notes));
  const routeLimit = route.rateLimitPolicy?.local;
  const hostLimit = vh.rateLimitPolicy?.local;
  if (routeLimit) checks.push(rateLimitCheck(owner, routeLimit, routeId));
  else if (hostLimit) checks.push(rateLimitCheck(root, hostLimit, `contour/${vh.fqdn}`));
  const routeIp = route.ipAllowPolicy.length > 0 || route.ipDenyPolicy.length > 0;
  checks.push(
    ...(routeIp
      ? ipChecks(owner, route.ipAllowPolicy, route.ipDenyPolicy, route.source)
      : ipChecks(root, vh.ipAllowPolicy, vh.ipDenyPolicy, vh.source)),
  );
  return checks;
}
