/**
 * Traefik's routers → the shared route table, one table per entry point.
 *
 * How Traefik serves an entry point ([TRF] pkg/server/router/router.go, pkg/muxer/http/mux.go):
 *  - there are no virtual hosts: every router attached to the entry point is one route in
 *    a single list, sorted by priority (highest first), and the first whose rule matches
 *    takes the request; none → 404 "404 page not found" (http.NotFoundHandler);
 *  - the default priority is the rule's length; `priority` overrides it; routers of the
 *    same provider with the same priority have no defined order (a Go map and
 *    sort.Sort); routelab orders them by name and lint says so (RL711);
 *  - a router with `tls` serves only TLS connections, one without only plain ones, and
 *    an entry point with `http.tls` makes all of its routers TLS routers;
 *  - a router Traefik cannot build (rule, middleware, service) is left out entirely.
 */
import type { CertificateSummary, Listener, LoadBalancerPort } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Secret, Service } from '../../model/resources.js';
import type {
  MatchExpression,
  Route,
  RouteCheck,
  RoutePolicy,
  RouteTable,
  TlsBinding,
  VirtualHost,
  WeightedBackend,
} from '../../model/routeTable.js';
import type { SourceRef } from '../../model/source.js';
import type { TraefikMiddleware } from '../../model/traefik.js';
import { TRAEFIK_CODES } from '../../model/traefik.js';
import type { ServiceIndex } from '../../cluster/services.js';
import type { EntryPointSpec, TraefikControllerSpec } from './controller.js';
import {
  resolveChain,
  toHeaderFilter,
  type MiddlewareContext,
  type MiddlewareEffects,
  type QualifiedRef,
} from './middlewares.js';
import { checkRule, parseRule, rulePriority, type RuleNode } from './rule.js';
import type { TraefikRouter } from './routers.js';

/**
 * Traefik sets no response timeout by default (ServersTransport
 * forwardingTimeouts.responseHeaderTimeout 0; [TRF] pkg/config/dynamic/http_config.go):
 * it waits as long as the client does. routelab stops waiting here and calls it a timeout.
 */
export const NO_RESPONSE_TIMEOUT_MS = 300_000;
/** ServersTransport dialTimeout 30s, idleConnTimeout 90s, maxIdleConnsPerHost 200 (same file). */
const DIAL_TIMEOUT_MS = 30_000;
const IDLE_CONN_TIMEOUT_MS = 90_000;
const MAX_IDLE_CONNS_PER_HOST = 200;
/** Entry point respondingTimeouts.idleTimeout 180s ([TRF] pkg/config/static/entrypoints.go). */
const CLIENT_IDLE_TIMEOUT_MS = 180_000;

/** A router Traefik left out, and why. */
export interface DroppedRouter {
  readonly router: TraefikRouter;
  readonly reason: string;
  readonly log: string;
  readonly source: SourceRef;
}

/** A router as it runs: its parsed rule, priority, middlewares and backends. */
export interface ServedRouter {
  readonly router: TraefikRouter;
  readonly tree: RuleNode;
  readonly priority: number;
  readonly effects: MiddlewareEffects;
  readonly backends: readonly WeightedBackend[];
  readonly entryPoints: readonly EntryPointSpec[];
  readonly assumptions: readonly string[];
}

export interface CompileInput {
  readonly spec: TraefikControllerSpec;
  readonly routers: readonly TraefikRouter[];
  readonly middlewares: ReadonlyMap<string, TraefikMiddleware>;
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly certificates: ReadonlyMap<string, CertificateSummary>;
  readonly services: ServiceIndex;
  /** Certificates the Ingresses' spec.tls load into Traefik's store. */
  readonly ingressCertificates: readonly {
    secret: string;
    hosts: readonly string[];
    source: SourceRef;
  }[];
  readonly lbPorts: readonly LoadBalancerPort[];
  readonly lbService: Service | undefined;
}

export interface CompileResult {
  readonly listeners: Listener[];
  readonly served: ServedRouter[];
  readonly dropped: DroppedRouter[];
}

