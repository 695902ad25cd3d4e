import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, simulate, trace } from '../index.js';

const YAML = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: samples}
spec:
  duration: 2s
  traffic:
    - url: http://shop.example.com/cart
      rate: 10/s
    - url: http://other.example.com/
      rate: 5/s`;

describe('sampled requests', () => {
  it('carry the stages trace explains, then their attempts', () => {
    const cluster = buildCluster(loadManifests(YAML).resources);
    const result = simulate(cluster);
    const ok = result.samples.find((s) => s.status === 200);
    expect(ok?.stages.map((s) => s.id)).toEqual(['dns', 'l4lb', 'controller', 'tls', 'match']);
    // The same explanations as a trace of the same request.
    const traced = trace(cluster, {
      url: 'http://shop.example.com/cart',
      clientIp: ok?.client ?? '',
    });
    expect(ok?.stages.find((s) => s.id === 'match')?.explanation).toBe(
      traced.stages.find((s) => s.id === 'match')?.explanation,
    );
    expect(ok?.attempts[0]?.outcome).toBe('response');
    const failed = result.samples.find((s) => s.status === null);
    expect(failed?.reason).toBe('dns failure');
    expect(failed?.stages.map((s) => [s.id, s.outcome])).toEqual([['dns', 'fail']]);
  });
});
