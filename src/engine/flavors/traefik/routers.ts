/**
 * Traefik's providers turn Kubernetes objects into routers. A router here is what
 * Traefik's dynamic configuration holds: a rule, a priority, entry points, TLS,
 * middleware names and weighted services, with the YAML each came from.
 *  - IngressRoute: one router per routes[] entry ([TRF] pkg/provider/kubernetes/crd/kubernetes_http.go).
 *  - Ingress: one router per path, with the rule Host(...) && Path/PathPrefix(...) and the
 *    router.* annotations ([TRF] pkg/provider/kubernetes/ingress/kubernetes.go loadRouter,
 *    annotations.go).
 */
import type { Ingress, IngressBackend } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import type { IngressRoute } from '../../model/traefik.js';
import { fnv1a } from '../../util/hash.js';
import type { QualifiedRef } from './middlewares.js';
import { normalizeName } from './middlewares.js';

export interface RouterService {
  readonly namespace: string;
  readonly name: string;
  readonly port: { readonly number?: number; readonly name?: string };
  readonly weight: number;
  readonly scheme?: string;
  readonly passHostHeader: boolean;
  readonly kind: 'Service' | 'TraefikService' | 'Resource';
  readonly source: SourceRef;
}

export interface RouterTls {
  readonly secretName?: string;
  readonly certResolver?: string;
  readonly domains: readonly string[];
  readonly source: SourceRef;
}

export interface TraefikRouter {
  /** As Traefik names it, with its provider (`default-api-route-1a2b3c4d5e@kubernetescrd`). */
  readonly name: string;
  readonly provider: 'kubernetescrd' | 'kubernetes';
  readonly rule: string;
  readonly ruleSource: SourceRef;
  /** 0 = the rule's length. */
  readonly priority: number;
  readonly entryPoints: readonly string[];
  readonly tls?: RouterTls;
  readonly middlewares: readonly QualifiedRef[];
  readonly services: readonly RouterService[];
  readonly resource: IngressRoute | Ingress;
  readonly source: SourceRef;
  /** Its PathPrefix matches whole path segments (an Ingress Prefix path with strictPrefixMatching). */
  readonly strictPrefix?: true;
  /** The provider refused it before it became a router (an invalid reference or annotation). */
  readonly refused?: {
    readonly reason: string;
    readonly log: string;
    readonly source: SourceRef;
    readonly code?: 'annotation';
  };
}

