import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  loadManifests,
  routeCoverage,
  routeTestsOf,
  runRouteTests,
  trace,
  type Cluster,
  type RouteTestReport,
} from '../index.js';

function example(name: string): Cluster {
  const url = new URL(`../../../examples/${name}.yaml`, import.meta.url);
  return buildCluster(loadManifests(readFileSync(fileURLToPath(url), 'utf8')).resources);
}

function run(cluster: Cluster, requests: string): RouteTestReport {
  const loaded = loadManifests(`apiVersion: routelab.dev/v1alpha1
kind: RouteTest
metadata:
  name: t
spec:
  requests:
${requests}`);
  expect(loaded.diagnostics).toEqual([]);
  return runRouteTests(cluster, routeTestsOf(loaded.resources));
}

const shop = example('shop');

describe('runRouteTests', () => {
  it('passes a request whose every expectation holds', () => {
    const report = run(
      shop,
      `    - url: https://shop.example.com/api/cart?item=1
      expect:
        status: 200
        backend: { namespace: shop, service: api, port: 80, pod: api- }
        path: /api/cart?item=1
        host: shop.example.com
        certificate: shop/shop-tls
        controller: ingress-nginx-controller
        redirect: none
        maxAttempts: 1
        forwardedHeaders:
          x-forwarded-proto: https
          X-Forwarded-For: { contains: '198.51.100' }
          X-Request-ID: { matches: '^[0-9a-f]+$' }
          X-Not-Sent: { present: false }
`,
    );
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(1);
    const [r] = report.results;
    expect(r?.checks.map((c) => [c.field, c.pass])).toEqual([
      ['status', true],
      ['backend', true],
      ['redirect', true],
      ['path', true],
      ['host', true],
      ['forwardedHeaders.x-forwarded-proto', true],
      ['forwardedHeaders.X-Forwarded-For', true],
      ['forwardedHeaders.X-Request-ID', true],
      ['forwardedHeaders.X-Not-Sent', true],
      ['maxAttempts', true],
      ['certificate', true],
      ['controller', true],
    ]);
    expect(r?.summary).toMatch(/^200 from api-/);
    expect(r?.stages.map((s) => s.id)).toEqual([
      'dns',
      'l4lb',
      'controller',
      'tls',
      'match',
      'endpoints',
      'upstream',
      'pod',
    ]);
  });

  it('fails with what was expected and what happened, and the expectation’s line', () => {
    const report = run(
      shop,
      `    - name: plain HTTP
      url: http://shop.example.com/products/
      expect:
        status: 200
        backend: shop/frontend
        redirect: https://shop.example.com/products/
        responseHeaders:
          Location: { contains: https }
`,
    );
    expect(report.failed).toBe(1);
    const checks = report.results[0]?.checks ?? [];
    expect(checks.map((c) => [c.field, c.expected, c.actual, c.pass])).toEqual([
      ['status', '200', '308', false],
      ['backend', 'shop/frontend', 'no pod answered', false],
      [
        'redirect',
        'https://shop.example.com/products/',
        'https://shop.example.com/products',
        false,
      ],
      [
        'responseHeaders.Location',
        'containing "https"',
        '"https://shop.example.com/products"',
        true,
      ],
    ]);
    expect(checks[0]?.source?.range.startLine).toBe(10);
    expect(report.results[0]?.name).toBe('plain HTTP');
  });

  it('says when no response came back', () => {
    const report = run(
      shop,
      `    - url: http://nowhere.example.com/
      expect: { noResponse: true, backend: none }
    - url: http://nowhere.example.com/
      expect: { status: 404 }
`,
    );
    expect(report.results.map((r) => r.pass)).toEqual([true, false]);
    expect(report.results[1]?.checks[0]?.actual).toBe(
      'no response (Could not resolve host: nowhere.example.com)',
    );
    expect(report.results[1]?.route).toBeNull();
  });

  it('is deterministic', () => {
    const requests = `    - url: https://shop.example.com/api/x
      expect: { status: 200 }
`;
    expect(run(shop, requests)).toEqual(run(shop, requests));
  });
});

describe('route coverage', () => {
  it('ingress-nginx: one route per location, HTTP and HTTPS counted together, no default backend', () => {
    const report = run(
      shop,
      `    - url: https://shop.example.com/api/cart
      expect: { status: 200 }
    - url: http://shop.example.com/api/cart
      expect: { status: 308 }
    - url: https://shop.example.com/
      expect: { status: 200 }
    - url: https://203.0.113.10/
      headers: { Host: elsewhere.example.com }
      insecure: true
      expect: { status: 404 }
`,
    );
    const { coverage } = report;
    expect(coverage.routes.map((r) => [r.host, r.label, r.requests, r.listeners])).toEqual([
      ['shop.example.com', 'location /api/', 2, ['http', 'https']],
      ['shop.example.com', 'location = /api', 0, ['http', 'https']],
      ['shop.example.com', 'location /', 1, ['http', 'https']],
    ]);
    expect([coverage.total, coverage.reached, coverage.percent]).toEqual([3, 2, 66.6]);
    expect(report.results.map((r) => r.route?.label ?? null)).toEqual([
      'location /api/',
      'location /api/',
      'location /',
      null,
    ]);
    expect(coverage.routes[1]?.source).toMatchObject({ kind: 'Ingress', name: 'shop' });
  });

  it('Gateway API: each HTTPRoute match, the redirect route included, not the "no route" answer', () => {
    const report = run(
      example('gateway'),
      `    - url: http://books.example.com/anything
      expect: { status: 301 }
    - url: https://books.example.com/api/books
      expect: { backend: books/catalogue }
`,
    );
    expect(report.coverage.routes.map((r) => [r.label, r.requests])).toEqual([
      ['PathPrefix / (HTTPRoute books/to-https rules[0])', 1],
      ['PathPrefix /api (HTTPRoute books/storefront rules[0])', 1],
      ['PathPrefix / (HTTPRoute books/storefront rules[1])', 0],
    ]);
  });

  it('Traefik: routers from IngressRoutes, not the entry point’s own redirect', () => {
    const report = run(
      example('traefik'),
      `    - url: https://shop.example.com/api/x
      expect: { backend: shop/api, path: /x }
    - url: http://shop.example.com/x
      expect: { status: 301 }
`,
    );
    expect(report.failed).toBe(0);
    const routes = report.coverage.routes;
    expect(routes.every((r) => r.source.kind === 'IngressRoute')).toBe(true);
    expect(routes.filter((r) => r.requests > 0).map((r) => r.label)).toEqual([
      'router Host(`shop.example.com`) && PathPrefix(`/api`) (priority 46)',
    ]);
  });

  it('Contour: the routes of the HTTPProxy tree, not the 421 for other hosts', () => {
    const cluster = example('contour');
    const report = run(
      cluster,
      `    - url: https://shop.example.com/api/v1/reports/x
      expect: { backend: shop/reports }
`,
    );
    const reached = report.coverage.routes.filter((r) => r.requests > 0);
    expect(reached.map((r) => [r.label, r.source.kind])).toEqual([
      ['prefix: /api/v1/reports/', 'HTTPProxy'],
    ]);
    expect(report.coverage.routes.some((r) => r.label.includes('421'))).toBe(false);
  });

  it('routeCoverage counts the routes of any traces', () => {
    const traces = ['https://shop.example.com/api', 'https://shop.example.com/x'].map((url) =>
      trace(shop, { url }),
    );
    const coverage = routeCoverage(shop, traces);
    expect(coverage.routes.map((r) => r.requests)).toEqual([0, 1, 1]);
    expect(routeCoverage(shop, []).percent).toBe(0);
  });
});
