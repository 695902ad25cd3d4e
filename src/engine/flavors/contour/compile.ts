/**
 * Contour's include forest → Envoy's route tables, as Contour hands them over xDS
 * ([CTR] internal/dag/httpproxy_processor.go computeHTTPProxy, internal/xdscache/v3/
 * route.go, listener.go):
 *  - one HTTP route configuration with a virtual host per valid root fqdn; a root with
 *    TLS answers its plain-HTTP routes with a 301 to HTTPS, except routes that set
 *    `permitInsecure`;
 *  - per TLS root, an HTTPS filter chain chosen by SNI with a route configuration of its
 *    own ("https/<fqdn>"); a request whose Host names another host gets 421 Misdirected
 *    Request (projectcontour/contour#2483);
 *  - routes in Contour's precedence order (precedence.ts); two routes with identical
 *    conditions are one: the one added last wins (dag.VirtualHost.AddRoute keys routes by
 *    their conditions);
 *  - a virtual host without routes is not sent to Envoy (VirtualHost.Valid).
 */
import type { HTTPProxy } from '../../model/contour.js';
import type { Resource, Service } from '../../model/resources.js';
import type {
  Route,
  RouteAction,
  RouteCheck,
  RouteTable,
  TlsBinding,
  VirtualHost,
} from '../../model/routeTable.js';
import type { SourceRef } from '../../model/source.js';
import type { IncludeForest, ProxyError, RootTree, TreeRoute } from './includes.js';
import { filterChecks } from './filters.js';
import type { IngressHosts } from './ingress.js';
import { sortRoutes, type Sortable } from './precedence.js';
import {
  backendsOf,
  balancing,
  headerFilter,
  routeLabel,
  routeMatch,
  routePolicy,
} from './translate.js';

export interface CompileInput {
  readonly forest: IncludeForest;
  readonly services: ReadonlyMap<string, Service>;
  readonly strict: boolean;
  /** The certificate of each TLS root, as tls.ts found it. */
  readonly certificates: ReadonlyMap<HTTPProxy, TlsBinding>;
  readonly controllerSource: SourceRef;
  /** Ingresses of this Contour's class, compiled (ingress.ts); their routes come first. */
  readonly ingresses?: IngressHosts;
}

export interface HttpsHost {
  readonly fqdn: string;
  readonly table: RouteTable;
  readonly tls: TlsBinding;
}

export interface CompiledContour {
  readonly http: RouteTable;
  readonly https: readonly HttpsHost[];
  /** Errors Contour adds while it builds clusters (unresolved Services), per proxy. */
  readonly errors: ReadonlyMap<HTTPProxy, ProxyError[]>;
  readonly assumptions: readonly string[];
  readonly notes: readonly string[];
}

/** One route of a virtual host, in both listeners' forms. */
interface Entry {
  readonly sortable: Sortable;
  /** The HTTPS form (and the HTTP form of a host without TLS). */
  readonly route: Route;
  /** The plain-HTTP form: undefined when the route is not served over HTTP. */
  readonly insecure?: Route;
}

interface HostBuild {
  readonly hostname: string;
  tls?: TlsBinding;
  readonly sources: SourceRef[];
  entries: Entry[];
}