/** Routers of one IngressRoute. */
export function ingressRouteRouters(
  ir: IngressRoute,
  opts: { allowCrossNamespace: boolean },
): TraefikRouter[] {
  const ns = ir.meta.namespace;
  return ir.routes.flatMap((route, i) => {
    // [TRF] kubernetes_http.go: an empty match is logged and skipped.
    if (route.match === '') return [];
    // makeServiceKey: the router is named after the IngressRoute and a hash of its rule
    // (Traefik uses sha256; the suffix here is routelab's own).
    const name = `${normalizeName(`${ns}-${ir.meta.name}`)}-${fnv1a(route.match).toString(16).padStart(8, '0')}@kubernetescrd`;
    let refused: TraefikRouter['refused'];
    const middlewares: QualifiedRef[] = [];
    for (const m of route.middlewares) {
      if (m.name.includes('@')) {
        // [TRF] makeMiddlewareKeys: `name@kubernetescrd` hides a namespace; refused unless cross-namespace is allowed.
        if (!opts.allowCrossNamespace && m.name.endsWith('@kubernetescrd'))
          refused ??= {
            reason: `middleware ${m.name} uses the <namespace>-<name>@kubernetescrd form, which allowCrossNamespace (off) forbids in an IngressRoute: give name and namespace instead`,
            log: `Failed to create middleware keys: invalid reference to middleware ${m.name}: with crossnamespace disallowed, the namespace field needs to be explicitly specified`,
            source: m.source,
          };
        middlewares.push({ key: m.name, source: m.source });
        continue;
      }
      const mns = m.namespace ?? ns;
      if (mns !== ns && !opts.allowCrossNamespace)
        refused ??= {
          reason: `middleware ${mns}/${m.name} is in another namespace and the CRD provider's allowCrossNamespace is off`,
          log: `Failed to create middleware keys: middleware ${mns}/${m.name} is not in the IngressRoute namespace ${ns}`,
          source: m.source,
        };
      middlewares.push({
        key: `${normalizeName(`${mns}-${m.name}`)}@kubernetescrd`,
        source: m.source,
      });
    }
    const services: RouterService[] = route.services.map((s) => ({
      namespace: s.namespace ?? ns,
      name: s.name,
      port: typeof s.port === 'number' ? { number: s.port } : s.port ? { name: s.port } : {},
      // [TRF] buildServicesLB: a missing weight is 1.
      weight: s.weight ?? 1,
      passHostHeader: s.passHostHeader ?? true,
      kind: s.kind,
      source: s.source,
      ...(s.scheme ? { scheme: s.scheme } : {}),
    }));
    const tls = ir.tls
      ? {
          domains: ir.tls.domains.flatMap((d) => [d.main, ...d.sans]).filter(Boolean),
          source: ir.tls.source,
          ...(ir.tls.secretName ? { secretName: ir.tls.secretName } : {}),
          ...(ir.tls.certResolver ? { certResolver: ir.tls.certResolver } : {}),
        }
      : undefined;
    const router: TraefikRouter = {
      name,
      provider: 'kubernetescrd',
      rule: route.match,
      ruleSource: route.matchSource,
      priority: route.priority ?? 0,
      entryPoints: ir.entryPoints,
      middlewares,
      services,
      resource: ir,
      source: ir.locate(['spec', 'routes', i]),
      ...(tls ? { tls } : {}),
      ...(refused ? { refused } : {}),
    };
    return [router];
  });
}

// ---------------------------------------------------------------- Ingress

export const ROUTER_ANNOTATION = 'traefik.ingress.kubernetes.io/router.';

/** The router.* annotations Traefik reads ([TRF] pkg/provider/kubernetes/ingress/annotations.go). */
export const KNOWN_ROUTER_ANNOTATIONS = [
  'entrypoints',
  'middlewares',
  'priority',
  'pathmatcher',
  'rulesyntax',
  'tls',
  'tls.certresolver',
  'tls.options',
  'observability.accesslogs',
  'observability.metrics',
  'observability.tracing',
] as const;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** ingress-nginx-style wildcard host → Traefik's one-label HostRegexp (buildHostRule). */
export function hostRule(host: string): string {
  if (host.startsWith('*.')) {
    const rest = host.slice(2).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return `HostRegexp(\`^[a-zA-Z0-9-]+\\.${rest}$\`)`;
  }
  return `Host(\`${host}\`)`;
}

