/**
 * Which Gateways Envoy Gateway serves, and the listeners each one ends up with: its own,
 * then those of the ListenerSets it allows (GEP-1713: parent first, then ListenerSets by
 * creation time, then by namespace/name), each checked as the controller checks them
 * (protocol, conflicts, certificate references). Everything here is pure: resources in,
 * facts and diagnostics out.
 */
import type { CertificateSummary } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type {
  Gateway,
  GatewayClass,
  GatewayListener,
  ListenerSet,
  Namespace,
} from '../../model/gateway.js';
import { GATEWAY_GROUP } from '../../model/gateway.js';
import type { Resource } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import { namespaceLabels, selectorMatches } from '../../manifest/kinds/gateway.js';
import { GW } from './codes.js';
import { ReferenceGrants } from './refs.js';

/** [EG] the controllerName Envoy Gateway's GatewayClass carries (api/v1alpha1 envoygateway_types.go). */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

export interface ClassDecision {
  readonly served: boolean;
  readonly gatewayClass?: GatewayClass;
  /** Set when the class is not in the YAML and Envoy Gateway is assumed. */
  readonly assumption?: string;
  readonly reason?: string;
}

export function classFor(gateway: Gateway, classes: readonly GatewayClass[]): ClassDecision {
  const cls = classes.find((c) => c.meta.name === gateway.gatewayClassName);
  if (!cls)
    return {
      served: true,
      assumption: `GatewayClass "${gateway.gatewayClassName}" is not in the YAML, so routelab assumes it names Envoy Gateway (controllerName ${ENVOY_GATEWAY_CONTROLLER})`,
    };
  if (cls.controllerName === ENVOY_GATEWAY_CONTROLLER) return { served: true, gatewayClass: cls };
  return {
    served: false,
    gatewayClass: cls,
    reason: `GatewayClass ${cls.meta.name} names controller ${cls.controllerName}, which routelab does not model (it models Envoy Gateway, ${ENVOY_GATEWAY_CONTROLLER})`,
  };
}

/** One listener as the data plane sees it, whoever declared it. */
export interface ResolvedListener {
  readonly gateway: Gateway;
  /** The Gateway or the ListenerSet that declares it (its namespace decides `from: Same`). */
  readonly owner: Gateway | ListenerSet;
  readonly spec: GatewayListener;
  /** http / https when routelab routes it; undefined when it does not (TLS, TCP, UDP). */
  readonly protocol?: 'http' | 'https';
  /** ns/name of the certificate Secret an HTTPS listener serves. */
  readonly secret?: string;
  /** Why the listener carries no traffic (conflict, bad certificate), when it does not. */
  readonly problem?: string;
  readonly source: SourceRef;
}

export interface GatewayFacts {
  readonly gateway: Gateway;
  readonly decision: ClassDecision;
  readonly listeners: readonly ResolvedListener[];
  readonly listenerSets: readonly ListenerSet[];
}

/** Does the Gateway's allowedListeners admit this ListenerSet ([GW] AllowedListeners)? */
function allowsListenerSet(
  gateway: Gateway,
  ls: ListenerSet,
  namespaces: ReadonlyMap<string, Namespace>,
): string | undefined {
  const a = gateway.allowedListeners;
  switch (a.from) {
    case 'None':
      return `Gateway ${gateway.meta.namespace}/${gateway.meta.name} accepts no ListenerSets (spec.allowedListeners.namespaces.from defaults to None)`;
    case 'Same':
      return ls.meta.namespace === gateway.meta.namespace
        ? undefined
        : `Gateway ${gateway.meta.namespace}/${gateway.meta.name} accepts ListenerSets from its own namespace only`;
    case 'All':
      return undefined;
    case 'Selector': {
      const labels = namespaceLabels(namespaces.get(ls.meta.namespace), ls.meta.namespace);
      return a.selector && selectorMatches(a.selector, labels)
        ? undefined
        : `namespace ${ls.meta.namespace} does not match the Gateway's allowedListeners selector`;
    }
  }
}

function byAge(a: Resource, b: Resource): number {
  const ta = a.meta.creationTimestamp ? Date.parse(a.meta.creationTimestamp) : 0;
  const tb = b.meta.creationTimestamp ? Date.parse(b.meta.creationTimestamp) : 0;
  if (ta !== tb) return ta - tb;
  return `${a.meta.namespace}/${a.meta.name}`.localeCompare(`${b.meta.namespace}/${b.meta.name}`);
}