/** The rule tree behind each route, for selection (routes keep the rule as an expression too). */
export const ruleTrees = new WeakMap<Route, RuleNode>();
/** Each router route's effective priority (for lint). */
export const routePriorities = new WeakMap<Route, number>();
/** Routers of the controller that are not on an entry point, per entry point's router list. */
export const elsewhere = new WeakMap<
  VirtualHost,
  readonly { rule: string; hosts: readonly string[]; where: string }[]
>();
/** Which certificates Traefik's store holds, per table (the store is shared by all entry points). */
export const certificateStores = new WeakMap<RouteTable, readonly VirtualHost[]>();

export function compileTraefik(input: CompileInput, diagnostics: Diagnostic[]): CompileResult {
  const { spec } = input;
  const served: ServedRouter[] = [];
  const dropped: DroppedRouter[] = [];
  const drop = (
    router: TraefikRouter,
    code: keyof typeof TRAEFIK_CODES,
    reason: string,
    log: string,
    source: SourceRef,
  ): void => {
    dropped.push({ router, reason, log, source });
    diagnostics.push({
      code: TRAEFIK_CODES[code],
      severity: 'error',
      message: `Traefik drops the router for ${describeRouter(router)}: ${reason}. Requests it would take get another router, or 404. (Traefik logs: ${log})`,
      source,
    });
  };
  for (const router of input.routers) {
    const r = serveRouter(router, input, drop, diagnostics);
    if (r) served.push(r);
  }
  const store = certificateStore(input, served);
  const listeners: Listener[] = [];
  for (const port of input.lbPorts) {
    const ep = entryPointFor(port, spec, input.lbService);
    if (!ep) continue;
    const table = entryPointTable(ep, port, served, input, diagnostics);
    certificateStores.set(table, store);
    listeners.push({
      name: ep.name,
      port: port.port,
      protocol: port.protocol,
      table,
      source: port.source,
    });
  }
  return { listeners, served, dropped };
}

function describeRouter(r: TraefikRouter): string {
  const res = r.resource;
  return `${res.kind} ${res.meta.namespace}/${res.meta.name} (${r.rule || 'no rule'})`;
}

type Drop = (
  router: TraefikRouter,
  code: keyof typeof TRAEFIK_CODES,
  reason: string,
  log: string,
  source: SourceRef,
) => void;

function serveRouter(
  router: TraefikRouter,
  input: CompileInput,
  drop: Drop,
  diagnostics: Diagnostic[],
): ServedRouter | undefined {
  const { spec } = input;
  if (router.refused) {
    drop(
      router,
      'unknownMiddleware',
      router.refused.reason,
      router.refused.log,
      router.refused.source,
    );
    return undefined;
  }
  const parsed = parseRule(router.rule);
  if (!parsed.ok) {
    const e = parsed.error;
    drop(
      router,
      'rule',
      `the rule does not parse at column ${e.column}${e.line > 1 ? ` of line ${e.line}` : ''}: ${e.message}`,
      `error while parsing rule ${router.rule}: ${e.message}`,
      ruleLine(router.ruleSource, router.rule, e.line),
    );
    return undefined;
  }
  const problems = checkRule(router.rule, parsed.tree);
  if (problems[0]) {
    const e = problems[0];
    drop(
      router,
      'rule',
      `at column ${e.column}, ${e.message}`,
      `error while adding rule ${router.rule}: ${e.message}`,
      ruleLine(router.ruleSource, router.rule, e.line),
    );
    return undefined;
  }
  const tree = router.strictPrefix ? strictPrefixes(parsed.tree) : parsed.tree;
  const entryPoints = attachedEntryPoints(router, spec, diagnostics);
  if (entryPoints.length === 0) return undefined;
  const provider = router.provider === 'kubernetescrd' ? spec.crd : spec.ingress;
  const allowCrossNamespace = provider?.allowCrossNamespace ?? false;
  const chain = resolveChain(router.middlewares, middlewareContext(input, allowCrossNamespace));
  if (!chain.ok) {
    drop(router, chain.code, chain.reason, chain.log, chain.source);
    return undefined;
  }
  const assumptions: string[] = [];
  const backends: WeightedBackend[] = [];
  if (router.services.length === 0) {
    drop(
      router,
      'service',
      'the route names no service',
      `the service "${router.name.replace(/@.*$/, '')}@${router.provider}" does not exist`,
      router.source,
    );
    return undefined;
  }
  for (const s of router.services) {
    const problem = serviceProblem(
      router,
      s,
      input,
      allowCrossNamespace,
      provider?.allowEmptyServices ?? false,
      assumptions,
    );
    if (problem) {
      drop(router, problem.code, problem.reason, problem.log, s.source);
      return undefined;
    }
    backends.push({
      namespace: s.namespace,
      service: s.name,
      port: s.port,
      weight: s.weight,
      source: s.source,
    });
  }
  for (const n of chain.effects.notModelled)
    diagnostics.push({
      code: TRAEFIK_CODES.notModelled,
      severity: 'info',
      message: `routelab does not model ${n.kind} (${n.name}); it assumes the request passes through it unchanged.`,
      source: n.source,
    });
  return {
    router,
    tree,
    priority: router.priority !== 0 ? router.priority : rulePriority(router.rule),
    effects: chain.effects,
    backends,
    entryPoints,
    assumptions,
  };
}

