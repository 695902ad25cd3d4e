/**
 * The Traefik controllers of a cluster: found in the YAML (or the Helm install
 * assumed when the YAML has Traefik resources and no Traefik), each with the
 * IngressRoutes and Ingresses it claims, its load balancer and one route table per
 * entry point. Configuration lives in Traefik's memory: a change is applied without
 * any reload ([TRF] providers push dynamic configuration; seeds: "Traefik updates in-memory").
 */
import type { Controller, IgnoredResource } from '../../model/cluster.js';
import type { Ingress, IngressClass } from '../../model/resources.js';
import type { IngressRoute, TraefikMiddleware } from '../../model/traefik.js';
import {
  replicaNames,
  type FamilyBuildContext,
  type FamilyDefinition,
} from '../../cluster/context.js';
import { CLASS_ANNOTATION, effectiveClassName } from '../../cluster/classes.js';
import { describeLoadBalancer, findControllerService } from '../../cluster/loadBalancer.js';
import { traefikBehaviour } from './behaviour.js';
import { ruleHosts } from './certificates.js';
import { compileTraefik, type DroppedRouter } from './compile.js';
import {
  assumedTraefikController,
  detectTraefikControllers,
  TRAEFIK_CONTROLLER_CLASS,
  TRAEFIK_DEFAULT_CLASS,
  wantsTraefik,
  type TraefikControllerSpec,
} from './controller.js';
import { indexMiddlewares } from './middlewares.js';
import { parseRule } from './rule.js';
import { ingressRouteRouters, ingressRouters, type TraefikRouter } from './routers.js';

export const traefikFamily: FamilyDefinition = {
  id: 'traefik',
  behaviour: traefikBehaviour,
  build: buildTraefikControllers,
};

type Claim = { claimed: true } | { claimed: false; reason: string };

/**
 * Traefik's Ingress provider ([TRF] pkg/provider/kubernetes/ingress/kubernetes.go
 * shouldProcessIngress): with ingressClassName, the class must be one of Traefik's
 * IngressClasses (controller traefik.io/ingress-controller, and the configured
 * ingressClass if any); without one, the class annotation must equal the configured
 * ingressClass, or be "traefik" when none is configured. So with the default
 * configuration an Ingress without any class is served: the opposite of ingress-nginx.
 */
export function claimIngress(
  ing: Ingress,
  className: string | undefined,
  providerClass: string,
  classes: readonly IngressClass[],
): Claim {
  if (className !== undefined) {
    const own = classes.filter(
      (c) =>
        c.controller === TRAEFIK_CONTROLLER_CLASS &&
        (providerClass === '' || c.meta.name === providerClass),
    );
    return own.some((c) => c.meta.name === className)
      ? { claimed: true }
      : {
          claimed: false,
          reason: `its IngressClass "${className}" is not one of Traefik's (controller ${TRAEFIK_CONTROLLER_CLASS}${providerClass ? `, named ${providerClass}` : ''})`,
        };
  }
  const annotation = ing.meta.annotations[CLASS_ANNOTATION] ?? '';
  if (
    annotation === providerClass ||
    (providerClass === '' && annotation === TRAEFIK_DEFAULT_CLASS)
  )
    return { claimed: true };
  return {
    claimed: false,
    reason: providerClass
      ? `Traefik's Ingress provider only takes class "${providerClass}", and its ${CLASS_ANNOTATION} annotation is "${annotation}"`
      : `its ${CLASS_ANNOTATION} annotation "${annotation}" is neither empty nor "traefik"`,
  };
}

/** The CRD provider takes every IngressRoute unless an ingressClass is configured ([TRF] crd/kubernetes.go shouldProcessIngress). */
function claimIngressRoute(ir: IngressRoute, providerClass: string): Claim {
  const annotation = ir.meta.annotations[CLASS_ANNOTATION] ?? '';
  return providerClass === '' || annotation === providerClass
    ? { claimed: true }
    : {
        claimed: false,
        reason: `the CRD provider only takes ${CLASS_ANNOTATION}: ${providerClass}, and this IngressRoute has "${annotation}"`,
      };
}

function assumedTraefikClass(): IngressClass {
  const source = {
    kind: 'IngressClass',
    namespace: '',
    name: 'traefik',
    path: [],
    range: { startLine: 0, endLine: 0 },
    assumed: true as const,
  };
  return {
    kind: 'IngressClass',
    apiVersion: 'networking.k8s.io/v1',
    meta: { name: TRAEFIK_DEFAULT_CLASS, namespace: '', labels: {}, annotations: {} },
    source,
    locate: () => source,
    order: -1,
    controller: TRAEFIK_CONTROLLER_CLASS,
    isDefault: false,
  };
}

function buildTraefikControllers(ctx: FamilyBuildContext): Controller[] {
  const { resources } = ctx;
  const detected = detectTraefikControllers(resources);
  const specs =
    detected.length > 0 ? detected : wantsTraefik(resources) ? [assumedTraefikController()] : [];
  if (specs.length === 0) return [];
  const ingresses = resources.filter((r): r is Ingress => r.kind === 'Ingress');
  const routes = resources.filter((r): r is IngressRoute => r.kind === 'IngressRoute');
  const middlewares = indexMiddlewares(
    resources.filter((r): r is TraefikMiddleware => r.kind === 'Middleware'),
  );
  const yamlClasses = resources.filter((r): r is IngressClass => r.kind === 'IngressClass');
  return specs.map((spec) => buildOne(ctx, spec, ingresses, routes, middlewares, yamlClasses));
}

