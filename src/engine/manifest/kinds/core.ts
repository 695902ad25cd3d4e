/** core/v1, apps/v1 and discovery.k8s.io/v1 kinds that decide where a request ends up. */
import type {
  ConfigMap,
  Container,
  Deployment,
  EndpointAddress,
  EndpointPort,
  Endpoints,
  Pod,
  PodTemplate,
  Secret,
  Service,
  ServicePort,
  ServiceType,
} from '../../model/resources.js';
import type { YamlPath } from '../../model/source.js';
import { decodeBase64 } from '../../util/base64.js';
import type { FieldReader } from '../reader.js';
import { readMeta } from './common.js';

const SERVICE_TYPES: readonly ServiceType[] = [
  'ClusterIP',
  'NodePort',
  'LoadBalancer',
  'ExternalName',
];

export function readService(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Service | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const rawType = r.str(['spec', 'type']) ?? 'ClusterIP';
  if (!(SERVICE_TYPES as readonly string[]).includes(rawType))
    r.reject(
      'RL104',
      ['spec', 'type'],
      `Service type "${rawType}" is not one of ${SERVICE_TYPES.join(', ')}.`,
    );
  const type = (SERVICE_TYPES as readonly string[]).includes(rawType)
    ? (rawType as ServiceType)
    : 'ClusterIP';
  const ports: ServicePort[] = r.list(['spec', 'ports']).map((_, i) => {
    const p: YamlPath = ['spec', 'ports', i];
    const port = r.int([...p, 'port']) ?? 0;
    if (port < 1 || port > 65535)
      r.reject('RL104', [...p, 'port'], `Service port ${port} is out of range 1-65535.`);
    const name = r.str([...p, 'name']);
    const nodePort = r.int([...p, 'nodePort']);
    const appProtocol = r.str([...p, 'appProtocol']);
    const sp: ServicePort = {
      port,
      targetPort: r.intOrString([...p, 'targetPort']) ?? port,
      protocol: r.str([...p, 'protocol']) ?? 'TCP',
      source: r.at(p),
      ...(name !== undefined ? { name } : {}),
      ...(nodePort !== undefined ? { nodePort } : {}),
      ...(appProtocol !== undefined ? { appProtocol } : {}),
    };
    return sp;
  });
  if (ports.length > 1 && ports.some((p) => !p.name))
    r.reject('RL104', ['spec', 'ports'], 'A Service with several ports must name each of them.');
  const selector = r.has(['spec', 'selector']) ? r.stringMap(['spec', 'selector']) : undefined;
  const policy = r.str(['spec', 'externalTrafficPolicy']);
  const clusterIP = r.str(['spec', 'clusterIP']);
  const externalName = r.str(['spec', 'externalName']);
  const lbIPs = [
    ...r
      .list(['status', 'loadBalancer', 'ingress'])
      .map((x) =>
        x && typeof x === 'object'
          ? ((x as Record<string, unknown>).ip ?? (x as Record<string, unknown>).hostname)
          : undefined,
      )
      .filter((x): x is string => typeof x === 'string'),
  ];
  const specLbIP = r.str(['spec', 'loadBalancerIP']);
  const svc: Service = {
    kind: 'Service',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    type,
    ports,
    externalTrafficPolicy: policy === 'Local' ? 'Local' : 'Cluster',
    publishNotReadyAddresses: r.bool(['spec', 'publishNotReadyAddresses']) ?? false,
    loadBalancerIPs: specLbIP ? [...lbIPs, specLbIP] : lbIPs,
    ...(selector && Object.keys(selector).length > 0 ? { selector } : {}),
    ...(clusterIP !== undefined ? { clusterIP } : {}),
    ...(externalName !== undefined ? { externalName } : {}),
  };
  return svc;
}

function readContainers(r: FieldReader, p: YamlPath): Container[] {
  return r.list(p).map((_, i) => {
    const c: YamlPath = [...p, i];
    return {
      name: r.str([...c, 'name']) ?? `container-${i}`,
      image: r.str([...c, 'image']) ?? '',
      args: [...r.strings([...c, 'command']), ...r.strings([...c, 'args'])],
      ports: r.list([...c, 'ports']).map((_, j) => {
        const name = r.str([...c, 'ports', j, 'name']);
        const containerPort = r.int([...c, 'ports', j, 'containerPort']) ?? 0;
        return name !== undefined ? { name, containerPort } : { containerPort };
      }),
      hasReadinessProbe: r.has([...c, 'readinessProbe']),
    };
  });
}

