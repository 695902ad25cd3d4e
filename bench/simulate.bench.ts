/**
 * Simulation figures for issue 3: 1,000,000 requests over three pods, with retries (one
 * pod resets connections, so GETs move to the next pod) and a rate limit in the path.
 * Targets: at most 1 s of wall time and 200 MB of peak memory.
 *
 *   npm run bench
 */
import { performance } from 'node:perf_hooks';
import { buildCluster, loadManifests, simulate } from '../src/engine/index.js';

const YAML = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: bench
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "400"
spec:
  ingressClassName: nginx
  rules:
    - host: api.bench.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: bench}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: bench}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: example/api, ports: [{containerPort: 8080}]}]}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: million}
spec:
  seed: 7
  duration: 100s
  backends:
    - service: bench/api
      latency: {p50: 5ms, p99: 40ms}
      errorRate: 0.001
    - pod: RESETTING_POD
      behavior: reset
  traffic:
    - url: http://api.bench.example/items
      rate: 10000/s
      clients: 200
      pattern: poisson`;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

const first = buildCluster(loadManifests(YAML).resources);
const resetting = first.pods[0]?.name ?? '';
const cluster = buildCluster(loadManifests(YAML.replace('RESETTING_POD', resetting)).resources);
simulate(cluster, { durationMs: 5_000 }); // warm up the JIT on a short run
globalThis.gc?.();
const before = process.memoryUsage.rss();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = simulate(cluster);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// The kernel's high-water mark of the process's RSS: the true peak, warm-up included, with
// nothing sampled during the timed run (reading the RSS every few thousand events cost it
// 20 to 60 ms).
const peak = process.resourceUsage().maxRSS * 1024;

console.log(`routelab simulation benchmark — node ${process.version}`);
console.log(
  `requests simulated       ${result.requests.toLocaleString('en')} (${(result.durationMs / 1000).toFixed(0)} s of simulated time)`,
);
console.log(
  `outcomes                 ${JSON.stringify(result.outcomes)}; retries ${result.retries.toLocaleString('en')}; rate-limited ${result.rateLimited.toLocaleString('en')}`,
);
console.log(`wall time                ${wallMs.toFixed(0)} ms   target ≤ 1000 ms`);
console.log(
  `CPU time                 ${cpuMs.toFixed(0)} ms (wall time above CPU time means the machine was busy)`,
);
console.log(
  `simulated requests / s   ${Math.round(result.requests / (wallMs / 1000)).toLocaleString('en')}`,
);
console.log(
  `peak memory (RSS)        ${mb(peak)} (${mb(before)} before the run)   target ≤ 200 MB`,
);