export function compileContour(input: CompileInput): CompiledContour {
  const errors = new Map<HTTPProxy, ProxyError[]>();
  const assumptions: string[] = [];
  const notes: string[] = [];
  const hosts = new Map<string, HostBuild>();
  const hostOf = (name: string, source: SourceRef): HostBuild => {
    let h = hosts.get(name);
    if (!h) {
      h = { hostname: name, sources: [], entries: [] };
      hosts.set(name, h);
    }
    if (!h.sources.includes(source)) h.sources.push(source);
    return h;
  };

  // The Ingress processor runs before the HTTPProxy processor ([CTR] internal/dag/builder.go),
  // so an HTTPProxy route with the same conditions replaces an Ingress one.
  for (const e of input.ingresses?.entries ?? []) {
    const h = hostOf(e.host, e.route.source);
    const binding = e.host === '*' ? undefined : input.ingresses?.tls.get(e.host);
    if (binding) h.tls ??= binding;
    const insecure =
      e.http === 'none'
        ? undefined
        : e.http === 'redirect'
          ? withUpgrade(
              e.route,
              e.route.source,
              'ingress.kubernetes.io/force-ssl-redirect on the Ingress',
            )
          : e.route;
    h.entries.push({
      sortable: e.sortable,
      route: e.route,
      ...(insecure ? { insecure } : {}),
    });
  }

  for (const tree of input.forest.roots) {
    const binding = input.certificates.get(tree.root);
    if (tree.root.virtualhost?.tls?.passthrough) {
      notes.push(
        `HTTPProxy ${tree.root.meta.namespace}/${tree.root.meta.name} passes TLS through to its tcpproxy; routelab does not model TCP proxying`,
      );
      continue;
    }
    const h = hostOf(tree.fqdn, tree.root.virtualhost?.source ?? tree.root.source);
    if (binding) h.tls = binding;
    for (const r of tree.routes) {
      const route = toRoute(r, tree, input, errors, assumptions, notes);
      // The plain-HTTP form: with TLS, every route but the permitInsecure ones redirects
      // (routeEnforceTLS); Envoy's https_redirect answers 301.
      const insecure =
        binding && r.route && !r.route.permitInsecure
          ? withUpgrade(
              route,
              binding.source,
              `the TLS section of HTTPProxy ${tree.root.meta.namespace}/${tree.root.meta.name} (Contour upgrades plain HTTP to HTTPS unless a route sets permitInsecure)`,
            )
          : route;
      h.entries.push({ sortable: r, route, insecure });
    }
  }

  const httpHosts: VirtualHost[] = [];
  const https: HttpsHost[] = [];
  let star: VirtualHost | undefined;
  for (const h of hosts.values()) {
    const sorted = sortRoutes(lastWins(h.entries).map((e) => ({ ...e.sortable, entry: e }))).map(
      (s, i) => ({ ...s.entry, index: i }),
    );
    const id = (i: number) => `contour/${h.hostname}/${i}`;
    const plain = sorted.flatMap((e) => (e.insecure ? [{ ...e.insecure, id: id(e.index) }] : []));
    if (plain.length > 0) {
      const vhost: VirtualHost = {
        id: `contour/http/${h.hostname}`,
        hostname: h.hostname === '*' ? null : h.hostname,
        routes: plain,
        sources: h.sources,
      };
      if (h.hostname === '*') star = vhost;
      else httpHosts.push(vhost);
    }
    const secure = sorted.map((e) => ({ ...e.route, id: id(e.index) }));
    if (h.tls && h.hostname !== '*' && secure.length > 0)
      https.push({
        fqdn: h.hostname,
        tls: h.tls,
        table: {
          family: 'contour',
          virtualHosts: [
            {
              id: `contour/https/${h.hostname}`,
              hostname: h.hostname,
              tls: h.tls,
              routes: secure,
              sources: h.sources,
            },
          ],
          fallback: misdirectedHost(h.hostname, h.tls.source),
        },
      });
  }
  return {
    http: {
      family: 'contour',
      virtualHosts: httpHosts,
      fallback: star ?? {
        id: 'contour/http/*',
        hostname: null,
        routes: [],
        sources: [input.controllerSource],
      },
    },
    https,
    errors,
    assumptions,
    notes,
  };
}

/** The same route answering plain HTTP with Envoy's https_redirect (301). */
function withUpgrade(route: Route, source: SourceRef, origin: string): Route {
  const redirect: RouteCheck = {
    kind: 'requestRedirect',
    status: 301,
    scheme: 'https',
    source,
    origin,
  };
  return { ...route, checks: [redirect, ...route.checks] };
}

function conditionsKey(r: Sortable): string {
  return JSON.stringify([r.path, r.headers, r.query]);
}

/** dag.VirtualHost.AddRoute: routes keyed by their conditions; a later one replaces an earlier. */
function lastWins(entries: readonly Entry[]): Entry[] {
  const last = new Map<string, Entry>();
  for (const e of entries) last.set(conditionsKey(e.sortable), e);
  const kept = new Set(last.values());
  return entries.filter((e) => kept.has(e));
}

/**
 * The virtual host a TLS filter chain's route configuration falls back to: Contour
 * answers 421 Misdirected Request for any Host but the one the certificate was chosen
 * for, so a browser reusing an HTTP/2 connection opens a new one.
 */
