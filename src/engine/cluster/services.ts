/**
 * Service → endpoints, as the EndpointSlice controller and ingress-nginx see them.
 */
import type { EndpointInfo, PodInfo, ServiceResolution } from '../model/cluster.js';
import type { Endpoints, Resource, Service, ServicePort } from '../model/resources.js';
import { assumedSource, type SourceRef } from '../model/source.js';
import { selectorMatches } from './workloads.js';

export interface ServiceIndex {
  resolve(
    namespace: string,
    name: string,
    port: { number?: number; name?: string },
  ): ServiceResolution;
}

export function indexServices(
  resources: readonly Resource[],
  pods: readonly PodInfo[],
  strict: boolean,
): ServiceIndex {
  const services = new Map<string, Service>();
  const explicit = new Map<string, Endpoints[]>();
  for (const r of resources) {
    if (r.kind === 'Service') services.set(`${r.meta.namespace}/${r.meta.name}`, r);
    if (r.kind === 'Endpoints' || r.kind === 'EndpointSlice') {
      const key = `${r.meta.namespace}/${r.serviceName}`;
      explicit.set(key, [...(explicit.get(key) ?? []), r]);
    }
  }
  const cache = new Map<string, ServiceResolution>();
  return {
    resolve(namespace, name, port) {
      const key = `${namespace}/${name}:${port.number ?? ''}:${port.name ?? ''}`;
      let hit = cache.get(key);
      if (!hit) {
        hit = resolve(
          services.get(`${namespace}/${name}`),
          namespace,
          name,
          port,
          pods,
          explicit.get(`${namespace}/${name}`) ?? [],
          strict,
        );
        cache.set(key, hit);
      }
      return hit;
    },
  };
}

function describePort(port: { number?: number; name?: string }): string {
  return port.number !== undefined ? String(port.number) : `"${port.name ?? ''}"`;
}

