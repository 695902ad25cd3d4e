/**
 * backendRefs as Envoy Gateway resolves them (envoyproxy/gateway internal/gatewayapi/route.go
 * processDestination, validateBackendRef; semantics.md C5):
 *  - a kind other than a core Service is InvalidKind; a Service that does not exist (or lacks
 *    the port) is BackendNotFound; a cross-namespace reference without a ReferenceGrant is
 *    RefNotPermitted. Each sets ResolvedRefs=False, and the requests that would have gone to
 *    that backend get 500 ("invalid-backend-cluster", ClusterNotFoundResponseCode 500).
 *  - weight 0 takes no traffic; a Service whose endpoints are all not ready drops out of the
 *    weighted split, and when no backend is left with endpoints the rule answers 503.
 */
import type { ServiceResolution } from '../../model/cluster.js';
import type { HTTPBackendRef, HTTPRoute, ObjectRef } from '../../model/gateway.js';
import { GATEWAY_GROUP } from '../../model/gateway.js';
import type { Service } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import { GW } from './codes.js';
import type { ReferenceGrants } from './refs.js';

export interface BackendProblem {
  readonly reason: 'InvalidKind' | 'BackendNotFound' | 'RefNotPermitted';
  readonly code: string;
  readonly message: string;
  readonly source: SourceRef;
}

export type ResolvedBackend =
  | {
      readonly ok: true;
      readonly namespace: string;
      readonly service: string;
      readonly port: number;
      /** How the ReferenceGrant allowed it, for a cross-namespace reference. */
      readonly grant?: string;
      readonly readyEndpoints: number;
    }
  | { readonly ok: false; readonly namespace: string; readonly problem: BackendProblem };

export interface BackendContext {
  readonly services: ReadonlyMap<string, Service>;
  readonly grants: ReferenceGrants;
  resolve(namespace: string, name: string, port: number): ServiceResolution;
  /**
   * Resolutions that succeeded, by Service name (then referring namespace, namespace and
   * port): a route's rules usually name the same Service, and a success depends on
   * nothing else.
   */
  readonly resolved?: Map<string, { readonly from: string; readonly backend: ResolvedBackend }[]>;
}

export function resolveBackendRef(
  route: HTTPRoute,
  ref: ObjectRef & { readonly port?: number },
  ctx: BackendContext,
  what = 'backendRef',
): ResolvedBackend {
  const namespace = ref.namespace ?? route.meta.namespace;
  if (ref.group !== '' || ref.kind !== 'Service')
    return {
      ok: false,
      namespace,
      problem: {
        reason: 'InvalidKind',
        code: GW.invalidKind,
        message: `${what} ${ref.group ? `${ref.group}/` : ''}${ref.kind} ${ref.name} is not a kind Envoy Gateway can send traffic to (a core Service): ResolvedRefs=False, InvalidKind`,
        source: ref.source,
      },
    };
  const port = ref.port ?? 0;
  const from = route.meta.namespace;
  const known = ctx.resolved?.get(ref.name);
  if (known)
    for (const k of known)
      if (k.from === from && k.backend.namespace === namespace && k.backend.ok)
        if (k.backend.port === port) return k.backend;
  const resolved = resolveService(route, ref, ctx, what, namespace, port);
  if (resolved.ok && ctx.resolved) {
    if (known) known.push({ from, backend: resolved });
    else ctx.resolved.set(ref.name, [{ from, backend: resolved }]);
  }
  return resolved;
}

function resolveService(
  route: HTTPRoute,
  ref: ObjectRef,
  ctx: BackendContext,
  what: string,
  namespace: string,
  port: number,
): ResolvedBackend {
  const target = (): string => `${ref.kind} ${namespace}/${ref.name}`;
  if (namespace !== route.meta.namespace) {
    const verdict = ctx.grants.check(
      { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: route.meta.namespace },
      { group: '', kind: 'Service', namespace, name: ref.name },
    );
    if (!verdict.allowed)
      return {
        ok: false,
        namespace,
        problem: {
          reason: 'RefNotPermitted',
          code: GW.refNotPermitted,
          message: `${what} ${target()} is in another namespace and ${verdict.why}: ResolvedRefs=False, RefNotPermitted`,
          source: ref.source,
        },
      };
  }
  const svc = ctx.services.get(`${namespace}/${ref.name}`);
  if (!svc)
    return {
      ok: false,
      namespace,
      problem: {
        reason: 'BackendNotFound',
        code: GW.backendNotFound,
        message: `${what} ${target()} does not exist in the YAML: ResolvedRefs=False, BackendNotFound`,
        source: ref.source,
      },
    };
  if (!svc.ports.some((p) => p.port === port))
    return {
      ok: false,
      namespace,
      problem: {
        reason: 'BackendNotFound',
        code: GW.backendNotFound,
        message: `${what} ${target()} has no port ${port} (it has ${svc.ports.map((p) => p.port).join(', ') || 'none'}): ResolvedRefs=False, BackendNotFound`,
        source: ref.source,
      },
    };
  const res = ctx.resolve(namespace, ref.name, port);
  const grant =
    namespace !== route.meta.namespace
      ? ctx.grants.check(
          { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: route.meta.namespace },
          { group: '', kind: 'Service', namespace, name: ref.name },
        )
      : undefined;
  let readyEndpoints = 0;
  for (const e of res.endpoints) if (e.ready) readyEndpoints++;
  if (grant?.allowed)
    return { ok: true, namespace, service: ref.name, port, readyEndpoints, grant: grant.how };
  return { ok: true, namespace, service: ref.name, port, readyEndpoints };
}

export function isServiceRef(b: HTTPBackendRef): boolean {
  return b.group === '' && b.kind === 'Service';
}
