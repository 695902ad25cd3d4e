/**
 * RL8xx: Contour's own statuses as diagnostics (messages as Contour writes them,
 * [CTR] internal/dag/httpproxy_processor.go), and settings Contour accepts that do not
 * do what they seem to ([CTR] apis/projectcontour/v1/httpproxy.go, request-routing.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCluster, lint, loadManifests, trace, type Diagnostic } from '../index.js';

function diagnostics(yaml: string, strict = false): Diagnostic[] {
  const loaded = loadManifests(yaml);
  return lint(buildCluster(loaded.resources, { strict }), loaded.diagnostics);
}

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);

const proxy = (name: string, spec: string, ns = 'web') => `---
apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

describe('lint for Contour', () => {
  it('RL820: an HTTPProxy nothing includes is orphaned, on its own line', () => {
    const ds = diagnostics(proxy('lonely', '  routes:\n  - services: [{name: a, port: 80}]\n'));
    const d = ds.find((x) => x.code === 'RL820');
    expect(d?.message).toContain(
      'this HTTPProxy is not part of a delegation chain from a root HTTPProxy',
    );
    expect(d?.source?.range.startLine).toBe(2);
  });

  it('RL811 / RL812 / RL813: missing includes, roots including roots, cycles', () => {
    const yaml =
      proxy(
        'root',
        `  virtualhost: {fqdn: a.example.com}
  includes:
  - name: missing
  - name: other-root
  - name: loop
  routes:
  - services: [{name: a, port: 80}]
`,
      ) +
      proxy(
        'other-root',
        '  virtualhost: {fqdn: b.example.com}\n  routes:\n  - services: [{name: b, port: 80}]\n',
      ) +
      proxy('loop', '  includes:\n  - name: loop\n');
    const ds = diagnostics(yaml);
    expect(codes(ds)).toEqual(expect.arrayContaining(['RL811', 'RL812', 'RL813']));
    expect(ds.find((d) => d.code === 'RL813')?.message).toContain(
      'include creates an include cycle: web/root -> web/loop -> web/loop',
    );
  });

  it('RL814: two roots with one fqdn are both invalid (DuplicateVhost)', () => {
    const root = (n: string) =>
      proxy(
        n,
        '  virtualhost: {fqdn: a.example.com}\n  routes:\n  - services: [{name: a, port: 80}]\n',
      );
    const ds = diagnostics(root('one') + root('two')).filter((d) => d.code === 'RL814');
    expect(ds).toHaveLength(2);
    expect(ds[0]?.message).toContain(
      'fqdn "a.example.com" is used in multiple HTTPProxies: web/one, web/two',
    );
  });

  it('RL816: a Service that does not resolve, in strict mode', () => {
    const ds = diagnostics(
      proxy(
        'root',
        '  virtualhost: {fqdn: a.example.com}\n  routes:\n  - services: [{name: gone, port: 80}]\n',
      ),
      true,
    );
    expect(ds.find((d) => d.code === 'RL816')?.message).toContain(
      'Spec.Routes unresolved service reference: service "web/gone" not found',
    );
  });

  it('RL821: an HTTPProxy of another class is served by no Contour', () => {
    const ds = diagnostics(
      proxy(
        'root',
        '  ingressClassName: internal\n  virtualhost: {fqdn: a.example.com}\n  routes:\n  - services: [{name: a, port: 80}]\n',
      ),
    );
    expect(ds.find((d) => d.code === 'RL821')?.message).toContain('names class "internal"');
  });

  it('RL830: retriableStatusCodes without retriable-status-codes (the tutorial’s policy)', () => {
    const spec = `  virtualhost: {fqdn: a.example.com}
  routes:
  - services: [{name: a, port: 80}]
    retryPolicy:
      count: 3
      retriableStatusCodes: [503]
`;
    const d = diagnostics(proxy('root', spec)).find((x) => x.code === 'RL830');
    expect(d?.message).toContain('so a 500 is retried too');
    const fixed = spec.replace('count: 3', 'count: 3\n      retryOn: [retriable-status-codes]');
    expect(codes(diagnostics(proxy('root', fixed)))).not.toContain('RL830');
  });

  it('RL831 / RL832: a per-try timeout as long as the response timeout; count 0', () => {
    const spec = `  virtualhost: {fqdn: a.example.com}
  routes:
  - services: [{name: a, port: 80}]
    retryPolicy: {count: 0, perTryTimeout: 20s}
`;
    expect(codes(diagnostics(proxy('root', spec)))).toEqual(
      expect.arrayContaining(['RL831', 'RL832']),
    );
  });

  it('RL833: an included route with the same conditions as the root’s is replaced by the one added last', () => {
    const yaml =
      proxy(
        'root',
        `  virtualhost: {fqdn: a.example.com}
  includes:
  - name: child
    conditions: [{prefix: /api}]
  routes:
  - conditions: [{prefix: /api}]
    services: [{name: root-api, port: 80}]
`,
      ) + proxy('child', '  routes:\n  - services: [{name: child-api, port: 80}]\n');
    const loaded = loadManifests(yaml);
    const cluster = buildCluster(loaded.resources);
    const d = lint(cluster, loaded.diagnostics).find((x) => x.code === 'RL833');
    expect(d?.message).toContain('Contour keeps only the one it adds last');
    // Contour adds the included routes first, so the root's own route is the one kept.
    expect(trace(cluster, { url: 'http://a.example.com/api' }).backend?.service).toBe('root-api');
  });

  it('RL834: conditions no request can meet', () => {
    const spec = `  virtualhost: {fqdn: a.example.com}
  routes:
  - conditions:
    - header: {name: x-env, exact: prod}
    - header: {name: x-env, contains: staging}
    services: [{name: a, port: 80}]
  - conditions:
    - exact: /search?q=1
    services: [{name: a, port: 80}]
  - conditions:
    - header: {name: x-debug}
    services: [{name: a, port: 80}]
`;
    const ds = diagnostics(proxy('root', spec)).filter((d) => d.code === 'RL834');
    expect(ds.map((d) => d.message)).toEqual([
      expect.stringContaining('header x-env must be exactly "prod"'),
      expect.stringContaining('without its query string'),
      expect.stringContaining('sets no operator'),
    ]);
  });

  it('RL835: services without a weight next to weighted ones get no traffic', () => {
    const spec = `  virtualhost: {fqdn: a.example.com}
  routes:
  - services: [{name: a, port: 80, weight: 50}, {name: b, port: 80}]
`;
    expect(diagnostics(proxy('root', spec)).find((d) => d.code === 'RL835')?.message).toContain(
      'b has no weight',
    );
  });
});

describe('examples/contour.yaml', () => {
  const text = readFileSync(new URL('../../../examples/contour.yaml', import.meta.url), 'utf8');
  const loaded = loadManifests(text);
  const cluster = buildCluster(loaded.resources);
  const go = (url: string) => trace(cluster, { url, insecure: true }, { seed: 1 });

  it('lints as its comments say: one orphaned HTTPProxy, nothing else', () => {
    const ds = lint(cluster, loaded.diagnostics).filter((d) => d.severity !== 'info');
    expect(codes(ds)).toEqual(['RL820']);
  });

  it('does what its comments say', () => {
    expect(go('https://shop.example.com/api/v1/cart').backend?.namespace).toBe('team-api');
    expect(go('https://shop.example.com/api/v1beta').backend?.service).toMatch(/^api/);
    const plain = go('http://shop.example.com/');
    expect([plain.status, plain.redirect]).toEqual([301, 'https://shop.example.com/']);
    expect(go('http://shop.example.com/healthz').status).toBe(200);
    const reports = go('https://shop.example.com/api/v1/reports/q3');
    expect([reports.backend?.service, reports.forwarded?.path]).toEqual(['reports', '/reports/q3']);
    expect(go('https://shop.example.com/about').backend?.service).toBe('web');
  });
});
