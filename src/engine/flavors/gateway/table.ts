/**
 * One listener's route table: the routes attached to it, grouped into Envoy virtual hosts
 * by the hostname they are served under (envoyproxy/gateway processHTTPRouteParentRefListener
 * gives every IR route a Hostname; the xDS translator makes one virtual host per hostname),
 * each virtual host's routes sorted by Gateway API precedence (precedence.ts). A request
 * that reaches a virtual host and matches nothing gets Envoy's 404 (flag NR).
 */
import type { HTTPRoute, HTTPRouteFilter } from '../../model/gateway.js';
import type {
  Route,
  RouteAction,
  RouteCheck,
  RoutePolicy,
  RouteTable,
  VirtualHost,
} from '../../model/routeTable.js';
import type { SourceRef } from '../../model/source.js';
import { comparePrecedence, sortByPrecedence, type Ranked } from './precedence.js';
import { rulePolicy } from './policy.js';
import { rewriteFor, type CompiledMatch, type CompiledRule } from './rules.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Where each compiled route came from, for the precedence explanations: per virtual host,
 * in the order of its routes (one entry per virtual host, not per route, on every
 * compile); looked up by route only when a trace explains an order, and then indexed once.
 */
const ranks = new WeakMap<VirtualHost, readonly Ranked[]>();
const rankIndexes = new WeakMap<VirtualHost, ReadonlyMap<Route, Ranked>>();

export function rankOf(vhost: VirtualHost, route: Route): Ranked | undefined {
  let index = rankIndexes.get(vhost);
  if (!index) {
    const list = ranks.get(vhost) ?? [];
    const byRoute = new Map<Route, Ranked>();
    vhost.routes.forEach((r, i) => {
      const ranked = list[i];
      if (ranked) byRoute.set(r, ranked);
    });
    rankIndexes.set(vhost, (index = byRoute));
  }
  return index.get(route);
}

export interface AttachedRoute {
  readonly route: HTTPRoute;
  readonly rules: readonly CompiledRule[];
  readonly hosts: readonly string[];
}

const NO_ROUTE_POLICY: RoutePolicy = rulePolicy({
  matches: [],
  filters: [],
  backendRefs: [],
  timeouts: {},
  source: { kind: '', namespace: '', name: '', path: [], range: { startLine: 0, endLine: 0 } },
}).policy;

const noRoutes = new WeakMap<VirtualHost, Route>();

/** The answer when no route of a virtual host matches: Envoy's own 404 (flag NR). */
export function noRouteFor(vhost: VirtualHost): Route {
  let r = noRoutes.get(vhost);
  if (!r) {
    r = {
      id: `${vhost.id}/no-route`,
      label: 'no route matched (Envoy answers 404, flag NR)',
      match: { path: { kind: 'prefix', value: '/', semantics: 'segment' }, headers: [], query: [] },
      checks: [],
      action: { kind: 'respond', status: 404, reason: 'no route matches' },
      policy: NO_ROUTE_POLICY,
      source: vhost.sources[0] ?? {
        kind: '',
        namespace: '',
        name: '',
        path: [],
        range: { startLine: 0, endLine: 0 },
      },
    };
    noRoutes.set(vhost, r);
  }
  return r;
}

function label(route: HTTPRoute, rule: CompiledRule, m: CompiledMatch): string {
  const name = rule.rule.name !== undefined ? ` "${rule.rule.name}"` : '';
  return `${m.written} (HTTPRoute ${route.meta.namespace}/${route.meta.name} rules[${rule.index}]${name})`;
}

// Shared by every route without checks or canaries: nothing writes to a built route.
const NO_CHECKS: readonly RouteCheck[] = [];
const NO_ALTERNATIVES: readonly never[] = [];

