/**
 * One route of Contour's merged tree → the shared route table's Route, as Contour renders
 * it for Envoy ([CTR] internal/envoy/v3/route.go RouteMatch, RouteRoute, retryPolicy,
 * weightedClusters; internal/dag/policy.go). The match keeps Envoy's semantics: a string
 * prefix, a whole-path safe_regex, header and query matchers with Envoy's invert and
 * treat_missing_header_as_empty rules.
 */
import type { ContourHeadersPolicy, ContourRoute, HTTPProxy } from '../../model/contour.js';
import type {
  BalancingPolicy,
  HeaderFilter,
  HeaderMatch,
  MatchExpression,
  Mirror,
  PathMatch,
  QueryMatch,
  RouteMatch,
  RoutePolicy,
  WeightedBackend,
} from '../../model/routeTable.js';
import { formatMs } from '../../util/units.js';
import { ENVOY_BACKOFF_BASE_MS, ENVOY_NO_RETRY } from '../envoy/retry.js';
import {
  ENVOY_DEFAULT_ROUTE_TIMEOUT_MS,
  ENVOY_MAX_CONNECTIONS,
  ENVOY_UPSTREAM_IDLE_TIMEOUT_MS,
} from '../envoy/behaviour.js';
import { ENVOY_FORWARDING } from '../envoy/forward.js';
import { parseGoDurationMs } from '../../manifest/kinds/contour.js';
import {
  describeHeader,
  describePath,
  describeQuery,
  type HeaderCondition,
  type PathCondition,
  type QueryCondition,
} from './conditions.js';

/** Contour's connect timeout when its config sets none: Envoy's 2 s ([CTR] configuration.md "connect-timeout"). */
export const CONTOUR_CONNECT_TIMEOUT_MS = 2_000;
/** Envoy's stream idle timeout as Contour leaves it ([CTR] configuration.md "stream-idle-timeout" 5m). */
export const CONTOUR_STREAM_IDLE_TIMEOUT_MS = 300_000;
/** Downstream connection idle timeout ([CTR] configuration.md "connection-idle-timeout" 60s). */
export const CONTOUR_CONNECTION_IDLE_TIMEOUT_MS = 60_000;
/** The cookie Contour's `Cookie` strategy hashes on ([CTR] internal/dag/policy.go loadBalancerRequestHashPolicies). */
export const CONTOUR_AFFINITY_COOKIE = 'X-Contour-Session-Affinity';

/** Go's regexp.QuoteMeta, for turning a literal into an RE2 pattern. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function pathMatch(p: PathCondition): PathMatch {
  switch (p.kind) {
    case 'prefix':
      // HTTPProxy prefixes are string prefixes (PrefixMatchString, [CTR] internal/dag/conditions.go);
      // an Ingress Prefix path is a segment prefix (ingress_processor.go).
      return { kind: 'prefix', value: p.value, semantics: p.segment ? 'segment' : 'string' };
    case 'exact':
      return { kind: 'exact', value: p.value };
    case 'regex':
      // Envoy's safe_regex must match the whole path ([ENVOY] RouteMatch.safe_regex).
      return {
        kind: 'regex',
        pattern: p.value,
        caseInsensitive: false,
        anchoredStart: true,
        whole: true,
      };
  }
}

/** A header condition as field matchers, plus what only an expression can say (negation). */
function headerParts(h: HeaderCondition): { headers: HeaderMatch[]; expr: MatchExpression[] } {
  // :authority is the Host header; routelab's input carries it as host.
  const name = h.name.toLowerCase() === ':authority' ? 'host' : h.name;
  if (name === ':method' && h.matchType === 'exact' && !h.ignoreCase) {
    const m: MatchExpression = { op: 'method', methods: [h.value] };
    return { headers: [], expr: [h.invert ? { op: 'not', arg: m } : m] };
  }
  if (h.matchType === 'present')
    return { headers: [{ name, kind: h.invert ? 'absent' : 'present' }], expr: [] };
  const ic = h.ignoreCase ? '(?i)' : '';
  const positive: HeaderMatch =
    h.matchType === 'exact' && !h.ignoreCase
      ? { name, kind: 'exact', value: h.value }
      : h.matchType === 'exact'
        ? { name, kind: 'regex', value: `${ic}${quoteMeta(h.value)}`, whole: true }
        : h.matchType === 'contains'
          ? { name, kind: 'regex', value: `${ic}.*${quoteMeta(h.value)}.*`, whole: true }
          : { name, kind: 'regex', value: h.value, whole: true };
  if (!h.invert) return { headers: [positive], expr: [] };
  // Envoy: an absent header never matches an inverted matcher, unless
  // treat_missing_header_as_empty makes it "" ([ENVOY] HeaderMatcher.invert_match).
  const negated: MatchExpression = { op: 'not', arg: { op: 'header', match: positive } };
  return h.treatMissingAsEmpty
    ? { headers: [], expr: [negated] }
    : { headers: [{ name, kind: 'present' }], expr: [negated] };
}

