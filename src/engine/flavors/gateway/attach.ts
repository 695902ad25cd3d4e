/**
 * Which listeners each HTTPRoute parentRef attaches to, and the route's status for that
 * parent, in the order Envoy Gateway decides it (envoyproxy/gateway internal/gatewayapi/
 * route.go processAllowedListenersForParentRefs, processHTTPRouteParentRefs,
 * processHTTPRouteParentRefListener):
 *   1. the parentRef's listeners: sectionName, then port, must name some
 *      (else Accepted=False, NoMatchingParent);
 *   2. of those, the ones whose allowedRoutes admit the route's kind and namespace
 *      (else NotAllowedByListeners);
 *   3. the rules' own conditions (ResolvedRefs reasons; UnsupportedValue when every rule
 *      is dropped, PartiallyInvalid when some are);
 *   4. the listeners whose hostname intersects the route's (else NoMatchingListenerHostname).
 * A Gateway parentRef reaches the Gateway's own listeners only; a ListenerSet parentRef
 * reaches that set's listeners (GEP-1713).
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Gateway, HTTPRoute, ListenerSet, Namespace, ParentRef } from '../../model/gateway.js';
import { GATEWAY_GROUP, GATEWAY_X_GROUP } from '../../model/gateway.js';
import type { SourceRef } from '../../model/source.js';
import { namespaceLabels, selectorMatches } from '../../manifest/kinds/gateway.js';
import { GW } from './codes.js';
import type { GatewayFacts, ResolvedListener } from './gateways.js';
import { intersectHostnames } from './hostnames.js';
import type { CompiledRule, RuleCondition } from './rules.js';

export type ConditionStatus = 'True' | 'False';

export interface RouteParentCondition {
  readonly type: 'Accepted' | 'ResolvedRefs' | 'PartiallyInvalid';
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

export interface Attachment {
  readonly listener: ResolvedListener;
  /** The names the route is served under on this listener (the hostname intersection). */
  readonly hosts: readonly string[];
}

export interface RouteParentStatus {
  readonly route: HTTPRoute;
  readonly parentRef: ParentRef;
  readonly parent: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly gateway?: Gateway;
  readonly conditions: readonly RouteParentCondition[];
  /** Listeners the route is attached to (Accepted=True only). */
  readonly attachments: readonly Attachment[];
  readonly source: SourceRef;
}

const LISTENER_SET_KINDS = new Set(['ListenerSet', 'XListenerSet']);

/** Route kinds a listener admits when allowedRoutes.kinds is empty ([GW] Listener.AllowedRoutes). */
function impliedKinds(protocol: string): string[] {
  switch (protocol.toUpperCase()) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return ['TLSRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return [];
  }
}

function allowsKind(l: ResolvedListener): boolean {
  const kinds = l.spec.allowedRoutes.kinds;
  if (kinds.length === 0) return impliedKinds(l.spec.protocol).includes('HTTPRoute');
  return kinds.some((k) => k.kind === 'HTTPRoute' && k.group === GATEWAY_GROUP);
}

function allowsNamespace(
  l: ResolvedListener,
  routeNamespace: string,
  namespaces: ReadonlyMap<string, Namespace>,
): boolean {
  const a = l.spec.allowedRoutes;
  switch (a.from) {
    case 'All':
      return true;
    case 'Same':
      return routeNamespace === l.owner.meta.namespace;
    case 'Selector':
      return (
        a.selector !== undefined &&
        selectorMatches(a.selector, namespaceLabels(namespaces.get(routeNamespace), routeNamespace))
      );
    case 'None':
      return false;
  }
}

export interface AttachInput {
  readonly route: HTTPRoute;
  readonly rules: readonly CompiledRule[];
  readonly gateways: readonly GatewayFacts[];
  /** Every Gateway and ListenerSet in the YAML (served or not), to tell "not ours" from "missing". */
  readonly allGateways: readonly Gateway[];
  readonly allListenerSets: readonly ListenerSet[];
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly diagnostics: Diagnostic[];
}

export function attachRoute(input: AttachInput): RouteParentStatus[] {
  const { route } = input;
  const out: RouteParentStatus[] = [];
  const routeHosts = route.hostnames.map((h) => h.value);
  for (const ref of route.parentRefs) {
    const status = attachParent(input, ref, routeHosts);
    if (status) out.push(status);
  }
  return out;
}

/** A Gateway's own listeners (not its ListenerSets'), once per Gateway. */
const ownListeners = new WeakMap<GatewayFacts, readonly ResolvedListener[]>();

