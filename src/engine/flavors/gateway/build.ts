/**
 * Envoy Gateway as a controller family: one Envoy per Gateway (Envoy Gateway provisions a
 * Deployment and a LoadBalancer Service per Gateway unless Gateways are merged), with one
 * listener per Gateway listener (and per attached ListenerSet listener), each with the
 * routes attached to it. Its address is the Gateway's first spec.addresses entry, else its
 * first status.addresses entry, else one handed out by the lab.
 */
import type { FamilyBuildContext, FamilyDefinition } from '../../cluster/context.js';
import type {
  Controller,
  DnsName,
  IgnoredResource,
  Listener,
  LoadBalancerPort,
} from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Gateway, HTTPRoute, ListenerSet, Namespace } from '../../model/gateway.js';
import type { Resource, Service } from '../../model/resources.js';
import { assumedSource, type SourceRef } from '../../model/source.js';
import { collectCertificates } from '../../cluster/certificates.js';
import { indexServices } from '../../cluster/services.js';
import { collectPods } from '../../cluster/workloads.js';
import { isIP } from '../../manifest/kinds/common.js';
import { attachRoute, type RouteParentStatus } from './attach.js';
import type { BackendContext } from './backends.js';
import { gatewayBehaviour } from './behaviour.js';
import { collectGateways, ENVOY_GATEWAY_CONTROLLER, type GatewayFacts } from './gateways.js';
import { ReferenceGrants } from './refs.js';
import { compileRules, type CompiledRule } from './rules.js';
import { buildListenerTable, type AttachedRoute } from './table.js';

export const gatewayFamily: FamilyDefinition = {
  id: 'envoy-gateway',
  behaviour: gatewayBehaviour,
  build: buildGatewayControllers,
};

/** Everything the Gateway API resources decide, before any controller is built. */
export interface GatewayApiModel {
  readonly gateways: readonly GatewayFacts[];
  readonly routes: readonly {
    readonly route: HTTPRoute;
    readonly rules: readonly CompiledRule[];
  }[];
  readonly statuses: readonly RouteParentStatus[];
}

export function evaluateGatewayApi(
  resources: readonly Resource[],
  ctx: Pick<FamilyBuildContext, 'certificates' | 'services'>,
  diagnostics: Diagnostic[],
): GatewayApiModel {
  const gateways = collectGateways(resources, ctx.certificates, diagnostics);
  // One pass over the resources: this runs on every compile.
  const httpRoutes: HTTPRoute[] = [];
  const services = new Map<string, Service>();
  const namespaces = new Map<string, Namespace>();
  const allGateways: Gateway[] = [];
  const allListenerSets: ListenerSet[] = [];
  for (const r of resources)
    if (r.kind === 'HTTPRoute') httpRoutes.push(r);
    else if (r.kind === 'Service') services.set(`${r.meta.namespace}/${r.meta.name}`, r);
    else if (r.kind === 'Namespace') namespaces.set(r.meta.name, r);
    else if (r.kind === 'Gateway') allGateways.push(r);
    else if (r.kind === 'ListenerSet') allListenerSets.push(r);
  const backendCtx: BackendContext = {
    services,
    grants: new ReferenceGrants(resources),
    resolve: (ns, name, port) => ctx.services.resolve(ns, name, { number: port }),
    resolved: new Map(),
  };
  const routes: GatewayApiModel['routes'][number][] = [];
  const statuses: RouteParentStatus[] = [];
  for (const route of httpRoutes) {
    const ruleDiagnostics: Diagnostic[] = [];
    const rules = compileRules(route, backendCtx, ruleDiagnostics);
    const parents = attachRoute({
      route,
      rules,
      gateways,
      allGateways,
      allListenerSets,
      namespaces,
      diagnostics,
    });
    // Envoy Gateway looks at a route's rules only for a parent whose listeners admit it
    // (the parents with a ResolvedRefs condition): report what the rules cause then, once,
    // on the lines that cause it.
    if (parents.some((p) => p.conditions.some((c) => c.type === 'ResolvedRefs'))) {
      diagnostics.push(...ruleDiagnostics);
      for (const rule of rules)
        for (const c of rule.conditions)
          diagnostics.push({
            code: c.code,
            severity: 'error',
            message: `HTTPRoute ${route.meta.namespace}/${route.meta.name}: ${c.message}.${c.type === 'ResolvedRefs' ? ' Requests that would go to it get 500.' : ''}`,
            source: c.source,
          });
    }
    routes.push({ route, rules });
    for (const p of parents) statuses.push(p);
  }
  return { gateways, routes, statuses };
}

/** A listener's attached-route count, as its status would show it. */
export interface ListenerStatus {
  readonly gateway: Gateway;
  readonly listener: string;
  readonly attachedRoutes: number;
}

/**
 * The status Envoy Gateway would write: each HTTPRoute's conditions per parent, and each
 * listener's attachedRoutes ("the number of Routes with the Accepted condition set to
 * True that have been attached to this Listener", [GW] ListenerStatus.AttachedRoutes).
 */
export function gatewayApiStatus(resources: readonly Resource[]): {
  readonly routes: readonly RouteParentStatus[];
  readonly listeners: readonly ListenerStatus[];
  readonly diagnostics: readonly Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const pods = collectPods(resources);
  const model = evaluateGatewayApi(
    resources,
    {
      certificates: collectCertificates(resources, []),
      services: indexServices(resources, pods, false),
    },
    diagnostics,
  );
  const listeners: ListenerStatus[] = [];
  for (const g of model.gateways)
    for (const l of g.listeners)
      listeners.push({
        gateway: g.gateway,
        listener: listenerName(g, l.owner, l.spec.name),
        attachedRoutes: new Set(
          model.statuses
            .filter((s) => s.attachments.some((a) => a.listener === l))
            .map((s) => s.route),
        ).size,
      });
  return { routes: model.statuses, listeners, diagnostics };
}