function queryMatch(q: QueryCondition): QueryMatch {
  const ic = q.ignoreCase ? '(?i)' : '';
  const v = quoteMeta(q.value);
  switch (q.matchType) {
    case 'present':
      return { name: q.name, kind: 'present' };
    case 'exact':
      return q.ignoreCase
        ? { name: q.name, kind: 'regex', value: `${ic}${v}`, whole: true }
        : { name: q.name, kind: 'exact', value: q.value };
    case 'prefix':
      return { name: q.name, kind: 'regex', value: `${ic}${v}.*`, whole: true };
    case 'suffix':
      return { name: q.name, kind: 'regex', value: `${ic}.*${v}`, whole: true };
    case 'contains':
      return { name: q.name, kind: 'regex', value: `${ic}.*${v}.*`, whole: true };
    case 'regex':
      return { name: q.name, kind: 'regex', value: q.value, whole: true };
  }
}

export function routeMatch(
  path: PathCondition,
  headers: readonly HeaderCondition[],
  query: readonly QueryCondition[],
  wildcardFqdn: string | undefined,
): RouteMatch {
  const fields: HeaderMatch[] = [];
  const expr: MatchExpression[] = [];
  for (const h of headers) {
    const parts = headerParts(h);
    fields.push(...parts.headers);
    expr.push(...parts.expr);
  }
  // A wildcard fqdn: Contour adds an :authority regex so that "*" covers one DNS label
  // only, which Envoy's own wildcard domains do not ([CTR] httpproxy_processor.go
  // wildcardDomainHeaderMatch).
  if (wildcardFqdn) expr.push({ op: 'host', kind: 'exact', value: wildcardFqdn });
  const [only] = expr;
  const expression: MatchExpression | undefined =
    expr.length === 0 ? undefined : expr.length === 1 && only ? only : { op: 'and', args: expr };
  return {
    path: pathMatch(path),
    headers: fields,
    query: query.map(queryMatch),
    ...(expression ? { expression } : {}),
  };
}

/** "prefix: /api, header x-team exact "blue"": the conditions as Contour describes them. */
export function routeLabel(
  path: PathCondition,
  headers: readonly HeaderCondition[],
  query: readonly QueryCondition[],
): string {
  return [describePath(path), ...headers.map(describeHeader), ...query.map(describeQuery)].join(
    ', ',
  );
}

/**
 * weightedClusters: relative weights; none set (all zero) → an even split; some set →
 * the others get 0 ([CTR] request-routing.md "Upstream Weighting").
 */
export function serviceWeights(weights: readonly (number | undefined)[]): number[] {
  const given = weights.map((w) => w ?? 0);
  return given.every((w) => w === 0) ? given.map(() => 1) : given;
}

/** Contour's dynamic header values ([CTR] internal/dag/policy.go escapeHeaderValue). */
function expandValue(value: string, vars: Readonly<Record<string, string>>): string {
  return value.replace(
    /%(CONTOUR_NAMESPACE|CONTOUR_SERVICE_NAME|CONTOUR_SERVICE_PORT)%/g,
    (m, k: string) => vars[k] ?? m,
  );
}