export function collectGateways(
  resources: readonly Resource[],
  certificates: ReadonlyMap<string, CertificateSummary>,
  diagnostics: Diagnostic[],
): GatewayFacts[] {
  const classes = resources.filter((r): r is GatewayClass => r.kind === 'GatewayClass');
  const gateways = resources.filter((r): r is Gateway => r.kind === 'Gateway');
  const sets = resources.filter((r): r is ListenerSet => r.kind === 'ListenerSet');
  const namespaces = new Map(
    resources.filter((r): r is Namespace => r.kind === 'Namespace').map((n) => [n.meta.name, n]),
  );
  const secrets = new Set(
    resources.filter((r) => r.kind === 'Secret').map((s) => `${s.meta.namespace}/${s.meta.name}`),
  );
  const grants = new ReferenceGrants(resources);
  const out: GatewayFacts[] = [];
  for (const ls of sets) {
    const ns = ls.parentRef.namespace ?? ls.meta.namespace;
    const parent = gateways.find(
      (g) => g.meta.namespace === ns && g.meta.name === ls.parentRef.name,
    );
    if (!parent || ls.parentRef.kind !== 'Gateway' || ls.parentRef.group !== GATEWAY_GROUP)
      diagnostics.push({
        code: GW.listenerSetNotAttached,
        severity: 'warning',
        message: `ListenerSet ${ls.meta.namespace}/${ls.meta.name} names ${ls.parentRef.kind} ${ns}/${ls.parentRef.name} as its parent, which is not a Gateway in the YAML: its listeners serve nothing.`,
        source: ls.parentRef.source,
      });
  }
  for (const gateway of gateways) {
    const decision = classFor(gateway, classes);
    if (!decision.served) {
      diagnostics.push({
        code: GW.classNotModelled,
        severity: 'warning',
        message: `Gateway ${gateway.meta.namespace}/${gateway.meta.name} is not traced: ${decision.reason ?? ''}.`,
        source: gateway.locate(['spec', 'gatewayClassName']),
      });
      continue;
    }
    if (decision.assumption)
      diagnostics.push({
        code: GW.classAssumed,
        severity: 'info',
        message: `${decision.assumption}.`,
        source: gateway.locate(['spec', 'gatewayClassName']),
      });
    const attached: ListenerSet[] = [];
    for (const ls of [...sets].sort(byAge)) {
      const ns = ls.parentRef.namespace ?? ls.meta.namespace;
      if (
        ls.parentRef.kind !== 'Gateway' ||
        ls.parentRef.group !== GATEWAY_GROUP ||
        ns !== gateway.meta.namespace ||
        ls.parentRef.name !== gateway.meta.name
      )
        continue;
      const refused = allowsListenerSet(gateway, ls, namespaces);
      if (refused) {
        diagnostics.push({
          code: GW.listenerSetNotAttached,
          severity: 'warning',
          message: `ListenerSet ${ls.meta.namespace}/${ls.meta.name} is not accepted (NotAllowed): ${refused}. Its listeners serve nothing.`,
          source: ls.parentRef.source,
        });
        continue;
      }
      attached.push(ls);
    }
    const declared: { owner: Gateway | ListenerSet; spec: GatewayListener }[] = [
      ...gateway.listeners.map((spec) => ({ owner: gateway as Gateway | ListenerSet, spec })),
      ...attached.flatMap((ls) => ls.listeners.map((spec) => ({ owner: ls, spec }))),
    ];
    const listeners = declared.map(({ owner, spec }, i) =>
      resolveListener(gateway, owner, spec, declared.slice(0, i), {
        secrets,
        certificates,
        grants,
        diagnostics,
      }),
    );
    out.push({ gateway, decision, listeners, listenerSets: attached });
  }
  return out;
}

interface ListenerContext {
  readonly secrets: ReadonlySet<string>;
  readonly certificates: ReadonlyMap<string, CertificateSummary>;
  readonly grants: ReferenceGrants;
  readonly diagnostics: Diagnostic[];
}