function buildGatewayControllers(ctx: FamilyBuildContext): Controller[] {
  const model = evaluateGatewayApi(ctx.resources, ctx, ctx.diagnostics);
  return model.gateways.map((facts) => buildController(facts, model, ctx));
}

function listenerName(facts: GatewayFacts, owner: Gateway | ListenerSet, name: string): string {
  return owner === facts.gateway ? name : `${owner.meta.namespace}/${owner.meta.name}/${name}`;
}

function buildController(
  facts: GatewayFacts,
  model: GatewayApiModel,
  ctx: FamilyBuildContext,
): Controller {
  const gw = facts.gateway;
  const gwKey = `${gw.meta.namespace}/${gw.meta.name}`;
  const statuses = model.statuses.filter((s) => s.gateway === gw);
  const rulesOf = new Map(model.routes.map((r) => [r.route, r.rules]));
  const listeners: Listener[] = [];
  const dnsNames: DnsName[] = [];
  for (const l of facts.listeners) {
    if (l.problem || !l.protocol) continue;
    const attached: AttachedRoute[] = [];
    for (const s of statuses)
      for (const a of s.attachments)
        if (a.listener === l)
          attached.push({ route: s.route, rules: rulesOf.get(s.route) ?? [], hosts: a.hosts });
    const name = listenerName(facts, l.owner, l.spec.name);
    const table = buildListenerTable(`${gwKey}/${name}`, attached, l.source, l.spec.port);
    const tlsSource = l.spec.tls?.source ?? l.source;
    listeners.push({
      name,
      port: l.spec.port,
      protocol: l.protocol,
      table,
      source: l.source,
      ...(l.spec.hostname !== undefined ? { hostname: l.spec.hostname } : {}),
      ...(l.protocol === 'https' && l.secret
        ? { tls: { secret: l.secret, source: tlsSource } }
        : {}),
    });
    if (l.spec.hostname) dnsNames.push({ name: l.spec.hostname, source: l.spec.source });
    for (const a of attached)
      for (const h of a.hosts)
        if (h !== '*' && h !== l.spec.hostname)
          dnsNames.push({ name: h, source: a.route.hostnamesSource });
  }
  const ports: LoadBalancerPort[] = [];
  for (const l of listeners)
    if (!ports.some((p) => p.port === l.port))
      ports.push({
        port: l.port,
        protocol: l.protocol,
        tlsAtLoadBalancer: false,
        source: l.source,
      });
  const assumptions: string[] = [];
  if (facts.decision.assumption) assumptions.push(facts.decision.assumption);
  const address = gatewayAddress(gw, ctx, assumptions, dnsNames);
  assumptions.push(
    `Envoy Gateway runs one Envoy Deployment for Gateway ${gwKey} (1 replica) behind a Service of type LoadBalancer with externalTrafficPolicy: Local (its defaults: api/v1alpha1 KubernetesServiceSpec)`,
  );
  const attachedRoutes = [
    ...new Set(statuses.filter((s) => s.attachments.length > 0).map((s) => s.route)),
  ];
  const ignored: IgnoredResource[] = statuses
    .filter((s) => s.attachments.length === 0)
    .map((s) => ({
      resource: s.route,
      reason: s.conditions[0]?.message ?? 'it is not accepted',
      hosts: s.route.hostnames.map((h) => h.value).filter((h) => !h.startsWith('*')),
    }));
  const className = gw.gatewayClassName;
  const proxyName = `envoy-${gw.meta.namespace}-${gw.meta.name}`;
  return {
    id: `envoy-gateway-system/${proxyName}`,
    family: 'envoy-gateway',
    controllerClass: ENVOY_GATEWAY_CONTROLLER,
    classNames: [className],
    summary: `Gateway ${gwKey} (GatewayClass ${className}): ${listeners.length} listener${listeners.length === 1 ? '' : 's'}, ${attachedRoutes.length} HTTPRoute${attachedRoutes.length === 1 ? '' : 's'} attached`,
    replicas: [`${proxyName}-assumed-0`],
    address: address.value,
    addressSource: address.source,
    externalTrafficPolicy: 'Local',
    ports,
    flags: {},
    assumed: true,
    source: gw.source,
    claimed: [gw, ...facts.listenerSets, ...attachedRoutes],
    ignored,
    listeners,
    dnsNames,
    assumptions,
  };
}

function gatewayAddress(
  gw: Gateway,
  ctx: FamilyBuildContext,
  assumptions: string[],
  dnsNames: DnsName[],
): { value: string; source: SourceRef } {
  const ip = gw.addresses.find((a) => a.type === 'IPAddress' && isIP(a.value));
  if (ip) return { value: ip.value, source: ip.source };
  const status = gw.statusAddresses.find((a) => isIP(a));
  if (status) return { value: status, source: gw.locate(['status', 'addresses']) };
  const value = ctx.allocateAddress();
  const named = gw.addresses.find((a) => a.type === 'Hostname');
  if (named) {
    // A Hostname address names the load balancer; DNS for it points at the lab's address.
    dnsNames.push({ name: named.value, source: named.source });
    assumptions.push(`Gateway address ${named.value} (type Hostname) resolves to ${value}`);
  } else
    assumptions.push(
      `the Gateway's address is not in the YAML (spec.addresses or status.addresses), so routelab uses ${value}`,
    );
  return {
    value,
    source:
      named?.source ??
      assumedSource(
        'Service',
        'envoy-gateway-system',
        `envoy-${gw.meta.namespace}-${gw.meta.name}`,
      ),
  };
}