/**
 * A headers policy as a filter: `set` overwrites (Envoy OVERWRITE_IF_EXISTS_OR_ADD), `remove`
 * drops. A request `Host` is not a header edit but Envoy's host_rewrite_literal; it comes
 * back separately.
 */
export function headerFilter(
  policy: ContourHeadersPolicy | undefined,
  vars: Readonly<Record<string, string>>,
): { filter?: HeaderFilter; host?: string } {
  if (!policy) return {};
  let host: string | undefined;
  const set: (readonly [string, string])[] = [];
  for (const { name, value } of policy.set) {
    if (name.toLowerCase() === 'host') host = expandValue(value, vars);
    else set.push([name, expandValue(value, vars)]);
  }
  const filter: HeaderFilter = { set, add: [], remove: [...policy.remove] };
  const empty = set.length === 0 && policy.remove.length === 0;
  return { ...(empty ? {} : { filter }), ...(host !== undefined ? { host } : {}) };
}

/** loadBalancerPolicy.strategy → the shared balancing policy ([CTR] internal/dag/policy.go). */
export function balancing(route: ContourRoute): { policy: BalancingPolicy; note?: string } {
  const lb = route.loadBalancerPolicy;
  switch (lb?.strategy) {
    case 'Cookie':
      return { policy: { algorithm: 'cookie', cookieName: CONTOUR_AFFINITY_COOKIE } };
    case 'RequestHash': {
      // Only the first usable hash policy is modelled; source IP is the common case.
      const first = lb.requestHashPolicies.find(
        (h) => h.hashSourceIP || h.headerName !== undefined || h.queryParameterName !== undefined,
      );
      if (!first)
        return {
          policy: { algorithm: 'round_robin' },
          note: 'RequestHash without a usable hash policy falls back to RoundRobin',
        };
      const hashBy = first.hashSourceIP
        ? '$remote_addr'
        : first.headerName !== undefined
          ? `$http_${first.headerName.toLowerCase().replace(/-/g, '_')}`
          : `$arg_${(first.queryParameterName ?? '').toLowerCase()}`;
      return { policy: { algorithm: 'hash', hashBy } };
    }
    case 'WeightedLeastRequest':
      return {
        policy: { algorithm: 'ewma' },
        note: 'WeightedLeastRequest picks the endpoint with fewer active requests; routelab balances it as a load-aware (EWMA) choice',
      };
    case 'Random':
      return {
        policy: { algorithm: 'round_robin' },
        note: 'Random picks any healthy endpoint; over many requests routelab spreads it like round robin',
      };
    default:
      return { policy: { algorithm: 'round_robin' } };
  }
}

/** timeoutPolicy and retryPolicy as Envoy applies them ([CTR] internal/dag/policy.go, internal/envoy/v3/route.go). */
export function routePolicy(route: ContourRoute | undefined, lb: BalancingPolicy): RoutePolicy {
  const tp = route?.timeoutPolicy;
  const response = tp?.response ?? { kind: 'default' };
  const requestMs =
    response.kind === 'duration'
      ? response.ms
      : response.kind === 'disabled'
        ? undefined
        : ENVOY_DEFAULT_ROUTE_TIMEOUT_MS;
  const idle = tp?.idle ?? { kind: 'default' };
  const streamIdleMs =
    idle.kind === 'duration'
      ? idle.ms
      : idle.kind === 'disabled'
        ? Number.MAX_SAFE_INTEGER
        : CONTOUR_STREAM_IDLE_TIMEOUT_MS;
  const idleConn = tp?.idleConnection ?? { kind: 'default' };
  const upstreamIdleMs =
    idleConn.kind === 'duration'
      ? idleConn.ms
      : idleConn.kind === 'disabled'
        ? Number.MAX_SAFE_INTEGER
        : ENVOY_UPSTREAM_IDLE_TIMEOUT_MS;
  return {
    timeouts: {
      connectMs: CONTOUR_CONNECT_TIMEOUT_MS,
      sendMs: streamIdleMs,
      readMs: streamIdleMs,
      ...(requestMs !== undefined ? { requestMs } : {}),
    },
    connections: {
      upstreamKeepalive: ENVOY_MAX_CONNECTIONS,
      upstreamIdleTimeoutMs: upstreamIdleMs,
      clientKeepAliveMs: CONTOUR_CONNECTION_IDLE_TIMEOUT_MS,
    },
    retry: retryPolicy(route),
    balancing: lb,
    forwarding: ENVOY_FORWARDING,
  };
}