export function ingressRouters(
  ing: Ingress,
  opts: { strictPrefixMatching: boolean },
): TraefikRouter[] {
  const a = ing.meta.annotations;
  const at = (key: string): SourceRef => ing.locate(['metadata', 'annotations', key]);
  const entryPoints = list(a[`${ROUTER_ANNOTATION}entrypoints`]);
  const mwKey = `${ROUTER_ANNOTATION}middlewares`;
  // Names without a provider are taken as the router's own provider's ("@kubernetes").
  const middlewares: QualifiedRef[] = list(a[mwKey]).map((m) => ({
    key: m.includes('@') ? m : `${m}@kubernetes`,
    source: at(mwKey),
  }));
  // [TRF] ingress/annotations.go parseRouterConfig decodes these into typed fields; a value
  // that does not decode fails the whole Ingress ("Failed to parse annotations").
  let refused: TraefikRouter['refused'];
  const priorityText = a[`${ROUTER_ANNOTATION}priority`];
  let priority = 0;
  if (priorityText !== undefined) {
    if (/^[+-]?\d+$/.test(priorityText.trim())) priority = Number(priorityText.trim());
    else
      refused = {
        reason: `router.priority "${priorityText}" is not an integer, so Traefik skips the whole Ingress`,
        log: `Failed to parse annotations: invalid syntax for router.priority: ${priorityText}`,
        source: at(`${ROUTER_ANNOTATION}priority`),
        code: 'annotation',
      };
  }
  const pathMatcher = a[`${ROUTER_ANNOTATION}pathmatcher`] || 'PathPrefix';
  const tlsText = a[`${ROUTER_ANNOTATION}tls`];
  // Go's strconv.ParseBool.
  const tlsBool =
    tlsText === undefined
      ? false
      : ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(tlsText)
        ? true
        : ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(tlsText)
          ? false
          : undefined;
  if (tlsBool === undefined)
    refused ??= {
      reason: `router.tls "${tlsText ?? ''}" is not a boolean, so Traefik skips the whole Ingress`,
      log: `Failed to parse annotations: strconv.ParseBool: parsing "${tlsText ?? ''}": invalid syntax`,
      source: at(`${ROUTER_ANNOTATION}tls`),
      code: 'annotation',
    };
  const tlsOn = tlsBool === true || a[`${ROUTER_ANNOTATION}tls.certresolver`] !== undefined;
  const certResolver = a[`${ROUTER_ANNOTATION}tls.certresolver`];
  const ns = ing.meta.namespace;
  const routers: TraefikRouter[] = [];
  const make = (
    rule: string,
    backend: IngressBackend,
    source: SourceRef,
    key: string,
    prio: number,
  ): TraefikRouter => {
    const svc = backend.service;
    const hosts = [...rule.matchAll(/Host\(`([^`]*)`\)/g)].map((m) => m[1] ?? '');
    return {
      name: `${key}@kubernetes`,
      provider: 'kubernetes',
      rule,
      ruleSource: source,
      priority: prio,
      entryPoints,
      middlewares,
      services: [
        {
          namespace: ns,
          name: svc?.name ?? backend.resource?.name ?? '',
          port:
            svc?.port.number !== undefined
              ? { number: svc.port.number }
              : svc?.port.name
                ? { name: svc.port.name }
                : {},
          weight: 1,
          passHostHeader: true,
          kind: svc ? 'Service' : 'Resource',
          source: backend.source,
        },
      ],
      resource: ing,
      source,
      ...(refused ? { refused } : {}),
      ...(tlsOn
        ? {
            tls: {
              domains: hosts,
              source: at(
                `${ROUTER_ANNOTATION}${certResolver !== undefined ? 'tls.certresolver' : 'tls'}`,
              ),
              ...(certResolver ? { certResolver } : {}),
            },
          }
        : {}),
    };
  };
  // [TRF] kubernetes.go: spec.defaultBackend counts only for an Ingress without rules,
  // as the catch-all router PathPrefix(`/`) with the lowest priority.
  if (ing.rules.length === 0 && ing.defaultBackend)
    routers.push(
      make(
        'PathPrefix(`/`)',
        ing.defaultBackend,
        ing.defaultBackend.source,
        'default-router',
        -2147483648,
      ),
    );
  for (const rule of ing.rules)
    for (const p of rule.paths) {
      const parts: string[] = [];
      if (rule.host) parts.push(hostRule(rule.host));
      if (p.path) {
        let matcher = 'PathPrefix';
        if (p.pathType === 'Exact') matcher = 'Path';
        else if (p.pathType === 'ImplementationSpecific' || p.pathType === undefined)
          matcher = pathMatcher;
        parts.push(`${matcher}(\`${p.path}\`)`);
      }
      const ruleText = parts.join(' && ');
      const key = normalizeName(`${ns}-${ing.meta.name}-${rule.host ?? ''}${p.path}`);
      const router = make(ruleText, p.backend, p.source, key, priority);
      // v3.5+ strictPrefixMatching: a Prefix path matches whole segments, as the Ingress
      // spec defines it ([TRF] PR #11203; semantics.md D4).
      routers.push(
        opts.strictPrefixMatching && p.pathType === 'Prefix' && p.path
          ? { ...router, strictPrefix: true }
          : router,
      );
    }
  return routers;
}