function resolveListener(
  gateway: Gateway,
  owner: Gateway | ListenerSet,
  spec: GatewayListener,
  earlier: readonly { owner: Gateway | ListenerSet; spec: GatewayListener }[],
  ctx: ListenerContext,
): ResolvedListener {
  const base = { gateway, owner, spec, source: spec.source };
  const where = `listener "${spec.name}" of ${owner.kind} ${owner.meta.namespace}/${owner.meta.name}`;
  const protocol = spec.protocol.toUpperCase();
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    ctx.diagnostics.push({
      code: GW.listenerUnsupported,
      severity: 'info',
      message: `${where} speaks ${spec.protocol}; routelab traces HTTP and HTTPS listeners only, so requests to port ${spec.port} are not modelled.`,
      source: spec.source,
    });
    return { ...base, problem: `protocol ${spec.protocol} is not modelled` };
  }
  // Listeners on one port must agree on the protocol, and differ by hostname
  // ([GW] gateway_types.go "Distinct Listeners"; Conflicted with ProtocolConflict / HostnameConflict).
  const clash = earlier.find(
    (e) =>
      e.spec.port === spec.port &&
      (e.spec.protocol.toUpperCase() !== protocol || e.spec.hostname === spec.hostname),
  );
  if (clash) {
    const reason =
      clash.spec.protocol.toUpperCase() !== protocol ? 'ProtocolConflict' : 'HostnameConflict';
    ctx.diagnostics.push({
      code: GW.listenerConflicted,
      severity: 'error',
      message: `${where} is Conflicted (${reason}) with listener "${clash.spec.name}" of ${clash.owner.kind} ${clash.owner.meta.namespace}/${clash.owner.meta.name} on port ${spec.port}: Envoy Gateway does not program it.`,
      source: spec.source,
    });
    return { ...base, problem: `it is Conflicted (${reason}) with listener "${clash.spec.name}"` };
  }
  if (protocol === 'HTTP') return { ...base, protocol: 'http' };
  const tls = spec.tls;
  if (!tls || tls.certificateRefs.length === 0) {
    ctx.diagnostics.push({
      code: GW.listenerRefs,
      severity: 'error',
      message: `${where} is HTTPS but names no certificate (tls.certificateRefs): Envoy Gateway cannot terminate TLS on it (ResolvedRefs=False, InvalidCertificateRef).`,
      source: spec.source,
    });
    return { ...base, protocol: 'https', problem: 'it has no certificate' };
  }
  const problems: string[] = [];
  for (const ref of tls.certificateRefs) {
    const ns = ref.namespace ?? owner.meta.namespace;
    const key = `${ns}/${ref.name}`;
    let problem: string | undefined;
    let code: string = GW.listenerRefs;
    if (ref.group !== '' || ref.kind !== 'Secret')
      problem = `certificateRef ${ref.kind} ${key} is not a core Secret (InvalidCertificateRef)`;
    else if (ns !== owner.meta.namespace) {
      const v = ctx.grants.check(
        { group: GATEWAY_GROUP, kind: owner.kind, namespace: owner.meta.namespace },
        { group: '', kind: 'Secret', namespace: ns, name: ref.name },
      );
      if (!v.allowed) {
        problem = `certificateRef ${key} is in another namespace and ${v.why} (RefNotPermitted)`;
        code = GW.refNotPermitted;
      }
    }
    if (!problem && !ctx.secrets.has(key))
      problem = `Secret ${key} is not in the YAML (InvalidCertificateRef)`;
    const cert = ctx.certificates.get(key);
    if (!problem && cert?.unusable)
      problem = `Secret ${key} ${cert.unusable} (InvalidCertificateRef)`;
    if (!problem && !cert)
      problem = `Secret ${key} is not of type kubernetes.io/tls (InvalidCertificateRef)`;
    if (problem) {
      problems.push(problem);
      ctx.diagnostics.push({
        code,
        severity: 'error',
        message: `${where}: ${problem}.${tls.certificateRefs.length > 1 ? '' : ' The listener has ResolvedRefs=False and Envoy Gateway does not serve TLS on it.'}`,
        source: ref.source,
      });
      continue;
    }
    // The first usable certificate answers; Envoy picks among several by SNI, which the
    // listener-wide binding here does not model.
    return { ...base, protocol: 'https', secret: key };
  }
  return {
    ...base,
    protocol: 'https',
    problem: problems.join('; ') || 'it has no usable certificate',
  };
}