/**
 * retryPolicy: no policy → no retries. With one: count -1 → none (fixed upstream in
 * projectcontour/contour#7525, which closed #5944), 0 or unset → Envoy's 1, n → n;
 * retryOn empty → "5xx"; retriableStatusCodes count only with retriable-status-codes;
 * an unparsable perTryTimeout is ignored.
 */
function retryPolicy(route: ContourRoute | undefined): RoutePolicy['retry'] {
  const rp = route?.retryPolicy;
  if (!rp) return ENVOY_NO_RETRY;
  const count = rp.count ?? 1;
  const retries = count === -1 ? 0 : count === 0 ? 1 : count;
  const perTry = rp.perTryTimeout !== undefined ? parseGoDurationMs(rp.perTryTimeout) : undefined;
  return {
    tries: retries + 1,
    on: rp.retryOn.length > 0 ? [...rp.retryOn] : ['5xx'],
    budgetMs: 0,
    // Envoy retries whatever the method; only the conditions decide.
    retryNonIdempotent: true,
    statusCodes: [...rp.retriableStatusCodes],
    ...(perTry !== undefined && perTry > 0 ? { perTryTimeoutMs: perTry } : {}),
    backoffBaseMs: ENVOY_BACKOFF_BASE_MS,
  };
}

export interface TranslatedBackends {
  readonly backends: WeightedBackend[];
  readonly mirrors: Mirror[];
  readonly upstreamHost?: string;
  readonly notes: string[];
}

/** Service-level headers and host, per backend; mirrors with their percentage. */
export function backendsOf(
  proxy: HTTPProxy,
  route: ContourRoute,
  usable: (index: number) => boolean,
): TranslatedBackends {
  const notes: string[] = [];
  const main = route.services
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => !s.mirror && usable(i));
  const weights = serviceWeights(main.map(({ s }) => s.weight));
  let upstreamHost: string | undefined;
  const backends: WeightedBackend[] = main.map(({ s }, k) => {
    const vars = {
      CONTOUR_NAMESPACE: proxy.meta.namespace,
      CONTOUR_SERVICE_NAME: s.name,
      CONTOUR_SERVICE_PORT: String(s.port),
    };
    const req = headerFilter(s.requestHeadersPolicy, vars);
    const res = headerFilter(s.responseHeadersPolicy, vars);
    if (req.host !== undefined) {
      if (main.length === 1) upstreamHost = req.host;
      else notes.push(`service ${s.name} rewrites Host to ${req.host} (only when it is chosen)`);
    }
    return {
      namespace: proxy.meta.namespace,
      service: s.name,
      port: { number: s.port },
      weight: weights[k] ?? 0,
      source: s.source,
      ...(req.filter ? { requestHeaders: req.filter } : {}),
      ...(res.filter ? { responseHeaders: res.filter } : {}),
    };
  });
  const mirrors: Mirror[] = route.services
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => s.mirror && usable(i))
    .map(({ s }) => ({
      namespace: proxy.meta.namespace,
      service: s.name,
      port: { number: s.port },
      // "Omitting the Weight field will result in 100% mirroring", and so does 0.
      percent: s.weight === undefined || s.weight === 0 ? 100 : Math.min(100, s.weight),
      source: s.source,
    }));
  return { backends, mirrors, ...(upstreamHost !== undefined ? { upstreamHost } : {}), notes };
}

export function describeTimeouts(policy: RoutePolicy): string {
  const t = policy.timeouts;
  return t.requestMs === undefined
    ? 'no response timeout'
    : `response timeout ${formatMs(t.requestMs)}`;
}