function buildRoute(candidate: Candidate, host: string, listenerPort: number): Route {
  const { route, match: m, rule } = candidate;
  let checks: RouteCheck[] | undefined;
  if (rule.cors) {
    const c = rule.cors;
    (checks ??= []).push({
      kind: 'cors',
      allowOrigins: c.allowOrigins,
      allowCredentials: c.allowCredentials,
      allowMethods: c.allowMethods,
      allowHeaders: c.allowHeaders,
      exposeHeaders: c.exposeHeaders,
      maxAgeSeconds: c.maxAge,
      source: c.source,
      origin: `Envoy Gateway (the CORS filter of HTTPRoute ${route.meta.namespace}/${route.meta.name} rules[${rule.index}])`,
    });
  }
  let action: RouteAction;
  const answer = rule.answer;
  if (answer.kind === 'redirect') {
    const f = answer.filter;
    (checks ??= []).push(redirectCheck(route, rule, m, f, listenerPort));
    action = { kind: 'respond', status: f.statusCode, reason: 'RequestRedirect', direct: true };
  } else if (answer.kind === 'fail') {
    action = {
      kind: 'respond',
      status: answer.status,
      reason: `${answer.reason}, so Envoy Gateway programs a direct ${answer.status} answer for it`,
      direct: true,
    };
  } else {
    // Built without object spreads: this runs for every Envoy route on every compile.
    const forward: Mutable<Extract<RouteAction, { kind: 'forward' }>> = {
      kind: 'forward',
      backends: answer.backends,
      alternatives: NO_ALTERNATIVES,
    };
    if (answer.rewritePath) forward.rewrite = rewriteFor(answer.rewritePath, m);
    if (answer.upstreamHost) forward.upstreamHost = answer.upstreamHost;
    if (answer.requestHeaders) forward.requestHeaders = answer.requestHeaders;
    if (answer.responseHeaders) forward.responseHeaders = answer.responseHeaders;
    if (answer.mirrors.length > 0) forward.mirrors = answer.mirrors;
    action = forward;
  }
  const built: Route = {
    id: `${route.meta.namespace}/${route.meta.name}/rules/${rule.index}/matches/${m.index}${m.preflight ? '/cors-preflight' : ''}@${host}`,
    label: label(route, rule, m),
    match: m.match,
    checks: checks ?? NO_CHECKS,
    action,
    policy: rule.policy,
    source: m.source,
  };
  return built;
}

/**
 * A RequestRedirect as Envoy Gateway programs it (processHTTPRouteParentRefListener and
 * buildXdsRedirectAction): without a port, the well-known port of a given scheme, else the
 * listener's port; ports 80 and 443 are then left out of the Location whatever the scheme
 * ("Ignore the redirect port if it is a well-known port number"). ReplacePrefixMatch
 * becomes Envoy's prefix_rewrite on the matched prefix with trailing slashes trimmed, which
 * gives the Gateway API table (/foo → /xyz turns /foo/bar into /xyz/bar).
 */
function redirectCheck(
  route: HTTPRoute,
  rule: CompiledRule,
  m: CompiledMatch,
  f: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }>,
  listenerPort: number,
): RouteCheck {
  const port = f.port ?? (f.scheme === 'https' ? 443 : f.scheme === 'http' ? 80 : listenerPort);
  const trim = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const path =
    f.path?.type === 'ReplaceFullPath'
      ? { kind: 'full' as const, value: f.path.value }
      : f.path?.type === 'ReplacePrefixMatch'
        ? {
            kind: 'prefix' as const,
            matched: trim(m.spec.path.value),
            value: f.path.value.replace(/\/+$/, ''),
          }
        : undefined;
  return {
    kind: 'requestRedirect',
    status: f.statusCode,
    ...(f.scheme !== undefined ? { scheme: f.scheme } : {}),
    ...(f.hostname !== undefined ? { hostname: f.hostname } : {}),
    ...(port !== 80 && port !== 443 ? { port } : {}),
    ...(path ? { path } : {}),
    source: f.source,
    origin: `The RequestRedirect filter of HTTPRoute ${route.meta.namespace}/${route.meta.name} rules[${rule.index}]`,
  };
}

