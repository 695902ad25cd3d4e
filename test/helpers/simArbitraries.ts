/**
 * Random Scenarios for the simulation property tests, over one fixed small cluster: Services
 * shop/api (3 pods, limit-rps 20 on its Ingress) and shop/web (2 pods), ingress-nginx with two
 * replicas. Traffic, faults, pod behaviour and the network vary; the cluster does not.
 */
import fc from 'fast-check';
import { simulate } from '../../src/engine/index.js';
import { clusterOf, scenarioYaml } from './sim.js';

export const CLUSTER = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "20"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
${['api-a', 'api-b', 'api-c', 'web-a', 'web-b']
  .map(
    (p) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${p}, namespace: shop, labels: {app: ${p.split('-')[0]}}}
spec: {containers: [{name: app, image: app:1, ports: [{containerPort: 8080}]}]}
`,
  )
  .join('')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx}}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args: [/nginx-ingress-controller]
`;

export const REPLICAS = clusterOf(CLUSTER).controllers[0]?.replicas ?? [];

export const URLS = [
  'http://shop.example.com/api/orders',
  'http://shop.example.com/api/orders?page=2',
  'http://shop.example.com/',
  'http://shop.example.com/static/app.js',
  'https://shop.example.com/',
  'http://nowhere.example.com/',
];

const ms = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}ms`);

const latencyArb = fc.oneof(
  { weight: 3, arbitrary: ms(0, 300) },
  { weight: 1, arbitrary: ms(55_000, 95_000) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 2000 }))
      .map(([p50, extra]) => ({ p50: `${p50}ms`, p99: `${p50 + extra}ms` })),
  },
);

export const backendArb = fc
  .record(
    {
      target: fc.constantFrom(
        { service: 'shop/api' },
        { service: 'shop/web' },
        { pod: 'api-a' },
        { pod: 'web-b' },
      ),
      behavior: fc.constantFrom('normal', 'normal', 'refuse', 'hang', 'reset', 'slowStart'),
      latency: latencyArb,
      errorRate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
      errorStatus: fc.constantFrom(500, 502, 503, 404),
      keepAliveTimeout: ms(500, 70_000),
      readiness: fc.array(fc.record({ at: ms(0, 20_000), ready: fc.boolean() }), { maxLength: 2 }),
    },
    { requiredKeys: ['target'] },
  )
  .map(({ target, ...rest }) => ({ ...target, ...rest }));

export const trafficArb = fc.record(
  {
    url: fc.constantFrom(...URLS),
    method: fc.constantFrom('GET', 'GET', 'POST', 'PUT'),
    rate: fc.integer({ min: 1, max: 200 }).map((n) => `${n}/s`),
    clients: fc.integer({ min: 1, max: 5 }),
    pattern: fc.constantFrom('constant', 'burst', 'ramp', 'poisson'),
    start: ms(0, 3000),
  },
  { requiredKeys: ['url', 'rate', 'clients'] },
);

export const faultArb = (durationMs: number) =>
  fc.record(
    {
      type: fc.constantFrom(
        'podCrash',
        'podNotReady',
        'podReady',
        'podBack',
        'controllerReload',
        'replicaLost',
        'dnsChange',
        'healthCheckFailing',
      ),
      at: ms(0, durationMs),
      target: fc.constantFrom('api-a', 'web-b', 'shop/api', 'shop.example.com', ...REPLICAS),
      address: fc.constantFrom('203.0.113.10', '192.0.2.55'),
    },
    { requiredKeys: ['type', 'at'] },
  );

const networkArb = fc.record(
  {
    clientRtt: ms(1, 300),
    podRtt: ms(0, 5),
    tls: fc.constantFrom('1.2', '1.3'),
  },
  { requiredKeys: [] },
);

export const scenarioArb = fc.integer({ min: 1, max: 20 }).chain((seconds) =>
  fc.record(
    {
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      duration: fc.constant(`${seconds}s`),
      traffic: fc.array(trafficArb, { minLength: 1, maxLength: 3 }),
      faults: fc.array(faultArb(seconds * 1000), { maxLength: 3 }),
      backends: fc.array(backendArb, { maxLength: 3 }),
      network: networkArb,
    },
    { requiredKeys: ['seed', 'duration', 'traffic', 'faults', 'backends'] },
  ),
);

export type ScenarioSpec = Record<string, unknown>;

export function simulateSpec(spec: ScenarioSpec, options: Parameters<typeof simulate>[1] = {}) {
  return simulate(clusterOf(CLUSTER, scenarioYaml(spec)), options);
}
