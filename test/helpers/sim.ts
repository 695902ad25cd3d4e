/**
 * Small builders for simulation tests: one shop application behind ingress-nginx (an
 * Ingress, a Service and its pods, optionally a canary, a controller Deployment with N
 * replicas and the controller's ConfigMap), a Scenario document, and a run that fails
 * loudly when the YAML has errors (so a typo cannot turn a test into a test of nothing).
 */
import { stringify } from 'yaml';
import { buildCluster, loadManifests, simulate, type Cluster } from '../../src/engine/index.js';
import type { SimulateOptions } from '../../src/engine/index.js';

export type SimulationResult = ReturnType<typeof simulate>;
export type SampledRequest = SimulationResult['samples'][number];

export const HOST = 'shop.example.com';
export const URL = `http://${HOST}/import`;
/** The ConfigMap the engine reads for the assumed controller and that --configmap names here. */
export const CONTROLLER_CONFIGMAP = {
  namespace: 'ingress-nginx',
  name: 'ingress-nginx-controller',
};

export interface AppOptions {
  /** Annotations of the main Ingress (keys without the nginx.ingress.kubernetes.io/ prefix). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Pods of Service shop/api (default api-a, api-b). */
  readonly pods?: readonly string[];
  /** null: the Ingress has no ingressClassName. */
  readonly ingressClassName?: string | null;
  /** A controller Deployment with this many replicas (default: the engine's assumed one-replica controller). */
  readonly controllerReplicas?: number;
  /** With controllerReplicas: its Service of type LoadBalancer, with this traffic policy. */
  readonly controllerTrafficPolicy?: 'Cluster' | 'Local';
  /** data of ConfigMap ingress-nginx/ingress-nginx-controller. */
  readonly configMap?: Readonly<Record<string, string>>;
  /** A canary Ingress (same host and path) to Service shop/api-canary with these pods. */
  readonly canary?: { readonly weight: number; readonly pods?: readonly string[] };
}

const PREFIX = 'nginx.ingress.kubernetes.io/';

function prefixed(a: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [PREFIX + k, v]));
}

function ingress(
  name: string,
  service: string,
  annotations: Record<string, string>,
  cls: string | null,
): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'shop', annotations },
    spec: {
      ...(cls === null ? {} : { ingressClassName: cls }),
      rules: [
        {
          host: HOST,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

function service(name: string, pods: readonly string[]): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'shop' },
      spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    ...pods.map((pod) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace: 'shop', labels: { app: name } },
      spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }] },
    })),
  ];
}

const CONTROLLER_LABELS = {
  'app.kubernetes.io/name': 'ingress-nginx',
  'app.kubernetes.io/component': 'controller',
};

function controllerService(policy: 'Cluster' | 'Local'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: policy,
      selector: CONTROLLER_LABELS,
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'https', port: 443, targetPort: 'https' },
      ],
    },
  };
}

function controller(replicas: number): Record<string, unknown> {
  const labels = CONTROLLER_LABELS;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'controller',
              image: 'registry.k8s.io/ingress-nginx/controller:v1.15.1',
              args: [
                '/nginx-ingress-controller',
                `--configmap=${CONTROLLER_CONFIGMAP.namespace}/${CONTROLLER_CONFIGMAP.name}`,
              ],
            },
          ],
        },
      },
    },
  };
}

/** The application's YAML (several documents). */
export function appYaml(o: AppOptions = {}): string {
  const cls = o.ingressClassName === undefined ? 'nginx' : o.ingressClassName;
  const docs: Record<string, unknown>[] = [
    ingress('imports', 'api', prefixed(o.annotations ?? {}), cls),
    ...service('api', o.pods ?? ['api-a', 'api-b']),
  ];
  if (o.canary) {
    docs.push(
      ingress(
        'imports-canary',
        'api-canary',
        prefixed({ canary: 'true', 'canary-weight': String(o.canary.weight) }),
        cls,
      ),
      ...service('api-canary', o.canary.pods ?? ['canary-a']),
    );
  }
  if (o.controllerReplicas !== undefined) docs.push(controller(o.controllerReplicas));
  if (o.controllerTrafficPolicy) docs.push(controllerService(o.controllerTrafficPolicy));
  if (o.configMap)
    docs.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...CONTROLLER_CONFIGMAP },
      data: { ...o.configMap },
    });
  return docs.map((d) => stringify(d)).join('---\n');
}

/** A Scenario document; `spec` is written as YAML as it is given. */
export function scenarioYaml(spec: Readonly<Record<string, unknown>>, name = 'test'): string {
  return stringify({
    apiVersion: 'routelab.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name },
    spec,
  });
}

/** Loads and builds; throws on any error diagnostic so a broken fixture cannot pass silently. */
export function clusterOf(...documents: string[]): Cluster {
  const loaded = loadManifests(documents.join('---\n'));
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`fixture has errors: ${errors.map((d) => d.message).join('; ')}`);
  const cluster = buildCluster(loaded.resources);
  if (!cluster.scenario && documents.some((d) => d.includes('kind: Scenario')))
    throw new Error('the Scenario document was not read');
  return cluster;
}

/** Every request of the run in `samples` (a large samplesPerOutcome), for per-request checks. */
export const ALL_SAMPLES = 1_000_000;

export function run(
  app: AppOptions,
  scenario: Readonly<Record<string, unknown>>,
  options: SimulateOptions = {},
): SimulationResult {
  return simulate(clusterOf(appYaml(app), scenarioYaml(scenario)), options);
}

/** All requests, in id (= send) order; needs samplesPerOutcome ≥ the requests of each outcome. */
export function everyRequest(r: SimulationResult): SampledRequest[] {
  const list = [...r.samples].sort((a, b) => a.id - b.id);
  if (list.length !== r.requests)
    throw new Error(`only ${list.length} of ${r.requests} requests were sampled`);
  return list;
}

export function sum(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

/** Keys of a record whose value is a number, with their counts; missing keys count 0. */
export function count(record: Readonly<Record<string, number>>, key: string): number {
  return record[key] ?? 0;
}
