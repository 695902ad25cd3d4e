/**
 * The ingress-nginx controllers of a cluster: found in the YAML (or the usual Helm
 * install assumed), each with the Ingresses it claims, its load balancer, its
 * ConfigMap and its compiled route table behind an HTTP and an HTTPS listener.
 */
import type { Controller, DnsName, IgnoredResource, Listener } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { ConfigMap, Ingress, IngressClass } from '../../model/resources.js';
import type { RouteTable } from '../../model/routeTable.js';
import {
  replicaNames,
  type FamilyBuildContext,
  type FamilyDefinition,
} from '../../cluster/context.js';
import { effectiveClassName } from '../../cluster/classes.js';
import { describeLoadBalancer, findControllerService } from '../../cluster/loadBalancer.js';
import { perObject } from '../../util/memo.js';
import { nginxBehaviour } from './behaviour.js';
import { compileNginx } from './compile.js';
import { readNginxConfig } from './config.js';
import {
  assumedNginxClass,
  assumedNginxController,
  claimIngress,
  detectNginxControllers,
  NGINX_CONTROLLER_CLASS,
  type NginxControllerSpec,
} from './controller.js';

/** ConfigMap names the common ingress-nginx installs use (Helm chart; the older mandatory.yaml). */
const CONVENTIONAL_CONFIGMAPS = ['ingress-nginx-controller', 'nginx-configuration'];

export const nginxFamily: FamilyDefinition = {
  id: 'nginx',
  behaviour: nginxBehaviour,
  build: buildNginxControllers,
};

function buildNginxControllers(ctx: FamilyBuildContext): Controller[] {
  const { resources, diagnostics } = ctx;
  const ingresses = resources.filter((r): r is Ingress => r.kind === 'Ingress');
  const detected = detectNginxControllers(resources);
  // Assume the usual install only when something is left for it: an Ingress no other
  // controller serves, or a cluster with no controller at all.
  const unserved = ingresses.some((i) => !ctx.claimedIngresses.has(i));
  if (detected.length === 0 && ctx.controllersSoFar.length > 0 && !unserved) return [];
  const specs = detected.length > 0 ? detected : [assumedNginxController()];
  const classes = resources.filter((r): r is IngressClass => r.kind === 'IngressClass');
  const configMaps = resources.filter((r): r is ConfigMap => r.kind === 'ConfigMap');
  return specs.map((spec) => {
    const assumptions: string[] = [];
    const assumed = detected.length === 0;
    if (assumed)
      assumptions.push(
        'no ingress-nginx controller is in the YAML, so routelab assumes one installed with its Helm chart (1 replica, IngressClass "nginx")',
      );
    let own = classes.filter((c) => c.controller === spec.controllerClass);
    if (own.length === 0 && spec.controllerClass === NGINX_CONTROLLER_CLASS) {
      own = [assumedNginxClass()];
      assumptions.push(
        'no IngressClass in the YAML names controller k8s.io/ingress-nginx, so routelab assumes the "nginx" IngressClass the Helm chart creates (not the default class)',
      );
    }
    const id = `${spec.namespace}/${spec.name}`;
    const service = findControllerService(
      resources,
      spec.namespace,
      spec.podLabels,
      spec.flags['publish-service'],
    );
    const lb = describeLoadBalancer(service, ctx.allocateAddress(), id);
    assumptions.push(...lb.assumptions);
    const configMap = findConfigMap(configMaps, spec, assumed);
    if (configMap && assumed)
      assumptions.push(
        `the controller reads ConfigMap ${configMap.meta.namespace}/${configMap.meta.name} (--configmap)`,
      );
    const claimed: Ingress[] = [];
    const ignored: IgnoredResource[] = [];
    for (const ing of ingresses) {
      const cls = effectiveClassName(ing, ctx.classDefaulting);
      const claim = claimIngress(ing, cls.name, cls.defaulted, spec, own);
      if (claim.claimed) claimed.push(ing);
      else ignored.push({ resource: ing, reason: claim.reason, hosts: ingressHosts(ing) });
    }
    const config = readNginxConfig(configMap, diagnostics);
    // The admission webhook runs per controller, on the Ingresses it would serve.
    const served = config.strictValidatePathType
      ? claimed.filter((ing) => {
          const refusals = webhookRefusals(ing);
          diagnostics.push(...refusals);
          return refusals.length === 0;
        })
      : claimed;
    const replicas = replicaNames(ctx.pods, spec);
    const table = compileNginx(
      {
        ingresses: served,
        config,
        certificates: ctx.certificates,
        secrets: ctx.secrets,
        controllerSource: spec.source,
        ...(spec.flags['default-backend-service']
          ? { defaultBackendService: spec.flags['default-backend-service'] }
          : {}),
      },
      diagnostics,
    );
    const classNames = own.map((c) => c.meta.name);
    return {
      id,
      family: 'nginx',
      controllerClass: spec.controllerClass,
      classNames,
      summary: `${served.length} Ingress${served.length === 1 ? '' : 'es'} of IngressClass ${classNames.join(', ') || '(none)'}`,
      replicas,
      address: lb.address,
      addressSource: lb.addressSource,
      ...(service ? { service } : {}),
      externalTrafficPolicy: lb.externalTrafficPolicy,
      ports: lb.ports,
      ...(configMap ? { configMap } : {}),
      flags: spec.flags,
      assumed,
      source: spec.source,
      claimed: served,
      ignored,
      listeners: nginxListeners(table, lb.ports),
      dnsNames: served.flatMap(dnsNamesOf),
      assumptions,
    };
  });
}

