/**
 * The Contour installs of a cluster: each claims the HTTPProxies of its class, walks
 * their include trees, and programs its Envoy pods over xDS with an HTTP listener (every
 * valid root) and an HTTPS listener per TLS root, chosen by SNI. Envoy's Service is the
 * load balancer. With HTTPProxies and no Contour in the YAML, the quickstart install is
 * assumed, and said so.
 */
import type { Controller, IgnoredResource, Listener } from '../../model/cluster.js';
import type { HTTPProxy, TLSCertificateDelegation } from '../../model/contour.js';
import type { Ingress } from '../../model/resources.js';
import type { TlsBinding } from '../../model/routeTable.js';
import {
  CLASS_ANNOTATION,
  effectiveClassName,
  type ClassDefaulting,
} from '../../cluster/classes.js';
import { compileIngresses } from './ingress.js';
import {
  replicaNames,
  type FamilyBuildContext,
  type FamilyDefinition,
} from '../../cluster/context.js';
import { describeLoadBalancer, findControllerService } from '../../cluster/loadBalancer.js';
import { contourBehaviour } from './behaviour.js';
import { compileContour, serviceIndex, type CompiledContour } from './compile.js';
import {
  assumedContourInstall,
  claimProxy,
  classMatches,
  CONTOUR_DEFAULT_CLASS,
  detectContourInstalls,
  type ContourInstall,
} from './controller.js';
import { buildIncludeForest, currentStatus, type IncludeForest } from './includes.js';
import { lookupRootCertificate, type TlsInput } from './tls.js';

/** The value Contour's IngressClass names as its controller ([CTR] examples/contour/01-contour-config). */
export const CONTOUR_CONTROLLER_CLASS = 'projectcontour.io/ingress-controller';

export const contourFamily: FamilyDefinition = {
  id: 'contour',
  behaviour: contourBehaviour,
  build: buildContourControllers,
};

/** What one install makes of its HTTPProxies: the forest, the tables, the certificates. */
export interface ContourModel {
  readonly install: ContourInstall;
  readonly claimed: readonly HTTPProxy[];
  readonly ignored: readonly { proxy: HTTPProxy; reason: string }[];
  /** The standard Ingresses it serves. */
  readonly ingresses: readonly Ingress[];
  readonly forest: IncludeForest;
  readonly compiled: CompiledContour;
}

/** The HTTPProxies an install serves and how it compiles them (also used by lint). */
export function modelContour(
  install: ContourInstall,
  proxies: readonly HTTPProxy[],
  ctx: Pick<FamilyBuildContext, 'resources' | 'secrets' | 'certificates' | 'strict'>,
  ingresses: readonly Ingress[] = [],
): ContourModel {
  const claimed: HTTPProxy[] = [];
  const ignored: { proxy: HTTPProxy; reason: string }[] = [];
  for (const p of proxies) {
    const claim = claimProxy(p, install);
    if (claim.claimed) claimed.push(p);
    else ignored.push({ proxy: p, reason: claim.reason });
  }
  const tlsInput: TlsInput = {
    secrets: ctx.secrets,
    certificates: ctx.certificates,
    delegations: ctx.resources.filter(
      (r): r is TLSCertificateDelegation => r.kind === 'TLSCertificateDelegation',
    ),
  };
  const certificates = new Map<HTTPProxy, TlsBinding>();
  const forest = buildIncludeForest(claimed, {
    checkRoot(root, fail) {
      const found = lookupRootCertificate(root, tlsInput);
      if (!found) return true;
      if (!found.ok) {
        fail(found.error);
        return false;
      }
      certificates.set(root, found.binding);
      return true;
    },
  });
  const services = serviceIndex(ctx.resources);
  const compiled = compileContour({
    forest,
    services,
    strict: ctx.strict,
    certificates,
    controllerSource: install.source,
    ingresses: compileIngresses(ingresses, services, tlsInput),
  });
  // Unresolved Services are errors in the proxy's status too.
  for (const [proxy, errs] of compiled.errors) {
    const status = forest.statuses.get(proxy);
    if (status)
      for (const e of errs)
        if (!status.errors.some((x) => x.message === e.message)) status.errors.push(e);
  }
  return { install, claimed, ignored, ingresses, forest, compiled };
}