/**
 * A CORS rule whose match names a method other than OPTIONS would never see the browser's
 * preflight, so Envoy Gateway adds a route for it: the same path and query matches, the
 * other headers, method OPTIONS and the Origin and Access-Control-Request-Method headers
 * (internal/gatewayapi/route.go processHTTPRouteRule, "implicitly creating the envoy route
 * for CORS preflight"; gateway-api issue 3857).
 */
function corsPreflight(rule: CompiledRule, m: CompiledMatch): CompiledMatch | undefined {
  if (!rule.cors || m.spec.method === undefined || m.spec.method === 'OPTIONS') return undefined;
  const present = (name: string) => ({ name, kind: 'present' as const });
  const headers = [
    ...m.spec.headers,
    { type: 'RegularExpression' as const, name: 'origin', value: '.*', source: m.source },
    {
      type: 'RegularExpression' as const,
      name: 'access-control-request-method',
      value: '.*',
      source: m.source,
    },
  ];
  const spec = { ...m.spec, method: 'OPTIONS', headers };
  return {
    match: {
      ...m.match,
      method: 'OPTIONS',
      headers: [...m.match.headers, present('origin'), present('access-control-request-method')],
    },
    written: `${m.written.replace(/, method \w+/, '')}, CORS preflight (OPTIONS with Origin)`,
    spec,
    index: m.index,
    source: m.source,
    preflight: true,
  };
}

/** The list itself when it is in precedence order already (a route's rules often are). */
function inPrecedence(list: readonly Candidate[]): readonly Candidate[] {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    if (a && b && comparePrecedence(a, b) > 0) return sortByPrecedence([...list]);
  }
  return list;
}

interface Candidate extends Ranked {
  readonly rule: CompiledRule;
}

interface Candidates {
  readonly list: readonly Candidate[];
  sorted?: readonly Candidate[];
}

export function buildListenerTable(
  id: string,
  attached: readonly AttachedRoute[],
  listenerSource: SourceRef,
  listenerPort: number,
): RouteTable {
  // The candidates, once per attached route (the same under each of its hostnames).
  const byHost = new Map<string, Candidates[]>();
  for (const a of attached) {
    const list: Candidate[] = [];
    for (const rule of a.rules) {
      if (!rule.accepted) continue;
      for (const m of rule.matches) {
        list.push({ route: a.route, ruleIndex: rule.index, match: m, rule });
        const preflight = corsPreflight(rule, m);
        if (preflight) list.push({ route: a.route, ruleIndex: rule.index, match: preflight, rule });
      }
    }
    const candidates: Candidates = { list };
    for (const host of a.hosts) {
      const lists = byHost.get(host);
      if (lists) lists.push(candidates);
      else byHost.set(host, [candidates]);
    }
  }
  const virtualHosts: VirtualHost[] = [];
  let star: VirtualHost | undefined;
  byHost.forEach((lists, host) => {
    const only = lists.length === 1 ? lists[0] : undefined;
    // One route's candidates sort the same under each of its hostnames: sorted once.
    const sorted = only
      ? (only.sorted ??= inPrecedence(only.list))
      : sortByPrecedence(lists.flatMap((c) => c.list));
    const routes = sorted.map((c) => buildRoute(c, host, listenerPort));
    const first = sorted[0];
    const sources = only
      ? first
        ? [first.route.source]
        : []
      : [...new Set(sorted.map((c) => c.route.source))];
    const vhost: VirtualHost = {
      id: `${id}/${host}`,
      hostname: host === '*' ? null : host,
      routes,
      sources: sources.length > 0 ? sources : [listenerSource],
    };
    ranks.set(vhost, sorted);
    if (host === '*') star = vhost;
    else virtualHosts.push(vhost);
  });
  // No virtual host for the Host: Envoy answers 404 (NR); the catch-all holds just that.
  const nothing: Route[] = [];
  const fallback: VirtualHost = star ?? {
    id: `${id}/*`,
    hostname: null,
    routes: nothing,
    sources: [listenerSource],
  };
  if (!star) nothing.push(noRouteFor(fallback));
  return { family: 'envoy-gateway', virtualHosts, fallback };
}