/** The YAML line of a rule error: block scalars start a line below their key. */
function ruleLine(source: SourceRef, rule: string, line: number): SourceRef {
  const lines = rule.split('\n').length;
  const span = source.range.endLine - source.range.startLine + 1;
  const first = source.range.startLine + (span > lines ? 1 : 0);
  const at = Math.min(first + line - 1, source.range.endLine);
  return { ...source, range: { startLine: at, endLine: at } };
}

/** PathPrefix(`/p`) → Path(`/p`) || PathPrefix(`/p/`): whole segments, as Ingress Prefix means. */
function strictPrefixes(n: RuleNode): RuleNode {
  switch (n.kind) {
    case 'matcher': {
      const p = n.args[0] ?? '';
      if (n.name !== 'PathPrefix' || p === '/') return n;
      const base = p.replace(/\/+$/, '');
      return {
        kind: 'or',
        span: n.span,
        args: [
          { ...n, name: 'Path', args: [base] },
          { ...n, args: [`${base}/`] },
        ],
      };
    }
    case 'not':
      return { ...n, arg: strictPrefixes(n.arg) };
    default:
      return { ...n, args: n.args.map(strictPrefixes) };
  }
}

/** Entry points a router is on: those it names that exist, or the default ones. */
function attachedEntryPoints(
  router: TraefikRouter,
  spec: TraefikControllerSpec,
  diagnostics: Diagnostic[],
): EntryPointSpec[] {
  if (router.entryPoints.length === 0) {
    // [TRF] routers without entryPoints use the default ones: those marked asDefault, else all.
    const marked = spec.entryPoints.filter((e) => e.asDefault);
    return marked.length > 0 ? marked : [...spec.entryPoints];
  }
  const out: EntryPointSpec[] = [];
  for (const name of router.entryPoints) {
    const ep = spec.entryPoints.find((e) => e.name === name);
    if (ep) out.push(ep);
    else
      diagnostics.push({
        code: TRAEFIK_CODES.entryPoint,
        severity: out.length === 0 && router.entryPoints.length === 1 ? 'error' : 'warning',
        message: `Entry point "${name}" does not exist on Traefik ${spec.namespace}/${spec.name} (it has ${spec.entryPoints.map((e) => e.name).join(', ') || 'none'}), so the router for ${describeRouter(router)} is not served there. Traefik logs: EntryPoint doesn't exist entryPointName=${name}`,
        source:
          router.resource.kind === 'IngressRoute'
            ? router.resource.locate(['spec', 'entryPoints'])
            : router.source,
      });
  }
  return out;
}

function middlewareContext(input: CompileInput, allowCrossNamespace: boolean): MiddlewareContext {
  return {
    index: input.middlewares,
    secrets: input.secrets,
    allowCrossNamespace,
    // routelab models entry points without forwardedHeaders.trustedIPs: Traefik drops
    // the client's X-Forwarded-* ([TRF] pkg/middlewares/forwardedheaders).
    trustForwardedFor: Object.keys(input.spec.flags).some((k) =>
      /^entrypoints\.[^.]+\.forwardedheaders\.(insecure|trustedips)$/.test(k),
    ),
  };
}