function misdirectedHost(fqdn: string, source: SourceRef): VirtualHost {
  const route: Route = {
    id: `contour/https/${fqdn}/misdirected`,
    label: '421 for any other Host',
    match: { path: { kind: 'prefix', value: '/', semantics: 'string' }, headers: [], query: [] },
    checks: [],
    action: {
      kind: 'respond',
      status: 421,
      direct: true,
      reason: `the TLS connection was made for ${fqdn}, and Contour answers 421 Misdirected Request to a request whose Host names another host on it (projectcontour/contour#2483)`,
    },
    policy: routePolicy(undefined, { algorithm: 'round_robin' }),
    source,
  };
  return { id: `contour/https/${fqdn}/*`, hostname: null, routes: [route], sources: [source] };
}

/**
 * Where the route's conditions come from when includes added to them: "prefix /service2
 * (include in default/root) + prefix /blog", as Contour concatenates them.
 */
function written(r: TreeRoute): string | undefined {
  if (r.viaIncludes.length === 0) return undefined;
  const describe = (conds: TreeRoute['conditions']): string =>
    conds
      .map((c) =>
        c.prefix !== undefined
          ? `prefix ${c.prefix}`
          : c.exact !== undefined
            ? `exact ${c.exact}`
            : c.regex !== undefined
              ? `regex ${c.regex}`
              : c.header
                ? `header ${c.header.name}`
                : c.queryParameter
                  ? `query ${c.queryParameter.name}`
                  : '',
      )
      .filter((x) => x !== '')
      .join(' and ');
  const parts = r.viaIncludes.map((inc, i) => {
    const parent = r.chain[i];
    const conds = describe(inc.conditions) || 'no conditions';
    return `${conds} (include in ${parent ? `${parent.meta.namespace}/${parent.meta.name}` : '?'})`;
  });
  const own = r.route ? describe(r.route.conditions) : '';
  return [...parts, ...(own ? [own] : [])].join(' + ');
}

