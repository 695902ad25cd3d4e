import { describe, expect, it } from 'vitest';
import type { HTTPProxy } from '../../model/contour.js';
import { loadManifests } from '../load.js';
import { contourDuration, parseGoDurationMs } from './contour.js';

const ROOT = `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: root
  namespace: shop
spec:
  virtualhost:
    fqdn: shop.example.com
    tls:
      secretName: shop-tls
  includes:
    - name: api
      namespace: team-api
      conditions:
        - prefix: /api
  routes:
    - conditions:
        - prefix: /
        - header:
            name: x-canary
            exact: "true"
      services:
        - name: web
          port: 80
          weight: 90
        - name: web-canary
          port: 80
          weight: 10
        - name: recorder
          port: 8080
          mirror: true
      timeoutPolicy:
        response: 30s
        idle: infinity
      retryPolicy:
        count: 3
        perTryTimeout: 2s
        retriableStatusCodes:
          - 503
      loadBalancerPolicy:
        strategy: Cookie
      pathRewritePolicy:
        replacePrefix:
          - replacement: /app
`;

function proxy(text: string): HTTPProxy {
  const r = loadManifests(text).resources.find((x) => x.kind === 'HTTPProxy');
  if (r?.kind !== 'HTTPProxy') throw new Error('no HTTPProxy loaded');
  return r;
}

describe('readHTTPProxy', () => {
  it('reads a root proxy with its virtual host, includes and routes, each on its line', () => {
    const { diagnostics } = loadManifests(ROOT);
    expect(diagnostics).toEqual([]);
    const p = proxy(ROOT);
    expect(p.virtualhost?.fqdn).toBe('shop.example.com');
    expect(p.virtualhost?.tls?.secretName).toBe('shop-tls');
    expect(p.includes[0]).toMatchObject({ name: 'api', namespace: 'team-api' });
    expect(p.includes[0]?.conditions[0]?.prefix).toBe('/api');
    expect(p.includes[0]?.source.range.startLine).toBe(12);
    const route = p.routes[0];
    expect(route?.conditions[1]?.header).toMatchObject({ name: 'x-canary', exact: 'true' });
    expect(route?.services.map((s) => [s.name, s.weight, s.mirror])).toEqual([
      ['web', 90, false],
      ['web-canary', 10, false],
      ['recorder', undefined, true],
    ]);
    expect(route?.timeoutPolicy?.response).toEqual({ kind: 'duration', ms: 30_000 });
    expect(route?.timeoutPolicy?.idle).toEqual({ kind: 'disabled' });
    expect(route?.retryPolicy).toMatchObject({
      count: 3,
      perTryTimeout: '2s',
      retryOn: [],
      retriableStatusCodes: [503],
    });
    expect(route?.loadBalancerPolicy?.strategy).toBe('Cookie');
    expect(route?.pathRewritePolicy?.replacePrefix).toEqual([{ replacement: '/app' }]);
    expect(route?.services[2]?.source.range.startLine).toBe(29);
  });

  it('reads a child proxy, which has no virtualhost', () => {
    const p = proxy(`apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: api
spec:
  routes:
    - services:
        - name: api
          port: 80
`);
    expect(p.virtualhost).toBeUndefined();
    expect(p.meta.namespace).toBe('default');
    expect(p.routes[0]?.conditions).toEqual([]);
  });

  it('rejects what the CRD schema refuses: a bad fqdn, a port out of range, an unknown retryOn', () => {
    const text = `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: bad
spec:
  virtualhost:
    fqdn: Shop.Example.com
  routes:
    - services:
        - name: web
          port: 70000
      retryPolicy:
        retryOn: [5xx, sometimes]
      timeoutPolicy:
        response: 15
`;
    const r = loadManifests(text);
    expect(r.resources).toEqual([]);
    expect(r.rejected).toHaveLength(1);
    const lines = r.diagnostics.map((d) => [d.code, d.source?.range.startLine]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['RL801', 7],
        ['RL801', 11],
        ['RL801', 13],
        // 15 is an integer, not a string: the schema's type check refuses it.
        ['RL104', 15],
      ]),
    );
  });

  it('warns about fields HTTPProxy does not have, with the spelling it expects', () => {
    const text = `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: typo
spec:
  virtualhost:
    fqdn: a.example.com
  routes:
    - condition:
        - prefix: /api
      services:
        - name: api
          port: 80
      retryPolicy:
        numRetries: 2
`;
    const r = loadManifests(text);
    expect(r.resources).toHaveLength(1);
    const warn = r.diagnostics.filter((d) => d.code === 'RL802');
    expect(warn.map((d) => d.source?.range.startLine)).toEqual([9, 15]);
    expect(warn[0]?.message).toContain('did you mean "conditions"?');
    expect(warn[1]?.message).toContain('did you mean "count"?');
  });

  it('defaults a redirect status to 302, as the CRD does', () => {
    const p = proxy(`apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: redirect
spec:
  virtualhost:
    fqdn: example.com
  routes:
    - conditions:
        - prefix: /
      requestRedirectPolicy:
        hostname: www.example.com
`);
    expect(p.routes[0]?.requestRedirectPolicy).toMatchObject({
      hostname: 'www.example.com',
      statusCode: 302,
    });
  });

  it('reads TLSCertificateDelegation', () => {
    const r = loadManifests(`apiVersion: projectcontour.io/v1
kind: TLSCertificateDelegation
metadata:
  name: wildcard
  namespace: certs
spec:
  delegations:
    - secretName: wildcard-tls
      targetNamespaces: ["*"]
`);
    const d = r.resources[0];
    if (d?.kind !== 'TLSCertificateDelegation') throw new Error('expected a delegation');
    expect(d.delegations).toMatchObject([{ secretName: 'wildcard-tls', targetNamespaces: ['*'] }]);
  });
});

describe('durations as Contour reads them', () => {
  it('parses Go durations (time.ParseDuration)', () => {
    expect(parseGoDurationMs('15s')).toBe(15_000);
    expect(parseGoDurationMs('1m30s')).toBe(90_000);
    expect(parseGoDurationMs('1.5h')).toBe(5_400_000);
    expect(parseGoDurationMs('300ms')).toBe(300);
    expect(parseGoDurationMs('.5s')).toBe(500);
    expect(parseGoDurationMs('0')).toBe(0);
    expect(parseGoDurationMs('15')).toBeUndefined();
    expect(parseGoDurationMs('s')).toBeUndefined();
    expect(parseGoDurationMs('1d')).toBeUndefined();
  });

  it('treats empty and zero as the default and infinity as disabled ([CTR] internal/timeout)', () => {
    expect(contourDuration(undefined)).toEqual({ kind: 'default' });
    expect(contourDuration('0s')).toEqual({ kind: 'default' });
    expect(contourDuration('infinity')).toEqual({ kind: 'disabled' });
    expect(contourDuration('infinite')).toEqual({ kind: 'disabled' });
    expect(contourDuration('2s')).toEqual({ kind: 'duration', ms: 2000 });
    // The CRD pattern lets "h" through; Go's parser does not.
    expect(contourDuration('h').kind).toBe('invalid');
  });
});
