/**
 * One route table per entry point: the routers on it in priority order, the entry
 * point's own redirection and middlewares, and the 404 at the end ([TRF]
 * pkg/server/router/router.go, pkg/muxer/http/mux.go; see compile.ts).
 */
import type { LoadBalancerPort } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Service } from '../../model/resources.js';
import type {
  Route,
  RouteCheck,
  RoutePolicy,
  RouteTable,
  VirtualHost,
} from '../../model/routeTable.js';
import { TRAEFIK_CODES } from '../../model/traefik.js';
import { ruleHosts } from './certificates.js';
import type { CompileInput, ServedRouter } from './compile.js';
import type { EntryPointSpec, TraefikControllerSpec } from './controller.js';
import { toExpression } from './expression.js';
import {
  resolveChain,
  toHeaderFilter,
  type MiddlewareContext,
  type MiddlewareEffects,
  type QualifiedRef,
} from './middlewares.js';
import type { RuleNode } from './rule.js';

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

/** The rule tree behind each router's route, for lint (selection reads route.match.expression). */
export const ruleTrees = new WeakMap<Route, RuleNode>();
/** Each router route's effective priority (for lint). */
export const routePriorities = new WeakMap<Route, number>();
/** Routers of the controller that are not on an entry point, per entry point's router list. */
export const elsewhere = new WeakMap<
  VirtualHost,
  readonly { rule: string; hosts: readonly string[]; where: string }[]
>();

export function middlewareContext(
  input: CompileInput,
  allowCrossNamespace: boolean,
): MiddlewareContext {
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

/** The entry point behind a load-balancer port: by the Service's targetPort, else 80 → web, 443 → websecure. */
export function entryPointFor(
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

export function entryPointTable(
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
    else
      for (const s of here)
        routes.push(
          routeOf(s, epChain?.ok ? epChain.effects : undefined, ep.trustForwardedHeaders),
        );
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

export function basePolicy(
  effects: MiddlewareEffects | undefined,
  trustForwardedHeaders = false,
): RoutePolicy {
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
      trustForwardedHeaders,
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

function routeOf(
  s: ServedRouter,
  epEffects: MiddlewareEffects | undefined,
  trustForwardedHeaders: boolean,
): Route {
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
    policy: basePolicy(effects, trustForwardedHeaders),
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