function toRoute(
  r: TreeRoute,
  tree: RootTree,
  input: CompileInput,
  errors: Map<HTTPProxy, ProxyError[]>,
  assumptions: string[],
  notes: string[],
): Route {
  const fqdn = tree.fqdn;
  const wildcard = fqdn.startsWith('*.') ? fqdn : undefined;
  const match = routeMatch(r.path, r.headers, r.query, wildcard);
  const label = routeLabel(r.path, r.headers, r.query);
  // The final id comes with the sorted position; rate-limit buckets key on the conditions.
  const id = `contour/${fqdn}/${label}`;
  const source = r.route?.source ?? r.failedInclude?.include.source ?? r.proxy.source;
  const via = written(r);
  const base = { id, label, match, source, ...(via ? { written: via } : {}) };
  const lb = r.route ? balancing(r.route) : { policy: { algorithm: 'round_robin' as const } };
  const policy = routePolicy(r.route, lb.policy);
  if (!r.route) {
    const reason = r.failedInclude?.reason ?? 'the include could not be followed';
    return {
      ...base,
      checks: [],
      action: {
        kind: 'respond',
        status: 502,
        direct: true,
        reason: `Contour answers 502 for the conditions of an include it cannot follow (${reason})`,
      },
      policy,
    };
  }
  const route = r.route;
  const proxy = r.proxy;
  const checks: RouteCheck[] = filterChecks(tree.root, proxy, route, id, notes);
  const redirect = route.requestRedirectPolicy;
  if (redirect)
    checks.push({
      kind: 'requestRedirect',
      status: redirect.statusCode,
      ...(redirect.scheme ? { scheme: redirect.scheme } : {}),
      ...(redirect.hostname ? { hostname: redirect.hostname } : {}),
      ...(redirect.port !== undefined ? { port: redirect.port } : {}),
      ...(redirect.path !== undefined
        ? { path: { kind: 'full' as const, value: redirect.path } }
        : redirect.prefix !== undefined && r.path.kind === 'prefix'
          ? { path: { kind: 'prefix' as const, matched: r.path.value, value: redirect.prefix } }
          : {}),
      source: redirect.source,
      origin: `requestRedirectPolicy of HTTPProxy ${proxy.meta.namespace}/${proxy.meta.name}`,
    });
  const direct = route.directResponsePolicy;
  if (direct)
    return {
      ...base,
      checks,
      action: {
        kind: 'respond',
        status: direct.statusCode,
        direct: true,
        reason: `directResponsePolicy of HTTPProxy ${proxy.meta.namespace}/${proxy.meta.name} answers ${direct.statusCode} without a backend`,
      },
      policy,
    };
  if (redirect)
    // The redirect check always answers; the action is never reached.
    return {
      ...base,
      checks,
      action: { kind: 'respond', status: redirect.statusCode, reason: 'redirect' },
      policy,
    };

  // EnsureService: a Service that does not resolve is left out of the route, with an
  // error on the proxy; a route with none left answers 503 itself.
  const usable = route.services.map((s) => {
    const problem = serviceProblem(proxy, s.name, s.port, input);
    if (problem === undefined) return true;
    if (problem === 'assumed') {
      assumptions.push(
        `Service ${proxy.meta.namespace}/${s.name} is not in the YAML; routelab assumes it exists with port ${s.port} and one ready pod`,
      );
      return true;
    }
    const list = errors.get(proxy) ?? [];
    list.push({
      type: 'ServiceError',
      reason: 'ServiceUnresolvedReference',
      message: `Spec.Routes unresolved service reference: ${problem}`,
      source: s.source,
    });
    errors.set(proxy, list);
    return false;
  });
  const translated = backendsOf(proxy, route, (i) => usable[i] ?? false);
  notes.push(...translated.notes);
  if (lb.note) notes.push(`${label}: ${lb.note}`);
  const vars = { CONTOUR_NAMESPACE: proxy.meta.namespace };
  const req = headerFilter(route.requestHeadersPolicy, vars);
  const res = headerFilter(route.responseHeadersPolicy, vars);
  if (translated.backends.length === 0) {
    const action: RouteAction = {
      kind: 'respond',
      status: 503,
      direct: true,
      reason: `none of the route's Services resolves (see the HTTPProxy's status), so Contour gives it a direct response of 503 Service Unavailable`,
    };
    return { ...base, checks, action, policy };
  }
  const rewrite =
    r.prefixRewrite !== undefined && r.path.kind === 'prefix'
      ? { kind: 'replacePrefix' as const, prefix: r.path.value, value: r.prefixRewrite }
      : undefined;
  const upstreamHost = req.host ?? translated.upstreamHost;
  const action: RouteAction = {
    kind: 'forward',
    backends: translated.backends,
    alternatives: [],
    ...(rewrite ? { rewrite } : {}),
    ...(upstreamHost !== undefined ? { upstreamHost } : {}),
    ...(req.filter ? { requestHeaders: req.filter } : {}),
    ...(res.filter ? { responseHeaders: res.filter } : {}),
    ...(translated.mirrors.length > 0 ? { mirrors: translated.mirrors } : {}),
  };
  return { ...base, checks, action, policy };
}

/**
 * Why EnsureService fails for a service of a route ([CTR] internal/dag/cache.go
 * LookupService: the port must equal a Service port number or name; messages as Contour
 * writes them), 'assumed' for a Service the YAML does not define (not in strict mode),
 * or undefined when it resolves.
 */
function serviceProblem(
  proxy: HTTPProxy,
  name: string,
  port: number,
  input: CompileInput,
): string | 'assumed' | undefined {
  const key = `${proxy.meta.namespace}/${name}`;
  const svc = input.services.get(key);
  if (!svc) return input.strict ? `service "${key}" not found` : 'assumed';
  if (svc.type === 'ExternalName')
    return `${key} is an ExternalName service, and Contour serves those only with enableExternalNameService (off by default)`;
  if (!svc.ports.some((p) => p.port === port))
    return `port "${port}" on service "${key}" not matched`;
  return undefined;
}

/** Services by namespace/name. */
export function serviceIndex(resources: readonly Resource[]): Map<string, Service> {
  return new Map(
    resources
      .filter((r): r is Service => r.kind === 'Service')
      .map((s) => [`${s.meta.namespace}/${s.meta.name}`, s]),
  );
}