function resolve(
  svc: Service | undefined,
  namespace: string,
  name: string,
  port: { number?: number; name?: string },
  pods: readonly PodInfo[],
  slices: readonly Endpoints[],
  strict: boolean,
): ServiceResolution {
  if (!svc) {
    if (strict)
      return {
        assumed: false,
        endpoints: [],
        problem: `Service ${namespace}/${name} does not exist`,
        sources: [],
      };
    const number = port.number ?? 80;
    const pod = `${name}-assumed`;
    return {
      assumed: true,
      port: { port: number, targetPort: number },
      endpoints: [
        { pod, ip: '10.244.255.2', port: number, ready: true, listening: true, assumed: true },
      ],
      sources: [assumedSource('Service', namespace, name)],
    };
  }
  const sp = findServicePort(svc, port);
  if (!sp)
    return {
      service: svc,
      assumed: false,
      endpoints: [],
      problem: `Service ${namespace}/${name} has no port ${describePort(port)} (it has ${svc.ports.map((p) => (p.name ? `${p.port}/${p.name}` : String(p.port))).join(', ') || 'no ports'})`,
      sources: [svc.locate(['spec', 'ports'])],
    };
  const resolvedPort = {
    port: sp.port,
    targetPort: sp.targetPort,
    ...(sp.name !== undefined ? { name: sp.name } : {}),
  };
  const sources: SourceRef[] = [sp.source];
  if (svc.type === 'ExternalName') {
    const host = svc.externalName ?? '';
    return {
      service: svc,
      assumed: false,
      port: resolvedPort,
      endpoints: host
        ? [
            {
              pod: host,
              ip: host,
              port: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port,
              ready: true,
              listening: true,
            },
          ]
        : [],
      ...(host ? {} : { problem: `ExternalName Service ${namespace}/${name} has no externalName` }),
      sources,
    };
  }
  if (!svc.selector || (slices.length > 0 && pods.length === 0))
    return fromExplicit(svc, sp, resolvedPort, slices, sources);
  if (pods.length === 0) {
    // A Service pasted without any workload: assume its pods rather than teach a 503
    // that comes only from the YAML being incomplete.
    const port =
      typeof sp.targetPort === 'number'
        ? sp.targetPort
        : /^\d+$/.test(sp.targetPort)
          ? Number(sp.targetPort)
          : sp.port;
    return {
      service: svc,
      assumed: false,
      assumedPods: true,
      port: resolvedPort,
      endpoints: [
        {
          pod: `${name}-assumed`,
          ip: '10.244.255.3',
          port,
          ready: true,
          listening: true,
          assumed: true,
        },
      ],
      sources,
    };
  }
  const selected = pods.filter(
    (p) => p.namespace === namespace && selectorMatches(svc.selector ?? {}, p.labels),
  );
  const selectorText = Object.entries(svc.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  sources.push(svc.locate(['spec', 'selector']));
  if (selected.length === 0)
    return {
      service: svc,
      assumed: false,
      port: resolvedPort,
      endpoints: [],
      problem: `selector ${selectorText} matches no pods in namespace ${namespace}`,
      sources,
    };
  const endpoints: EndpointInfo[] = [];
  for (const pod of selected) {
    const target = targetPortOf(pod, sp.targetPort);
    if (target === undefined) continue; // the EndpointSlice controller leaves out pods without the named port
    const declared = pod.containers.flatMap((c) => c.ports.map((p) => p.containerPort));
    endpoints.push({
      pod: pod.name,
      ip: pod.ip,
      port: target,
      ready: pod.ready || svc.publishNotReadyAddresses,
      listening: declared.length === 0 || declared.includes(target),
    });
  }
  sources.push(...new Set(selected.map((p) => p.source)));
  if (endpoints.length === 0)
    return {
      service: svc,
      assumed: false,
      port: resolvedPort,
      endpoints,
      problem: `${selected.length} pod(s) match ${selectorText}, but none has a container port named "${String(sp.targetPort)}" (targetPort)`,
      sources,
    };
  if (!endpoints.some((e) => e.ready))
    return {
      service: svc,
      assumed: false,
      port: resolvedPort,
      endpoints,
      problem: `none of the ${endpoints.length} pod(s) behind it is ready`,
      sources,
    };
  return { service: svc, assumed: false, port: resolvedPort, endpoints, sources };
}

/**
 * ingress-nginx matches the Ingress backend port against the Service port number, its
 * targetPort, or its name ([INX] internal/ingress/controller/controller.go serviceEndpoints).
 */
export function findServicePort(
  svc: Service,
  port: { number?: number; name?: string },
): ServicePort | undefined {
  if (port.number !== undefined) {
    return (
      svc.ports.find((p) => p.port === port.number) ??
      svc.ports.find((p) => String(p.targetPort) === String(port.number))
    );
  }
  return (
    svc.ports.find((p) => p.name === port.name) ??
    svc.ports.find((p) => String(p.targetPort) === port.name)
  );
}

function targetPortOf(pod: PodInfo, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.containers)
    for (const p of c.ports) if (p.name === target) return p.containerPort;
  return undefined;
}

function fromExplicit(
  svc: Service,
  sp: ServicePort,
  resolvedPort: NonNullable<ServiceResolution['port']>,
  slices: readonly Endpoints[],
  sources: SourceRef[],
): ServiceResolution {
  const endpoints: EndpointInfo[] = [];
  for (const s of slices) {
    const p = s.ports.length === 1 ? s.ports[0] : s.ports.find((x) => x.name === sp.name);
    if (!p) continue;
    sources.push(s.source);
    for (const a of s.addresses)
      endpoints.push({
        pod: a.podName ?? a.ip,
        ip: a.ip,
        port: p.port,
        ready: a.ready,
        listening: true,
      });
  }
  const base = { service: svc, assumed: false, port: resolvedPort, endpoints, sources };
  if (endpoints.length === 0)
    return {
      ...base,
      problem: `Service ${svc.meta.namespace}/${svc.meta.name} has no selector and no Endpoints or EndpointSlices for port ${sp.name ?? sp.port}`,
    };
  if (!endpoints.some((e) => e.ready))
    return { ...base, problem: 'none of its endpoints is ready' };
  return base;
}
