/**
 * Gateway API figures, the same as bench/engine.bench.ts prints for Ingress: compile 1,000
 * HTTPRoutes (3,000 rules) attached to one Gateway; the median trace on that cluster; the
 * same trace when all 1,000 routes share one hostname (Envoy then tries routes in order, so
 * this is the slow case); re-evaluation after editing one document of a 200-document file.
 * Prints figures; asserts nothing (timings on a shared machine are noisy).
 *
 *   npm run bench
 */
import { performance } from 'node:perf_hooks';
import { buildCluster, lint, loadManifests, ManifestLoader, trace } from '../src/engine/index.js';
import { median, msFigure, printFigures, time } from './stats.js';
import { unseen } from './fixtures.js';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: All`;

/** `count` HTTPRoutes of three rules each (Exact, PathPrefix, PathPrefix + header) and their Services. */
function manyRoutes(count: number, sharedHost: boolean): string {
  const docs = [GATEWAY];
  for (let i = 0; i < count; i++) {
    const ns = `team-${i % 20}`;
    const host = sharedHost ? 'shop.example.com' : `app-${i}.example.com`;
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: app-${i}
  namespace: ${ns}
  annotations:
    team: "${i % 5}"
spec:
  parentRefs:
    - name: web
      namespace: infra
  hostnames: ["${host}"]
  rules:
    - matches:
        - path: {type: Exact, value: /svc${i}/v${i % 7}}
      backendRefs:
        - {name: app-${i}, port: 80}
    - matches:
        - path: {type: PathPrefix, value: /svc${i}/api}
      backendRefs:
        - {name: app-${i}, port: 80}
    - matches:
        - path: {type: PathPrefix, value: /svc${i}}
          headers:
            - {name: x-canary, value: "1"}
      backendRefs:
        - {name: app-${i}, port: 80}`);
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: 8080`);
  }
  return docs.join('\n---\n');
}

function compileFigures(text: string): {
  parseMs: number;
  compileRuns: number[];
  routes: number;
  cluster: ReturnType<typeof buildCluster>;
} {
  const [loaded, parseMs] = time(() => loadManifests(text));
  let cluster = buildCluster(unseen(loaded.resources));
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const resources = unseen(loaded.resources);
    const [c, ms] = time(() => buildCluster(resources));
    cluster = c;
    runs.push(ms);
  }
  const routes = cluster.controllers.reduce(
    (n, c) =>
      n +
      c.listeners.reduce(
        (m, l) => m + l.table.virtualHosts.reduce((k, v) => k + v.routes.length, 0),
        0,
      ),
    0,
  );
  return { parseMs, compileRuns: runs, routes, cluster };
}

function traceFigure(cluster: ReturnType<typeof buildCluster>, urls: readonly string[]): number {
  for (let i = 0; i < 20_000; i++)
    trace(cluster, { url: urls[i % urls.length] ?? '' }, { seed: i });
  const runs: number[] = [];
  for (let round = 0; round < 15; round++) {
    const t0 = performance.now();
    for (let i = 0; i < urls.length; i++) trace(cluster, { url: urls[i] ?? '' }, { seed: i });
    runs.push(((performance.now() - t0) * 1000) / urls.length);
  }
  return median(runs);
}

const hosts = compileFigures(manyRoutes(1000, false));
const hostUrls = Array.from({ length: 1000 }, (_, i) => {
  const n = (i * 37) % 1000;
  return `http://app-${n}.example.com/svc${n}/api/item`;
});
const hostTrace = traceFigure(hosts.cluster, hostUrls);

const shared = compileFigures(manyRoutes(1000, true));
const sharedUrls = Array.from({ length: 200 }, (_, i) => {
  const n = (i * 37) % 1000;
  return `http://shop.example.com/svc${n}/api/item`;
});
const sharedTrace = traceFigure(shared.cluster, sharedUrls);

// Re-evaluation while typing: a 200-document file, one document edited each time.
const small = manyRoutes(100, false);
const loader = new ManifestLoader();
loader.load(small);
const reeval: number[] = [];
for (let i = 0; i < 30; i++) {
  const edited = small.replace('team: "0"', `team: "${10 + i}"`);
  const [, ms] = time(() => {
    const r = loader.load(edited);
    const c = buildCluster(r.resources);
    lint(c, r.diagnostics);
    return trace(c, { url: 'http://app-5.example.com/svc5/api/x' });
  });
  reeval.push(ms);
}

const rows: [string, string, string][] = [
  [
    'parse 2,002 documents (1,000 HTTPRoutes + Services, a Gateway)',
    `${hosts.parseMs.toFixed(0)} ms`,
    '(not a target)',
  ],
  [
    `compile 1,000 HTTPRoutes / 3,000 rules → ${hosts.routes} Envoy routes (median of 15)`,
    msFigure(hosts.compileRuns),
    'target ≤ 50 ms',
  ],
  [
    'trace one request on that cluster (median of 15 × 1,000, after 20,000 to warm up)',
    `${hostTrace.toFixed(1)} µs`,
    'target ≤ 20 µs',
  ],
  [
    `the same 1,000 HTTPRoutes on one hostname: compile → ${shared.routes} routes in one virtual host`,
    msFigure(shared.compileRuns),
    '(for comparison)',
  ],
  [
    'trace on it (Envoy tries routes in order: the worst case)',
    `${sharedTrace.toFixed(1)} µs`,
    '(for comparison)',
  ],
  [
    're-evaluate after editing 1 of 200 documents: load + compile + lint + trace (median of 30)',
    msFigure(reeval),
    'target ≤ 16 ms',
  ],
];
printFigures('routelab Gateway API benchmarks', rows);
