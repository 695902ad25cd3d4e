/**
 * A pod that runs the conformance echo server answers as the request asks
 * (path/echoServer.ts). `trace` and `simulate` take that from the same behaviour index
 * and the same attempts code, so a request traced and the same request simulated alone
 * get the same answer.
 */
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../model/trace.js';
import { buildCluster, loadManifests, simulate, trace } from '../index.js';

const HOST = 'echo.example.com';

const YAML = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: echo, namespace: demo}
spec:
  ingressClassName: nginx
  rules:
    - host: ${HOST}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: echo, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: demo}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 3000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: demo}
spec:
  replicas: 2
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      containers:
        - name: echo
          image: registry.k8s.io/gateway-api/conformance/echo-basic:v1.3.0
          ports: [{containerPort: 3000}]`;

/** One request, in simulated time: a Scenario that sends exactly it. */
const oneRequest = (url: string) => `
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: one}
spec:
  duration: 1s
  traffic:
    - url: ${url}
      rate: 1/s
      clients: 1`;

/** What an attempt did, without when it started (a trace and a simulation start at different times). */
const shape = (a: Attempt) => ({
  outcome: a.outcome,
  status: a.status,
  ms: Math.round((a.endMs - a.startMs) * 1000) / 1000,
});

describe('the echo server in trace and simulate', () => {
  it.each([
    // delay: the pod waits that long, and the latency draw does not count.
    ['delay=750ms', 200, 1],
    // responseCode alone: every attempt fails with it; nginx passes a 503 through.
    ['responseCode=503', 503, 1],
    // succeedAfter without responseCode: the first attempt's connection is reset, after
    // delayRetry; nginx retries a GET on the next pod, which answers 200 after delay.
    ['succeedAfter=1&delayRetry=200ms&delay=50ms', 200, 2],
  ])('?%s: the same status and attempts traced and simulated', (query, status, attempts) => {
    const url = `http://${HOST}/get?${query}`;
    const loaded = loadManifests(YAML + oneRequest(url));
    expect(loaded.diagnostics).toEqual([]);
    const cluster = buildCluster(loaded.resources);

    const traced = trace(cluster, { url });
    const result = simulate(cluster);
    expect(result.requests).toBe(1);
    const simulated = result.samples[0];

    expect(traced.status).toBe(status);
    expect(simulated?.status).toBe(status);
    expect(traced.attempts).toHaveLength(attempts);
    expect(simulated?.attempts.map(shape)).toStrictEqual(traced.attempts.map(shape));
    if (query.startsWith('delay'))
      expect(shape(traced.attempts[0] as Attempt).ms).toBeGreaterThan(750);
  });
});

describe('a Service with an echo-server pod and a plain pod', () => {
  const MIXED = `${YAML.replace('replicas: 2', 'replicas: 1')}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: demo, labels: {app: echo}}
spec: {containers: [{name: web, image: example/web, ports: [{containerPort: 3000}]}]}`;

  it('only the echo-server pod follows the query and adds X-Echo-Set-Header headers', () => {
    const cluster = buildCluster(loadManifests(MIXED).resources);
    const request = {
      url: `http://${HOST}/get?succeedAfter=1`,
      headers: [['X-Echo-Set-Header', 'X-From-Echo:yes']] as [string, string][],
    };
    const traces = Array.from({ length: 20 }, (_, i) => trace(cluster, request, { seed: i + 1 }));
    // Tried first, the echo server resets the connection; nginx retries the GET on the plain
    // pod, which answers as a plain pod does: no echoed header, no word of the echo server.
    const retried = traces.find((t) => t.attempts.length === 2);
    expect(retried?.attempts.map((a) => a.outcome)).toStrictEqual(['reset', 'response']);
    expect(retried?.backend?.pod).toBe('plain');
    expect(retried?.responseHeaders['X-From-Echo']).toBeUndefined();
    expect(retried?.stages.find((s) => s.id === 'pod')?.explanation).not.toContain('echo server');
    // Tried first, the plain pod answers at once.
    const plain = traces.find((t) => t.attempts[0]?.pod === 'plain');
    expect(plain?.attempts).toHaveLength(1);
    expect(plain?.status).toBe(200);
  });
});