export function readWorkload(
  r: FieldReader,
  kind: Deployment['kind'],
  apiVersion: string,
  order: number,
): Deployment | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const selector = r.stringMap(['spec', 'selector', 'matchLabels']);
  const labels = r.stringMap(['spec', 'template', 'metadata', 'labels']);
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v)
      r.reject(
        'RL104',
        ['spec', 'selector'],
        `spec.selector does not match the template labels (${k}=${v}); the API server would reject this ${kind}.`,
      );
  }
  const template: PodTemplate = {
    labels,
    containers: readContainers(r, ['spec', 'template', 'spec', 'containers']),
    source: r.at(['spec', 'template']),
  };
  return {
    kind,
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    replicas: kind === 'DaemonSet' ? 1 : (r.int(['spec', 'replicas']) ?? 1),
    selector,
    template,
  };
}

export function readPod(r: FieldReader, apiVersion: string, order: number): Pod | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const podIP = r.str(['status', 'podIP']);
  const conditions = r.list(['status', 'conditions']);
  const readyCond = conditions.find(
    (c) => c && typeof c === 'object' && (c as Record<string, unknown>).type === 'Ready',
  ) as Record<string, unknown> | undefined;
  const pod: Pod = {
    kind: 'Pod',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    containers: readContainers(r, ['spec', 'containers']),
    ...(podIP !== undefined ? { podIP } : {}),
    ...(readyCond ? { ready: readyCond.status === 'True' } : {}),
  };
  return pod;
}

export function readEndpoints(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Endpoints | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const addresses: EndpointAddress[] = [];
  const ports: EndpointPort[] = [];
  r.list(['subsets']).forEach((_, i) => {
    const s: YamlPath = ['subsets', i];
    const collect = (key: string, ready: boolean): void =>
      r.list([...s, key]).forEach((_, j) => {
        const ip = r.str([...s, key, j, 'ip']);
        const podName = r.str([...s, key, j, 'targetRef', 'name']);
        if (ip) addresses.push(podName ? { ip, ready, podName } : { ip, ready });
      });
    collect('addresses', true);
    collect('notReadyAddresses', false);
    r.list([...s, 'ports']).forEach((_, j) => {
      const name = r.str([...s, 'ports', j, 'name']);
      ports.push({
        port: r.int([...s, 'ports', j, 'port']) ?? 0,
        ...(name !== undefined ? { name } : {}),
      });
    });
  });
  return {
    kind: 'Endpoints',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    serviceName: meta.name,
    addresses,
    ports,
  };
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function readEndpointSlice(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Endpoints | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const serviceName = meta.labels[SERVICE_NAME_LABEL];
  if (!serviceName)
    r.report(
      'RL118',
      'warning',
      ['metadata', 'labels'],
      `EndpointSlice has no ${SERVICE_NAME_LABEL} label, so no Service uses it.`,
    );
  const addresses: EndpointAddress[] = [];
  r.list(['endpoints']).forEach((_, i) => {
    const e: YamlPath = ['endpoints', i];
    // EndpointSlice semantics: a nil `ready` condition means ready.
    const ready = r.bool([...e, 'conditions', 'ready']) ?? true;
    const podName = r.str([...e, 'targetRef', 'name']);
    for (const ip of r.strings([...e, 'addresses']))
      addresses.push(podName ? { ip, ready, podName } : { ip, ready });
  });
  const ports: EndpointPort[] = r.list(['ports']).map((_, j) => {
    const name = r.str(['ports', j, 'name']);
    return { port: r.int(['ports', j, 'port']) ?? 0, ...(name !== undefined ? { name } : {}) };
  });
  return {
    kind: 'EndpointSlice',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    serviceName: serviceName ?? '',
    addresses,
    ports,
  };
}

export function readSecret(r: FieldReader, apiVersion: string, order: number): Secret | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.stringMap(['data']))) {
    const decoded = decodeBase64(v);
    if (decoded === undefined)
      r.reject(
        'RL104',
        ['data', k],
        `data.${k} is not valid base64; the API server would reject this Secret.`,
      );
    else data[k] = decoded;
  }
  Object.assign(data, r.stringMap(['stringData']));
  return {
    kind: 'Secret',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    type: r.str(['type']) ?? 'Opaque',
    data,
  };
}

export function readConfigMap(
  r: FieldReader,
  apiVersion: string,
  order: number,
): ConfigMap | undefined {
  const meta = readMeta(r, true);
  if (!meta) return undefined;
  return {
    kind: 'ConfigMap',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    data: r.stringMap(['data']),
  };
}
