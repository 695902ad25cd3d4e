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
import type { WeightedBackend } from '../../model/routeTable.js';
import type { SourceRef } from '../../model/source.js';
import type { TraefikMiddleware } from '../../model/traefik.js';
import { TRAEFIK_CODES } from '../../model/traefik.js';
import type { ServiceIndex } from '../../cluster/services.js';
import { certificateStore, certificateStores } from './certificates.js';
import type { EntryPointSpec, TraefikControllerSpec } from './controller.js';
import { resolveChain, type MiddlewareEffects } from './middlewares.js';
import { checkRule, parseRule, rulePriority, type RuleNode } from './rule.js';
import type { TraefikRouter } from './routers.js';
import { entryPointFor, entryPointTable, middlewareContext } from './tables.js';

/** A router Traefik left out, and why. */
export interface DroppedRouter {
  readonly router: TraefikRouter;
  readonly reason: string;
  readonly log: string;
  readonly source: SourceRef;
  /** False when Traefik would serve it but routelab cannot model it (a TraefikService). */
  readonly byTraefik: boolean;
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
    if (code === 'notModelled') {
      // Not Traefik's refusal: routelab cannot follow the route, and says so.
      dropped.push({ router, reason, log, source, byTraefik: false });
      diagnostics.push({
        code: TRAEFIK_CODES.notModelled,
        severity: 'info',
        message: `routelab leaves out the router for ${describeRouter(router)}: ${reason}. Traces do not follow it.`,
        source,
      });
      return;
    }
    dropped.push({ router, reason, log, source, byTraefik: true });
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
      router.refused.code ?? 'unknownMiddleware',
      router.refused.reason,
      router.refused.log,
      router.refused.source,
    );
    return undefined;
  }
  if (router.resource.kind === 'IngressRoute') {
    const written = router.resource.routes.find((r) => r.matchSource === router.ruleSource);
    if (written?.syntax && written.syntax !== 'v3')
      diagnostics.push({
        code: TRAEFIK_CODES.notModelled,
        severity: 'info',
        message: `syntax: ${written.syntax} asks Traefik for its v2 rule language (deprecated); routelab reads the rule as v3.`,
        source: written.source,
      });
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