function serviceProblem(
  router: TraefikRouter,
  s: TraefikRouter['services'][number],
  input: CompileInput,
  allowCrossNamespace: boolean,
  allowEmptyServices: boolean,
  assumptions: string[],
): { code: keyof typeof TRAEFIK_CODES; reason: string; log: string } | undefined {
  const crd = router.provider === 'kubernetescrd';
  const where = `${s.namespace}/${s.name}`;
  if (s.kind === 'TraefikService')
    return {
      code: 'notModelled',
      reason: `it sends to TraefikService ${where}, which routelab does not model`,
      log: `TraefikService ${where} not modelled by routelab`,
    };
  if (s.kind === 'Resource')
    return {
      code: 'service',
      reason: 'the path has a resource backend, which Traefik does not support',
      log: 'Cannot create service: resource backends are not supported',
    };
  if (crd && s.namespace !== router.resource.meta.namespace && !allowCrossNamespace)
    return {
      code: 'service',
      reason: `service ${where} is in another namespace and allowCrossNamespace is off`,
      log: `service ${where} not in the parent resource namespace ${router.resource.meta.namespace}`,
    };
  if (s.port.number === undefined && s.port.name === undefined)
    return {
      code: 'service',
      reason: `service ${where} is named without a port`,
      log: 'ingressRoute service port not defined',
    };
  const res = input.services.resolve(s.namespace, s.name, s.port);
  if (res.assumed) {
    assumptions.push(
      `Service ${where} is not in the YAML; routelab assumes it exists with one ready pod`,
    );
    return undefined;
  }
  const svc = res.service;
  if (!svc)
    return crd
      ? {
          code: 'service',
          reason: `Service ${where} does not exist`,
          log: `kubernetes service not found: ${where}`,
        }
      : {
          code: 'service',
          reason: `Service ${where} does not exist`,
          log: 'Cannot create service: service not found',
        };
  // [TRF] getServicePort: the Service port by number or by name, never its targetPort.
  const port = svc.ports.find((p) =>
    s.port.number !== undefined ? p.port === s.port.number : p.name === s.port.name,
  );
  if (!port)
    return {
      code: 'service',
      reason: `Service ${where} has no port ${s.port.number ?? s.port.name ?? ''} (Traefik matches the Service's port number or name, not its targetPort)`,
      log: crd
        ? `service port not found: ${s.port.number ?? s.port.name ?? ''}`
        : 'Cannot create service: service port not found',
    };
  if (
    svc.type === 'ExternalName' &&
    !(crd ? input.spec.crd : input.spec.ingress)?.allowExternalNameServices
  )
    return {
      code: 'service',
      reason: `Service ${where} is of type ExternalName and allowExternalNameServices is off`,
      log: `externalName services not allowed: ${where}`,
    };
  const ready = res.endpoints.filter((e) => e.ready);
  if (ready.length === 0 && !allowEmptyServices)
    // [TRF] crd/kubernetes_http.go loadServers; ingress/kubernetes.go: without
    // allowEmptyServices a Service with no ready endpoints drops the route (semantics.md D4).
    return {
      code: 'service',
      reason: `Service ${where} has no ready endpoints (${res.problem ?? 'no pod is ready'}) and allowEmptyServices is off, so the route is skipped rather than answering 503`,
      log: crd ? `no servers found for ${where}` : 'Skipping service: no endpoints found',
    };
  return undefined;
}

// ---------------------------------------------------------------- entry points

/** The entry point behind a load-balancer port: by the Service's targetPort, else 80 → web, 443 → websecure. */
function entryPointFor(
  port: LoadBalancerPort,
  spec: TraefikControllerSpec,
  service: Service | undefined,
): EntryPointSpec | undefined {
  const sp = service?.ports.find((p) => p.port === port.port);
  if (sp) {
    const target = String(sp.targetPort);
    const byName = spec.entryPoints.find((e) => e.name === target);
    if (byName) return byName;
    const byPort = spec.entryPoints.find((e) => String(e.port) === target);
    if (byPort) return byPort;
  }
  const conventional = port.protocol === 'https' ? 'websecure' : 'web';
  return (
    spec.entryPoints.find((e) => e.name === conventional) ??
    spec.entryPoints.find((e) => e.port === port.port)
  );
}