function buildOne(
  ctx: FamilyBuildContext,
  spec: TraefikControllerSpec,
  ingresses: readonly Ingress[],
  routes: readonly IngressRoute[],
  middlewares: ReturnType<typeof indexMiddlewares>,
  yamlClasses: readonly IngressClass[],
): Controller {
  const assumptions = [...spec.assumptions];
  let classes = yamlClasses.filter((c) => c.controller === TRAEFIK_CONTROLLER_CLASS);
  if (classes.length === 0 && spec.assumed) {
    classes = [assumedTraefikClass()];
  }
  const id = `${spec.namespace}/${spec.name}`;
  const service = findControllerService(
    ctx.resources,
    spec.namespace,
    spec.podLabels,
    spec.ingress?.publishedService ?? spec.crd?.publishedService,
  );
  const lb = describeLoadBalancer(service, ctx.allocateAddress(), id);
  assumptions.push(...lb.assumptions);

  const claimed: (Ingress | IngressRoute)[] = [];
  const ignored: IgnoredResource[] = [];
  const routers: TraefikRouter[] = [];
  for (const ir of routes) {
    if (!spec.crd) {
      ignored.push({
        resource: ir,
        reason:
          'Traefik runs without the Kubernetes CRD provider (--providers.kubernetescrd), so it reads no IngressRoute',
        hosts: irHosts(ir),
      });
      continue;
    }
    const c = claimIngressRoute(ir, spec.crd.ingressClass);
    if (!c.claimed) {
      ignored.push({ resource: ir, reason: c.reason, hosts: irHosts(ir) });
      continue;
    }
    claimed.push(ir);
    routers.push(...ingressRouteRouters(ir, { allowCrossNamespace: spec.crd.allowCrossNamespace }));
  }
  const ingressCertificates: {
    secret: string;
    hosts: string[];
    source: (typeof ingresses)[number]['source'];
  }[] = [];
  for (const ing of ingresses) {
    const hosts = ing.rules.flatMap((r) => (r.host ? [r.host.toLowerCase()] : []));
    if (!spec.ingress) {
      ignored.push({
        resource: ing,
        reason:
          'Traefik runs without the Kubernetes Ingress provider (--providers.kubernetesingress)',
        hosts,
      });
      continue;
    }
    const cls = effectiveClassName(ing, ctx.classDefaulting);
    const c = claimIngress(ing, cls.name, spec.ingress.ingressClass, classes);
    if (!c.claimed) {
      ignored.push({ resource: ing, reason: c.reason, hosts });
      continue;
    }
    claimed.push(ing);
    routers.push(
      ...ingressRouters(ing, { strictPrefixMatching: spec.ingress.strictPrefixMatching }),
    );
    for (const t of ing.tls)
      if (t.secretName)
        ingressCertificates.push({
          secret: `${ing.meta.namespace}/${t.secretName}`,
          hosts: t.hosts.map((h) => h.toLowerCase()),
          source: t.source,
        });
  }

  const result = compileTraefik(
    {
      spec,
      routers,
      middlewares,
      secrets: ctx.secrets,
      certificates: ctx.certificates,
      services: ctx.services,
      ingressCertificates,
      lbPorts: lb.ports,
      lbService: service,
    },
    ctx.diagnostics,
  );
  for (const d of result.dropped) ignored.push(droppedEntry(d));
  for (const s of result.served) assumptions.push(...s.assumptions);

  const replicas = replicaNames(ctx.pods, spec);
  const nRoutes = claimed.filter((r) => r.kind === 'IngressRoute').length;
  const nIngresses = claimed.length - nRoutes;
  const summary = `${result.served.length} router${result.served.length === 1 ? '' : 's'} from ${nRoutes} IngressRoute${nRoutes === 1 ? '' : 's'} and ${nIngresses} Ingress${nIngresses === 1 ? '' : 'es'}, on entry points ${result.listeners.map((l) => `${l.name} (port ${l.port})`).join(', ') || '(none exposed)'}; configuration is applied in memory, without a reload`;
  return {
    id,
    family: 'traefik',
    controllerClass: TRAEFIK_CONTROLLER_CLASS,
    classNames: classes.map((c) => c.meta.name),
    summary,
    replicas,
    address: lb.address,
    addressSource: lb.addressSource,
    ...(service ? { service } : {}),
    externalTrafficPolicy: lb.externalTrafficPolicy,
    ports: lb.ports,
    flags: spec.flags,
    assumed: spec.assumed,
    source: spec.source,
    claimed,
    ignored,
    listeners: result.listeners,
    dnsNames: [
      ...routers.flatMap((r) => {
        const p = parseRule(r.rule);
        return p.ok
          ? ruleHosts(p.tree)
              .filter((h) => !h.startsWith('*'))
              .map((name) => ({ name, source: r.ruleSource }))
          : [];
      }),
      ...ingresses
        .filter((i) => claimed.includes(i))
        .flatMap((i) => i.tls.flatMap((t) => t.hosts.map((h) => ({ name: h, source: t.source })))),
    ],
    assumptions,
  };
}

function irHosts(ir: IngressRoute): string[] {
  return ir.routes.flatMap((r) => {
    const p = parseRule(r.match);
    return p.ok ? ruleHosts(p.tree) : [];
  });
}

function droppedEntry(d: DroppedRouter): IgnoredResource {
  const p = parseRule(d.router.rule);
  return {
    resource: d.router.resource,
    reason: d.byTraefik
      ? `Traefik dropped its router ${d.router.rule}: ${d.reason}`
      : `routelab leaves its router ${d.router.rule} out: ${d.reason}`,
    hosts: p.ok ? ruleHosts(p.tree) : [],
  };
}
