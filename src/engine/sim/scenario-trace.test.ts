/** A traced request with a Scenario: each attempt, its pod and timing, and why the next one happened or not. */
import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, trace } from '../index.js';

const APP = (annotations = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: imports
  namespace: shop
  annotations: {${annotations}}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: api-a, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api-b, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}`;

const scenario = (backends: string) => `
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  backends:
${backends}`;

/** Finds a seed whose round robin starts on pod `first`, so the attempt order is known. */
function traceStartingOn(yaml: string, first: string, method: string) {
  const loaded = loadManifests(yaml);
  expect(loaded.diagnostics).toEqual([]);
  const cluster = buildCluster(loaded.resources);
  for (let seed = 1; seed < 50; seed++) {
    const t = trace(cluster, { url: 'http://shop.example.com/import', method }, { seed });
    if (t.attempts[0]?.pod === first) return t;
  }
  throw new Error(`no seed starts on ${first}`);
}

describe('traces with a Scenario', () => {
  const resetting = scenario('    - pod: api-a\n      behavior: reset');

  it('a POST to a resetting pod is a 502 after one attempt (not idempotent once sent)', () => {
    const t = traceStartingOn(APP() + resetting, 'api-a', 'POST');
    expect(t.status).toBe(502);
    expect(t.attempts).toHaveLength(1);
    expect(t.attempts[0]?.outcome).toBe('reset');
    expect(t.stages.find((s) => s.id === 'upstream')?.explanation).toContain('not idempotent');
  });

  it('a GET moves to the healthy pod and succeeds on the second attempt', () => {
    const t = traceStartingOn(APP() + resetting, 'api-a', 'GET');
    expect(t.status).toBe(200);
    expect(t.attempts.map((a) => [a.pod, a.outcome])).toEqual([
      ['api-a', 'reset'],
      ['api-b', 'response'],
    ]);
    expect(t.backend?.pod).toBe('api-b');
  });

  const slow = scenario('    - service: shop/api\n      latency: 90s');

  it('a pod that takes 90 s gives 504 at 60 s per try, and the GET is tried 3 times', () => {
    const t = traceStartingOn(APP() + slow, 'api-a', 'GET');
    expect(t.status).toBe(504);
    expect(t.attempts).toHaveLength(3);
    for (const a of t.attempts) expect(a.endMs - a.startMs).toBeCloseTo(60_000 + 1, 0);
    expect(t.durationMs).toBeGreaterThan(180_000);
  });

  it('with proxy-read-timeout "300" the same pod answers 200 after 90 s', () => {
    const t = traceStartingOn(
      APP('nginx.ingress.kubernetes.io/proxy-read-timeout: "300"') + slow,
      'api-a',
      'GET',
    );
    expect(t.status).toBe(200);
    expect(t.attempts).toHaveLength(1);
    expect(t.durationMs).toBeGreaterThan(90_000);
    expect(t.durationMs).toBeLessThan(91_000);
  });

  it('a POST that times out is not retried: 504 after one attempt', () => {
    const t = traceStartingOn(APP() + slow, 'api-a', 'POST');
    expect([t.status, t.attempts.length]).toEqual([504, 1]);
  });

  it('a refusing pod is retried even for POST: nothing was sent', () => {
    const t = traceStartingOn(
      APP() + scenario('    - pod: api-a\n      behavior: refuse'),
      'api-a',
      'POST',
    );
    expect(t.status).toBe(200);
    expect(t.attempts.map((a) => a.outcome)).toEqual(['refused', 'response']);
  });

  it("a pod's own 500 passes through: error timeout does not cover http_500", () => {
    const t = traceStartingOn(
      APP() + scenario('    - pod: api-a\n      errorRate: 1\n      errorStatus: 500'),
      'api-a',
      'GET',
    );
    expect(t.status).toBe(500);
    expect(t.attempts).toHaveLength(1);
  });

  it('reports bad Scenario values on their lines', () => {
    const text =
      APP() + scenario('    - service: shop/api\n      latency: soon\n      behavior: sulk');
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const r = loadManifests(text);
    const lines = r.diagnostics
      .filter((d) => d.code === 'RL120')
      .map((d) => d.source?.range.startLine);
    expect(lines).toEqual([lineOf('latency: soon'), lineOf('behavior: sulk')]);
  });
});