/** The host names an Ingress gives its controller's DNS records: its rules' and its tls hosts. */
const dnsNamesOf = perObject((ing: Ingress): readonly DnsName[] => [
  ...ing.rules.flatMap((r) => (r.host ? [{ name: r.host, source: r.source }] : [])),
  ...ing.tls.flatMap((t) => t.hosts.map((h) => ({ name: h, source: t.source }))),
]);

/** nginx listens on 80 and 443 with the same servers: one table behind both. */
function nginxListeners(table: RouteTable, ports: Controller['ports']): Listener[] {
  const listeners: Listener[] = [];
  for (const p of ports)
    if (!listeners.some((l) => l.port === p.port))
      listeners.push({
        name: p.protocol,
        port: p.port,
        protocol: p.protocol,
        table,
        source: p.source,
      });
  return listeners;
}

export function ingressHosts(ing: Ingress): string[] {
  return ing.rules.flatMap((r) => (r.host ? [r.host.toLowerCase()] : []));
}

function findConfigMap(
  configMaps: readonly ConfigMap[],
  spec: NginxControllerSpec,
  assumed: boolean,
): ConfigMap | undefined {
  const flag = spec.flags.configmap;
  if (flag) {
    const [ns, name] = flag.split('/');
    return configMaps.find((c) => c.meta.namespace === ns && c.meta.name === name);
  }
  if (!assumed) return undefined;
  const conventional = configMaps.filter((c) => CONVENTIONAL_CONFIGMAPS.includes(c.meta.name));
  return conventional.find((c) => c.meta.namespace === 'ingress-nginx') ?? conventional[0];
}

/**
 * ingress-nginx's admission webhook with strict-validate-path-type (default true since
 * v1.12) refuses Exact and Prefix paths outside `(?i)^/[[:alnum:]._\-/]*$`: regex paths
 * need pathType ImplementationSpecific ([INX] internal/ingress/inspector/rules.go).
 */
const STRICT_PATH = /^\/[A-Za-z0-9._\-/]*$/;

const webhookRefusals = perObject((ing: Ingress): readonly Diagnostic[] => {
  const refusals: Diagnostic[] = [];
  for (const rule of ing.rules) {
    for (const p of rule.paths) {
      if (p.pathType !== 'Exact' && p.pathType !== 'Prefix') continue;
      if (STRICT_PATH.test(p.path || '/')) continue;
      refusals.push({
        code: 'RL206',
        severity: 'error',
        message: `path "${p.path}" cannot be used with pathType ${p.pathType}: ingress-nginx's admission webhook refuses this Ingress (strict-validate-path-type). A path with regex characters needs pathType: ImplementationSpecific (and use-regex: "true").`,
        source: p.source,
        fix: {
          title: 'Use pathType: ImplementationSpecific',
          edit: {
            line: p.source.range.startLine,
            find: `pathType: ${p.pathType}`,
            replace: 'pathType: ImplementationSpecific',
          },
        },
      });
    }
  }
  return refusals;
});
