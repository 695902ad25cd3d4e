/**
 * The backends a route table sends to, named as each proxy names them, with the
 * endpoints the cluster resolves for them. Shared by the configuration renderers.
 */
import type { Cluster, EndpointInfo, ServiceResolution } from '../model/cluster.js';
import type { BackendRef, Route, RouteTable, VirtualHost } from '../model/routeTable.js';

export interface BackendUse {
  readonly ref: BackendRef;
  readonly resolution: ServiceResolution;
  /** Ready endpoints: the only ones a proxy sends to. */
  readonly ready: readonly EndpointInfo[];
}

function portText(port: BackendRef['port']): string {
  return port.number !== undefined ? String(port.number) : (port.name ?? '');
}

/**
 * ingress-nginx's upstream name, `<namespace>-<service>-<port>` ([INX] controller.go
 * upstreamName: fmt.Sprintf("%v-%v-%v", namespace, service.Name, service.Port.String())).
 */
export function nginxUpstreamName(b: Pick<BackendRef, 'namespace' | 'service' | 'port'>): string {
  return `${b.namespace}-${b.service}-${portText(b.port)}`;
}

/** Envoy cluster names as Contour writes them: `<namespace>/<service>/<port>` (a readable form). */
export function envoyClusterName(b: Pick<BackendRef, 'namespace' | 'service' | 'port'>): string {
  return `${b.namespace}/${b.service}/${portText(b.port)}`;
}

/** Every virtual host of the tables, each table's catch-all first. */
export function tableHosts(tables: readonly RouteTable[]): VirtualHost[] {
  return tables.flatMap((t) => [t.fallback, ...t.virtualHosts]);
}

/** Every route of the tables, in `tableHosts` order. */
export function tableRoutes(tables: readonly RouteTable[]): Route[] {
  return tableHosts(tables).flatMap((v) => v.routes);
}

/** Every backend a route may send to: weighted backends, canaries, fallbacks and mirrors. */
export function routeBackends(route: Route): BackendRef[] {
  const a = route.action;
  if (a.kind !== 'forward') return [];
  return [
    ...a.backends.filter((b) => b.invalid === undefined),
    ...a.alternatives,
    ...(a.fallback ? [a.fallback] : []),
    ...(a.mirrors ?? []),
  ];
}

/** The distinct backends of the tables, keyed by `name(ref)`, in first-use order. */
export function collectBackends(
  cluster: Cluster,
  tables: readonly RouteTable[],
  name: (b: BackendRef) => string,
): Map<string, BackendUse> {
  const out = new Map<string, BackendUse>();
  for (const route of tableRoutes(tables))
    for (const ref of routeBackends(route)) {
      const key = name(ref);
      if (out.has(key)) continue;
      const resolution = cluster.resolveService(ref.namespace, ref.service, ref.port);
      out.set(key, { ref, resolution, ready: resolution.endpoints.filter((e) => e.ready) });
    }
  return out;
}
