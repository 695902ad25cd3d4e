/**
 * Resources → Cluster: pods, Services and their endpoints, certificates, the
 * controllers with the Ingresses each claims and its compiled route table, DNS.
 */
import type { Cluster, ClusterOptions, Controller, IgnoredIngress } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { ConfigMap, Ingress, IngressClass, Resource, Secret } from '../model/resources.js';
import { readNginxConfig } from '../flavors/nginx/config.js';
import { compileNginx } from '../flavors/nginx/compile.js';
import {
  assumedNginxClass,
  assumedNginxController,
  claimIngress,
  detectNginxControllers,
  NGINX_CONTROLLER_CLASS,
  type NginxControllerSpec,
} from '../flavors/nginx/controller.js';
import { collectCertificates } from './certificates.js';
import { chooseDefaultClass, effectiveClassName } from './classes.js';
import { buildDnsRecords } from './dns.js';
import { describeLoadBalancer, findControllerService } from './loadBalancer.js';
import { indexServices } from './services.js';
import { collectPods } from './workloads.js';

/** ConfigMap names the common ingress-nginx installs use (Helm chart; the older mandatory.yaml). */
const CONVENTIONAL_CONFIGMAPS = ['ingress-nginx-controller', 'nginx-configuration'];

export function buildCluster(
  resources: readonly Resource[],
  options: ClusterOptions = {},
): Cluster {
  const strict = options.strict ?? false;
  const diagnostics: Diagnostic[] = [];
  const pods = collectPods(resources);
  const certificates = collectCertificates(resources, diagnostics);
  const services = indexServices(resources, pods, strict);
  const classes = resources.filter((r): r is IngressClass => r.kind === 'IngressClass');
  const ingresses = resources.filter((r): r is Ingress => r.kind === 'Ingress');
  const configMaps = resources.filter((r): r is ConfigMap => r.kind === 'ConfigMap');
  const secrets = new Map(
    resources
      .filter((r): r is Secret => r.kind === 'Secret')
      .map((s) => [`${s.meta.namespace}/${s.meta.name}`, s]),
  );
  const defaulting = chooseDefaultClass(classes);
  diagnostics.push(...defaulting.diagnostics);

  const detected = detectNginxControllers(resources);
  const specs: NginxControllerSpec[] = detected.length > 0 ? detected : [assumedNginxController()];
  const claimedByAny = new Set<Ingress>();
  const controllers: Controller[] = specs.map((spec, index) => {
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
    const lb = describeLoadBalancer(service, index, id);
    assumptions.push(...lb.assumptions);
    const configMap = findConfigMap(configMaps, spec, assumed);
    if (configMap && assumed)
      assumptions.push(
        `the controller reads ConfigMap ${configMap.meta.namespace}/${configMap.meta.name} (--configmap)`,
      );
    const claimed: Ingress[] = [];
    // (The admission webhook below runs per controller, on the Ingresses it would serve.)
    const ignored: IgnoredIngress[] = [];
    for (const ing of ingresses) {
      const cls = effectiveClassName(ing, defaulting);
      const claim = claimIngress(ing, cls.name, cls.defaulted, spec, own);
      if (claim.claimed) {
        claimed.push(ing);
        claimedByAny.add(ing);
      } else ignored.push({ ingress: ing, reason: claim.reason });
    }
    const config = readNginxConfig(configMap, diagnostics);
    const refused = config.strictValidatePathType
      ? claimed.filter((ing) => webhookRefuses(ing, diagnostics))
      : [];
    for (const ing of refused) {
      claimed.splice(claimed.indexOf(ing), 1);
      claimedByAny.delete(ing);
    }
    const replicaPods = pods
      .filter((p) => p.namespace === spec.namespace && p.source === spec.source)
      .map((p) => p.name);
    const replicas =
      replicaPods.length > 0
        ? replicaPods
        : Array.from({ length: Math.max(1, spec.replicas) }, (_, i) => `${spec.name}-assumed-${i}`);
    const table = compileNginx(
      {
        ingresses: claimed,
        config,
        certificates,
        secrets,
        controllerSource: spec.source,
        ...(spec.flags['default-backend-service']
          ? { defaultBackendService: spec.flags['default-backend-service'] }
          : {}),
      },
      diagnostics,
    );
    return {
      id,
      family: 'nginx',
      controllerClass: spec.controllerClass,
      classes: own,
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
      claimed,
      ignored,
      table,
      assumptions,
    };
  });

  for (const ing of ingresses) {
    if (claimedByAny.has(ing)) continue;
    const reasons = controllers.flatMap((c) =>
      c.ignored.filter((i) => i.ingress === ing).map((i) => i.reason),
    );
    diagnostics.push({
      code: 'RL208',
      severity: 'error',
      message: `No controller serves Ingress ${ing.meta.namespace}/${ing.meta.name}: ${reasons[0] ?? 'no controller claims it'}. Its hosts fall to the default backend (404) and it gets no ADDRESS.`,
      source:
        ing.ingressClassName !== undefined
          ? ing.locate(['spec', 'ingressClassName'])
          : ing.locate(['spec']),
      fix: {
        title: `Set spec.ingressClassName: ${controllers[0]?.classes[0]?.meta.name ?? 'nginx'}`,
      },
    });
  }

  const scenarios = resources.filter((r) => r.kind === 'Scenario');
  for (const extra of scenarios.slice(1))
    diagnostics.push({
      code: 'RL121',
      severity: 'warning',
      message: `Only the first Scenario (${scenarios[0]?.meta.name ?? ''}) is used; this one is ignored.`,
      source: extra.source,
    });
  const scenario = scenarios[0]?.kind === 'Scenario' ? scenarios[0].scenario : undefined;
  return {
    resources,
    controllers,
    ...(scenario ? { scenario } : {}),
    pods,
    certificates,
    dns: buildDnsRecords(controllers),
    diagnostics,
    strict,
    resolveService: (ns, name, port) => services.resolve(ns, name, port),
  };
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

function webhookRefuses(ing: Ingress, diagnostics: Diagnostic[]): boolean {
  let refused = false;
  for (const rule of ing.rules) {
    for (const p of rule.paths) {
      if (p.pathType !== 'Exact' && p.pathType !== 'Prefix') continue;
      if (STRICT_PATH.test(p.path || '/')) continue;
      refused = true;
      diagnostics.push({
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
  return refused;
}
