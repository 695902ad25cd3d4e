/**
 * Resources → Cluster: pods, Services and their endpoints, certificates, then each
 * controller family builds its controllers (the resources each claims and their route
 * tables), then DNS.
 */
import type { Cluster, ClusterOptions, Controller } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Ingress, IngressClass, Resource, Secret } from '../model/resources.js';
import { FAMILY_BUILD_ORDER } from '../flavors/index.js';
import { chooseDefaultClass } from './classes.js';
import type { FamilyBuildContext } from './context.js';
import { collectCertificates } from './certificates.js';
import { buildDnsRecords } from './dns.js';
import { allocatedAddress } from './loadBalancer.js';
import { indexServices } from './services.js';
import { collectPods } from './workloads.js';

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
  const secrets = new Map(
    resources
      .filter((r): r is Secret => r.kind === 'Secret')
      .map((s) => [`${s.meta.namespace}/${s.meta.name}`, s]),
  );
  const classDefaulting = chooseDefaultClass(classes);
  diagnostics.push(...classDefaulting.diagnostics);

  const controllers: Controller[] = [];
  const claimedIngresses = new Set<Ingress>();
  let addresses = 0;
  for (const family of FAMILY_BUILD_ORDER) {
    const ctx: FamilyBuildContext = {
      resources,
      pods,
      certificates,
      secrets,
      services,
      classDefaulting,
      diagnostics,
      strict,
      claimedIngresses,
      controllersSoFar: controllers,
      allocateAddress: () => allocatedAddress(addresses++),
    };
    for (const c of family.build(ctx)) {
      controllers.push(c);
      for (const r of c.claimed) if (r.kind === 'Ingress') claimedIngresses.add(r);
    }
  }

  for (const ing of ingresses) {
    if (claimedIngresses.has(ing)) continue;
    const reasons = controllers.flatMap((c) =>
      c.ignored.filter((i) => i.resource === ing).map((i) => i.reason),
    );
    const ingressClass = controllers.find((c) => c.classNames.length > 0)?.classNames[0];
    diagnostics.push({
      code: 'RL208',
      severity: 'error',
      message: `No controller serves Ingress ${ing.meta.namespace}/${ing.meta.name}: ${reasons[0] ?? 'no controller claims it'}. Its hosts fall to the default backend (404) and it gets no ADDRESS.`,
      source:
        ing.ingressClassName !== undefined
          ? ing.locate(['spec', 'ingressClassName'])
          : ing.locate(['spec']),
      fix: { title: `Set spec.ingressClassName: ${ingressClass ?? 'nginx'}` },
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