function listenersOf(facts: GatewayFacts): readonly ResolvedListener[] {
  let found = ownListeners.get(facts);
  if (!found) {
    found = facts.listeners.filter((l) => l.owner === facts.gateway);
    ownListeners.set(facts, found);
  }
  return found;
}

// Status conditions every accepted route with resolved references carries: made once.
const ACCEPTED: RouteParentCondition = {
  type: 'Accepted',
  status: 'True',
  reason: 'Accepted',
  message: 'Route is accepted',
};
const REFS_RESOLVED: RouteParentCondition = {
  type: 'ResolvedRefs',
  status: 'True',
  reason: 'ResolvedRefs',
  message: 'Resolved all the Object references for the Route',
};

// Built with few allocations: this runs for every parentRef of every route on every compile.
function attachParent(
  input: AttachInput,
  ref: ParentRef,
  routeHosts: readonly string[],
): RouteParentStatus | undefined {
  const { route, diagnostics } = input;
  const ns = ref.namespace ?? route.meta.namespace;
  const where = (): string =>
    `HTTPRoute ${route.meta.namespace}/${route.meta.name} parentRef ${ref.kind} ${ns}/${ref.name}`;
  let facts: GatewayFacts | undefined;
  let candidates: readonly ResolvedListener[];
  if (ref.kind === 'Gateway' && ref.group === GATEWAY_GROUP) {
    facts = input.gateways.find(
      (g) => g.gateway.meta.namespace === ns && g.gateway.meta.name === ref.name,
    );
    if (!facts) {
      const exists = input.allGateways.some(
        (g) => g.meta.namespace === ns && g.meta.name === ref.name,
      );
      if (!exists)
        diagnostics.push({
          code: GW.parentNotFound,
          severity: 'warning',
          message: `${where()}: no such Gateway in the YAML, so no controller serves this route through it.`,
          source: ref.source,
        });
      return undefined;
    }
    candidates = listenersOf(facts);
  } else if (
    LISTENER_SET_KINDS.has(ref.kind) &&
    (ref.group === GATEWAY_GROUP || ref.group === GATEWAY_X_GROUP)
  ) {
    const ls = input.allListenerSets.find(
      (s) => s.meta.namespace === ns && s.meta.name === ref.name,
    );
    if (!ls) {
      diagnostics.push({
        code: GW.parentNotFound,
        severity: 'warning',
        message: `${where()}: no such ListenerSet in the YAML.`,
        source: ref.source,
      });
      return undefined;
    }
    facts = input.gateways.find((g) => g.listenerSets.includes(ls));
    if (!facts) {
      const parentNs = ls.parentRef.namespace ?? ls.meta.namespace;
      const served = input.gateways.find(
        (g) => g.gateway.meta.namespace === parentNs && g.gateway.meta.name === ls.parentRef.name,
      );
      // The set's Gateway is not one Envoy Gateway serves: nothing to report for it.
      if (!served) return undefined;
      return reject(
        input,
        ref,
        { kind: ref.kind, namespace: ns, name: ref.name },
        served.gateway,
        'NoMatchingParent',
        GW.noMatchingParent,
        `${where()}: the ListenerSet is not attached to Gateway ${served.gateway.meta.namespace}/${served.gateway.meta.name} (its allowedListeners do not admit it)`,
      );
    }
    candidates = facts.listeners.filter((l) => l.owner === ls);
  } else {
    diagnostics.push({
      code: GW.parentNotFound,
      severity: 'info',
      message: `${where()}: routelab attaches HTTPRoutes to Gateways and ListenerSets only (${ref.kind} parents, such as GAMMA Services, are not modelled).`,
      source: ref.source,
    });
    return undefined;
  }
  const parent = { kind: ref.kind, namespace: ns, name: ref.name };
  const gateway = facts.gateway;
  let selected = candidates;
  if (ref.sectionName !== undefined) {
    selected = selected.filter((l) => l.spec.name === ref.sectionName);
    if (selected.length === 0)
      return reject(
        input,
        ref,
        parent,
        gateway,
        'NoMatchingParent',
        GW.noMatchingParent,
        `${where()}: sectionName "${ref.sectionName}" names no listener of this ${ref.kind} (it has ${candidates.map((l) => `"${l.spec.name}"`).join(', ') || 'none'})`,
      );
  }
  if (ref.port !== undefined) {
    const byPort = selected.filter((l) => l.spec.port === ref.port);
    if (byPort.length === 0)
      return reject(
        input,
        ref,
        parent,
        gateway,
        'NoMatchingParent',
        GW.noMatchingParent,
        `${where()}: port ${ref.port} is not the port of ${ref.sectionName !== undefined ? `listener "${ref.sectionName}"` : 'any of its listeners'} (${[...new Set(selected.map((l) => l.spec.port))].join(', ') || 'none'})`,
      );
    selected = byPort;
  }
  const admits = (l: ResolvedListener): boolean =>
    allowsKind(l) && allowsNamespace(l, input.route.meta.namespace, input.namespaces);
  const allowed = selected.every(admits) ? selected : selected.filter(admits);
  if (allowed.length === 0) {
    const why = selected
      .map((l) =>
        !allowsKind(l)
          ? `listener "${l.spec.name}" admits ${l.spec.allowedRoutes.kinds.map((k) => k.kind).join(', ') || impliedKinds(l.spec.protocol).join(', ') || 'no route kinds'}, not HTTPRoute`
          : `listener "${l.spec.name}" admits routes from ${describeFrom(l)}, not from namespace ${input.route.meta.namespace}`,
      )
      .join('; ');
    return reject(
      input,
      ref,
      parent,
      gateway,
      'NotAllowedByListeners',
      GW.notAllowedByListeners,
      `${where()}: ${why}`,
    );
  }
  const conditions: RouteParentCondition[] = [];
  let dropped = 0;
  let acceptedProblem: RuleCondition | undefined;
  let refProblem: RuleCondition | undefined;
  for (const r of input.rules) {
    if (!r.accepted) dropped++;
    for (const c of r.conditions)
      if (c.type === 'Accepted') {
        if (!r.accepted) acceptedProblem ??= c;
      } else refProblem ??= c;
  }
  if (acceptedProblem && dropped === input.rules.length)
    return reject(
      input,
      ref,
      parent,
      gateway,
      acceptedProblem.reason,
      acceptedProblem.code,
      `${where()}: ${acceptedProblem.message}`,
      acceptedProblem.source,
    );
  if (acceptedProblem)
    conditions.push({
      type: 'PartiallyInvalid',
      status: 'True',
      reason: acceptedProblem.reason,
      message: acceptedProblem.message,
    });
  conditions.push(
    refProblem
      ? {
          type: 'ResolvedRefs',
          status: 'False',
          reason: refProblem.reason,
          message: refProblem.message,
        }
      : REFS_RESOLVED,
  );
  const attachments: Attachment[] = [];
  for (const listener of allowed) {
    const hosts = intersectHostnames(routeHosts, listener.spec.hostname);
    if (hosts.length > 0) attachments.push({ listener, hosts });
  }
  if (attachments.length === 0) {
    const listenerNames = allowed
      .map((l) => `"${l.spec.name}" (${l.spec.hostname ?? 'any host'})`)
      .join(', ');
    return reject(
      input,
      ref,
      parent,
      gateway,
      'NoMatchingListenerHostname',
      GW.noMatchingListenerHostname,
      `${where()}: none of the route's hostnames (${routeHosts.join(', ')}) intersects the hostname of listener ${listenerNames}`,
      input.route.hostnamesSource,
      conditions,
    );
  }
  conditions.unshift(ACCEPTED);
  return {
    route: input.route,
    parentRef: ref,
    parent,
    gateway,
    conditions,
    attachments,
    source: ref.source,
  };
}

function describeFrom(l: ResolvedListener): string {
  const a = l.spec.allowedRoutes;
  if (a.from === 'Same') return `its own namespace (${l.owner.meta.namespace}) only`;
  if (a.from === 'Selector') return 'namespaces matching its selector';
  return a.from === 'All' ? 'all namespaces' : 'no namespace';
}

function reject(
  input: AttachInput,
  ref: ParentRef,
  parent: RouteParentStatus['parent'],
  gateway: Gateway,
  reason: string,
  code: string,
  message: string,
  source: SourceRef = ref.source,
  extra: readonly RouteParentCondition[] = [],
): RouteParentStatus {
  input.diagnostics.push({
    code,
    severity: 'error',
    message: `${message}. The route is not Accepted (${reason}) for this parent, so none of its rules are served through it.`,
    source,
  });
  // The condition's message names no route or parent: its status already does.
  const detail = message.startsWith('HTTPRoute ')
    ? message.slice(message.indexOf(': ') + 2)
    : message;
  return {
    route: input.route,
    parentRef: ref,
    parent,
    gateway,
    conditions: [{ type: 'Accepted', status: 'False', reason, message: detail }, ...extra],
    attachments: [],
    source: ref.source,
  };
}