function entryPointTable(
  ep: EntryPointSpec,
  port: LoadBalancerPort,
  served: readonly ServedRouter[],
  input: CompileInput,
  diagnostics: Diagnostic[],
): RouteTable {
  const routes: Route[] = [];
  if (ep.redirect) routes.push(redirectRoute(ep, input.spec));
  else {
    const tlsPort = port.protocol === 'https' && !port.tlsAtLoadBalancer;
    const epChain = entryPointMiddlewares(ep, input);
    const here = served
      .filter((s) => s.entryPoints.includes(ep))
      .filter((s) =>
        tlsPort ? s.router.tls !== undefined || ep.tls : s.router.tls === undefined && !ep.tls,
      )
      .sort(
        (a, b) =>
          b.priority - a.priority ||
          // routelab's tie-break; Traefik's order is undefined here (RL711).
          a.router.name.localeCompare(b.router.name),
      );
    if (epChain && !epChain.ok)
      diagnostics.push({
        code: TRAEFIK_CODES.unknownMiddleware,
        severity: 'error',
        message: `Entry point ${ep.name} applies middleware that Traefik cannot build (${epChain.reason}), so every router on it fails and the entry point answers 404. (Traefik logs: ${epChain.log})`,
        source: ep.source,
      });
    else for (const s of here) routes.push(routeOf(s, epChain?.ok ? epChain.effects : undefined));
  }
  routes.push(notFoundRoute(ep));
  const vhost: VirtualHost = {
    id: `${ep.name}:routers`,
    hostname: null,
    routes,
    sources: [ep.source],
  };
  const onThisPort = new Set(routes.map((r) => r.id));
  elsewhere.set(
    vhost,
    ep.redirect
      ? []
      : served
          .filter((s) => !onThisPort.has(s.router.name))
          .map((s) => ({
            rule: s.router.rule,
            hosts: ruleHosts(s.tree),
            where: !s.entryPoints.includes(ep)
              ? `only on entry point${s.entryPoints.length === 1 ? '' : 's'} ${s.entryPoints.map((e) => e.name).join(', ')}`
              : s.router.tls
                ? 'a TLS router (it has tls), so only HTTPS requests reach it'
                : 'not a TLS router, so HTTPS requests do not reach it',
          })),
  );
  return { family: 'traefik', virtualHosts: [], fallback: vhost };
}

function entryPointMiddlewares(
  ep: EntryPointSpec,
  input: CompileInput,
): ReturnType<typeof resolveChain> | undefined {
  if (ep.middlewares.length === 0) return undefined;
  const refs: QualifiedRef[] = ep.middlewares.map((key) => ({
    key: key.includes('@') ? key : `${key}@internal`,
    source: ep.source,
  }));
  return resolveChain(refs, middlewareContext(input, true));
}