function buildContourControllers(ctx: FamilyBuildContext): Controller[] {
  const proxies = ctx.resources.filter((r): r is HTTPProxy => r.kind === 'HTTPProxy');
  const detected = detectContourInstalls(ctx.resources);
  if (detected.length === 0 && proxies.length === 0) return [];
  const installs = detected.length > 0 ? detected : [assumedContourInstall()];
  return installs.map((install) => {
    const ingresses = ctx.resources.filter(
      (r): r is Ingress =>
        r.kind === 'Ingress' &&
        !ctx.claimedIngresses.has(r) &&
        claimsIngress(r, install, ctx.classDefaulting),
    );
    const model = modelContour(install, proxies, ctx, ingresses);
    const { forest, compiled } = model;
    const assumptions: string[] = [];
    if (install.assumed)
      assumptions.push(
        'no Contour is in the YAML, so routelab assumes the quickstart install: Deployment projectcontour/contour (contour serve, no --ingress-class-name) and DaemonSet projectcontour/envoy behind Service envoy',
      );
    else if (!install.envoy)
      assumptions.push(
        `no Envoy workload is in namespace ${install.namespace}, so routelab assumes the DaemonSet envoy that Contour programs`,
      );
    const id = `${install.namespace}/${install.name}`;
    const serviceRef = `${install.flags['envoy-service-namespace'] ?? install.namespace}/${install.flags['envoy-service-name'] ?? 'envoy'}`;
    const service = findControllerService(
      ctx.resources,
      install.namespace,
      install.envoyLabels,
      serviceRef,
    );
    const lb = describeLoadBalancer(service, ctx.allocateAddress(), `${install.namespace}/envoy`);
    assumptions.push(...lb.assumptions, ...compiled.assumptions);
    const listeners: Listener[] = [];
    for (const port of lb.ports) {
      if (port.protocol === 'http' || port.tlsAtLoadBalancer) {
        if (!listeners.some((l) => l.port === port.port))
          listeners.push({
            name: 'ingress_http',
            port: port.port,
            protocol: 'http',
            table: compiled.http,
            source: port.source,
          });
        continue;
      }
      for (const h of compiled.https)
        listeners.push({
          name: `ingress_https/${h.fqdn}`,
          port: port.port,
          protocol: 'https',
          hostname: h.fqdn,
          table: h.table,
          tls: h.tls,
          source: h.tls.source,
        });
    }
    const served = model.claimed.filter((p) => {
      const s = forest.statuses.get(p);
      return (
        (p.virtualhost && forest.roots.some((r) => r.root === p)) ||
        (s !== undefined && s.reachedFrom.length > 0)
      );
    });
    const ignored: IgnoredResource[] = [
      ...model.ignored.map(({ proxy, reason }) => ({
        resource: proxy,
        reason,
        hosts: proxy.virtualhost ? [proxy.virtualhost.fqdn.toLowerCase()] : [],
      })),
      ...model.claimed
        .filter((p) => !served.includes(p))
        .map((p) => {
          const s = forest.statuses.get(p);
          const state = s ? currentStatus(s) : 'invalid';
          const first = s?.errors[0]?.message ?? 'Contour does not serve it';
          return {
            resource: p,
            reason: `Contour marks it ${state}: ${first}`,
            hosts: p.virtualhost ? [p.virtualhost.fqdn.toLowerCase()] : [],
          };
        }),
    ];
    const replicas = replicaNames(ctx.pods, {
      namespace: install.namespace,
      name: install.envoyName,
      source: install.envoySource,
      replicas: install.envoyReplicas,
    });
    const roots = forest.roots.length;
    const classNames = install.classNames.length > 0 ? install.classNames : [CONTOUR_DEFAULT_CLASS];
    return {
      id,
      family: 'contour',
      controllerClass: CONTOUR_CONTROLLER_CLASS,
      classNames,
      summary: `${served.length} HTTPProxy object${served.length === 1 ? '' : 's'} (${roots} root${roots === 1 ? '' : 's'})${ingresses.length > 0 ? ` and ${ingresses.length} Ingress${ingresses.length === 1 ? '' : 'es'}` : ''} of class ${classNames.join(', ')}, programmed into Envoy over xDS`,
      replicas,
      address: lb.address,
      addressSource: lb.addressSource,
      ...(service ? { service } : {}),
      externalTrafficPolicy: lb.externalTrafficPolicy,
      ports: lb.ports,
      flags: install.flags,
      assumed: install.assumed,
      source: install.source,
      claimed: [...served, ...ingresses],
      ignored,
      listeners,
      dnsNames: [
        ...forest.roots.map((r) => ({
          name: r.fqdn,
          source: r.root.virtualhost?.source ?? r.root.source,
        })),
        ...ingresses.flatMap((ing) =>
          ing.rules.flatMap((rule) =>
            rule.host ? [{ name: rule.host, source: rule.source }] : [],
          ),
        ),
      ],
      assumptions,
    };
  });
}

/**
 * MatchesIngress ([CTR] internal/ingressclass/ingressclass.go): the class annotation
 * first, then spec.ingressClassName (as the API server stored it, with the default
 * IngressClass filled in). An assumed Contour takes only Ingresses that name "contour".
 */
function claimsIngress(
  ing: Ingress,
  install: ContourInstall,
  defaulting: ClassDefaulting,
): boolean {
  const annotated =
    ing.meta.annotations['projectcontour.io/ingress.class'] ??
    ing.meta.annotations[CLASS_ANNOTATION];
  const cls = annotated ?? effectiveClassName(ing, defaulting).name;
  if (install.assumed) return cls === CONTOUR_DEFAULT_CLASS;
  return classMatches(cls, install.classNames);
}
