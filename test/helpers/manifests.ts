/**
 * Builds small, valid manifest sets for table-driven tests: Ingresses (class "nginx", the
 * class the engine assumes for ingress-nginx) plus, for every Service they name, a Service
 * and a one-replica Deployment so that endpoints exist and nothing is "assumed".
 */
import { stringify } from 'yaml';

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface PathSpec {
  readonly path: string;
  readonly pathType: PathType;
  /** Service name; also the Deployment name and its `app` label. */
  readonly service: string;
}

export interface IngressSpec {
  readonly name: string;
  readonly namespace?: string;
  /** Omitted = a rule without host (every Host). */
  readonly host?: string;
  readonly paths: readonly PathSpec[];
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339, e.g. 2024-01-01T00:00:00Z. */
  readonly creationTimestamp?: string;
  readonly ingressClassName?: string;
}

export const SERVICE_PORT = 80;
export const CONTAINER_PORT = 8080;

export function ingressObject(spec: IngressSpec): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: spec.name,
      namespace: spec.namespace ?? 'default',
      ...(spec.creationTimestamp ? { creationTimestamp: spec.creationTimestamp } : {}),
      ...(spec.annotations ? { annotations: { ...spec.annotations } } : {}),
    },
    spec: {
      ingressClassName: spec.ingressClassName ?? 'nginx',
      rules: [
        {
          ...(spec.host !== undefined ? { host: spec.host } : {}),
          http: {
            paths: spec.paths.map((p) => ({
              path: p.path,
              pathType: p.pathType,
              backend: { service: { name: p.service, port: { number: SERVICE_PORT } } },
            })),
          },
        },
      ],
    },
  };
}

export function serviceObjects(name: string, namespace = 'default'): Record<string, unknown>[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { selector: labels, ports: [{ port: SERVICE_PORT, targetPort: CONTAINER_PORT }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              { name: 'app', image: 'app:1', ports: [{ containerPort: CONTAINER_PORT }] },
            ],
          },
        },
      },
    },
  ];
}

/**
 * Ingresses plus a Service and Deployment for every backend they name (once per namespace/name).
 * Written as YAML 1.1 (what kubectl and the engine read), so strings such as timestamps are
 * quoted the way `kubectl get -o yaml` prints them.
 */
export function manifestsFor(ingresses: readonly IngressSpec[]): string {
  const objects: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const ing of ingresses) {
    objects.push(ingressObject(ing));
    for (const p of ing.paths) {
      const key = `${ing.namespace ?? 'default'}/${p.service}`;
      if (seen.has(key)) continue;
      seen.add(key);
      objects.push(...serviceObjects(p.service, ing.namespace ?? 'default'));
    }
  }
  return objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
}