export function basePolicy(effects: MiddlewareEffects | undefined): RoutePolicy {
  const retry = effects?.retry;
  return {
    timeouts: {
      connectMs: DIAL_TIMEOUT_MS,
      sendMs: NO_RESPONSE_TIMEOUT_MS,
      readMs: NO_RESPONSE_TIMEOUT_MS,
    },
    connections: {
      upstreamKeepalive: MAX_IDLE_CONNS_PER_HOST,
      upstreamIdleTimeoutMs: IDLE_CONN_TIMEOUT_MS,
      clientKeepAliveMs: CLIENT_IDLE_TIMEOUT_MS,
    },
    retry: retry
      ? {
          tries: retry.attempts,
          on: [
            ...(retry.networkErrors ? ['network-error'] : []),
            ...(retry.statusCodes.length > 0 ? ['status'] : []),
          ],
          budgetMs: 0,
          retryNonIdempotent: retry.retryNonIdempotent,
          ...(retry.statusCodes.length > 0 ? { statusCodes: retry.statusCodes } : {}),
          ...(retry.initialIntervalMs > 0 ? { backoffBaseMs: retry.initialIntervalMs } : {}),
        }
      : { tries: 1, on: [], budgetMs: 0, retryNonIdempotent: false },
    // [TRF] pkg/server/service/loadbalancer/wrr: weighted round robin over the servers.
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

function merge(a: MiddlewareEffects | undefined, b: MiddlewareEffects): MiddlewareEffects {
  if (!a) return b;
  return {
    checks: [...a.checks, ...b.checks],
    steps: [...a.steps, ...b.steps],
    requestHeaders: {
      set: [...a.requestHeaders.set, ...b.requestHeaders.set],
      add: [...a.requestHeaders.add, ...b.requestHeaders.add],
      remove: [...a.requestHeaders.remove, ...b.requestHeaders.remove],
    },
    responseHeaders: {
      set: [...a.responseHeaders.set, ...b.responseHeaders.set],
      add: [...a.responseHeaders.add, ...b.responseHeaders.add],
      remove: [...a.responseHeaders.remove, ...b.responseHeaders.remove],
    },
    ...((b.retry ?? a.retry) ? { retry: b.retry ?? a.retry } : {}),
    applied: [...a.applied, ...b.applied],
    notModelled: [...a.notModelled, ...b.notModelled],
    sources: [...a.sources, ...b.sources],
  };
}

function routeOf(s: ServedRouter, epEffects: MiddlewareEffects | undefined): Route {
  const effects = merge(epEffects, s.effects);
  const requestHeaders = toHeaderFilter(effects.requestHeaders);
  const responseHeaders = toHeaderFilter(effects.responseHeaders);
  const route: Route = {
    id: s.router.name,
    label: `router ${s.router.rule} (priority ${s.priority})`,
    match: {
      path: { kind: 'prefix', value: '/', semantics: 'string' },
      headers: [],
      query: [],
      expression: toExpression(s.tree),
    },
    checks: effects.checks,
    action: {
      kind: 'forward',
      backends: s.backends,
      alternatives: [],
      ...(effects.steps.length > 0 ? { rewrite: { kind: 'steps', steps: effects.steps } } : {}),
      ...(requestHeaders ? { requestHeaders } : {}),
      ...(responseHeaders ? { responseHeaders } : {}),
    },
    policy: basePolicy(effects),
    source: s.router.source,
  };
  ruleTrees.set(route, s.tree);
  routePriorities.set(route, s.priority);
  return route;
}

/** The 404 Traefik answers when no router matches (Go's http.NotFoundHandler). */
function notFoundRoute(ep: EntryPointSpec): Route {
  return {
    id: `${ep.name}:not-found`,
    label: 'no router',
    match: { path: { kind: 'prefix', value: '/', semantics: 'string' }, headers: [], query: [] },
    checks: [],
    action: { kind: 'respond', status: 404, reason: '404 page not found' },
    policy: basePolicy(undefined),
    source: ep.source,
  };
}

/**
 * An entry point redirection (`http.redirections.entryPoint`): Traefik adds a router
 * with the rule HostRegexp(`^.+$`) and the highest priority that redirects everything
 * ([TRF] pkg/server/router/... redirections; docs install-configuration/entrypoints.md).
 */
function redirectRoute(ep: EntryPointSpec, spec: TraefikControllerSpec): Route {
  const r = ep.redirect as NonNullable<EntryPointSpec['redirect']>;
  const target = r.to.startsWith(':') ? undefined : spec.entryPoints.find((e) => e.name === r.to);
  const port = r.to.startsWith(':') ? r.to.slice(1) : target ? String(target.port) : undefined;
  const check: RouteCheck = {
    kind: 'schemeRedirect',
    scheme: r.scheme,
    permanent: r.permanent,
    source: ep.source,
    origin: `Entry point ${ep.name} (http.redirections.entryPoint.to=${r.to})`,
    ...(port ? { port } : {}),
  };
  const tree: RuleNode = {
    kind: 'matcher',
    name: 'HostRegexp',
    written: 'HostRegexp',
    args: ['^.+$'],
    span: { start: 0, end: 0 },
  };
  const route: Route = {
    id: `${ep.name}-to-${r.to}@internal`,
    label: `router ${ep.name}-to-${r.to}@internal (HostRegexp(\`^.+$\`), the highest priority)`,
    match: {
      path: { kind: 'prefix', value: '/', semantics: 'string' },
      headers: [],
      query: [],
      expression: toExpression(tree),
    },
    checks: [check],
    action: { kind: 'forward', backends: [], alternatives: [] },
    policy: basePolicy(undefined),
    source: ep.source,
  };
  ruleTrees.set(route, tree);
  return route;
}

/** The rule as a MatchExpression, for tools that read route tables generically. */
export function toExpression(n: RuleNode): MatchExpression {
  switch (n.kind) {
    case 'and':
    case 'or':
      return { op: n.kind, args: n.args.map(toExpression) };
    case 'not':
      return { op: 'not', arg: toExpression(n.arg) };
    case 'matcher': {
      const [a = '', b] = n.args;
      switch (n.name) {
        case 'Host':
          return { op: 'host', kind: 'exact', value: a.toLowerCase() };
        case 'HostRegexp':
          return { op: 'host', kind: 'regex', value: a };
        case 'Path':
          return { op: 'path', match: { kind: 'exact', value: a } };
        case 'PathPrefix':
          return { op: 'path', match: { kind: 'prefix', value: a, semantics: 'string' } };
        case 'PathRegexp':
          return {
            op: 'path',
            match: {
              kind: 'regex',
              pattern: a,
              caseInsensitive: false,
              anchoredStart: false,
              whole: false,
            },
          };
        case 'Header':
          return { op: 'header', match: { name: a, kind: 'exact', value: b ?? '' } };
        case 'HeaderRegexp':
          return { op: 'header', match: { name: a, kind: 'regex', value: b ?? '', whole: false } };
        case 'Query':
          return { op: 'query', match: { name: a, kind: 'exact', value: b ?? '', values: 'any' } };
        case 'QueryRegexp':
          return b === undefined
            ? { op: 'query', match: { name: a, kind: 'exact', value: '', values: 'any' } }
            : {
                op: 'query',
                match: { name: a, kind: 'regex', value: b, whole: false, values: 'any' },
              };
        case 'Method':
          return { op: 'method', methods: [a.toUpperCase()] };
        case 'ClientIP':
          return { op: 'clientIP', cidrs: [a] };
      }
    }
  }
}

// ---------------------------------------------------------------- certificates

/**
 * Traefik's certificate store: every Secret an IngressRoute's tls.secretName or an
 * Ingress's spec.tls names, plus what certificate resolvers obtain for TLS routers
 * (their tls.domains, else the Host names of the rule). A TLS handshake gets the
 * certificate whose names cover the SNI, exact names before wildcards, else Traefik's
 * default certificate ([TRF] pkg/tls/certificate_store.go GetBestCertificate).
 */
function certificateStore(input: CompileInput, served: readonly ServedRouter[]): VirtualHost[] {
  const out: VirtualHost[] = [];
  const seen = new Set<string>();
  const add = (key: string, names: readonly string[], tls: TlsBinding): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ id: key, hostname: names[0] ?? key, tls, routes: [], sources: [tls.source] });
    for (const n of names.slice(1))
      out.push({ id: `${key}#${n}`, hostname: n, tls, routes: [], sources: [tls.source] });
  };
  const secretCert = (secret: string, hosts: readonly string[], source: SourceRef): void => {
    const cert = input.certificates.get(secret);
    if (!cert || cert.unusable) return;
    const names = cert.placeholder
      ? hosts
      : [...cert.dnsNames, ...(cert.subject ? [cert.subject] : [])];
    if (names.length > 0)
      add(
        secret,
        names.map((n) => n.toLowerCase()),
        { secret, source },
      );
  };
  for (const s of served) {
    const tls = s.router.tls;
    if (!tls) continue;
    const hosts = tls.domains.length > 0 ? tls.domains : ruleHosts(s.tree);
    if (tls.secretName)
      secretCert(`${s.router.resource.meta.namespace}/${tls.secretName}`, hosts, tls.source);
    if (tls.certResolver && hosts.length > 0)
      add(`acme:${tls.certResolver}:${hosts.join(',')}`, hosts, {
        automatic: { issuer: tls.certResolver, names: hosts },
        source: tls.source,
      });
  }
  for (const c of input.ingressCertificates) secretCert(c.secret, c.hosts, c.source);
  return out;
}

/** The exact names of the Host matchers that are not negated ([TRF] mux.go ParseDomains). */
export function ruleHosts(n: RuleNode, negated = false): string[] {
  switch (n.kind) {
    case 'matcher':
      return n.name === 'Host' && !negated ? [(n.args[0] ?? '').toLowerCase()] : [];
    case 'not':
      return ruleHosts(n.arg, !negated);
    default:
      return n.args.flatMap((a) => ruleHosts(a, negated));
  }
}
