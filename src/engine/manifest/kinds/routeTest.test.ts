import { describe, expect, it } from 'vitest';
import { loadManifests, routeTestsOf, sortDiagnostics, type RouteTest } from '../../index.js';

function read(yaml: string) {
  const loaded = loadManifests(yaml);
  return { tests: routeTestsOf(loaded.resources), diagnostics: loaded.diagnostics };
}

function only(yaml: string): RouteTest {
  const { tests, diagnostics } = read(yaml);
  expect(diagnostics).toEqual([]);
  expect(tests).toHaveLength(1);
  return tests[0] as RouteTest;
}

const HEAD = `apiVersion: routelab.dev/v1alpha1
kind: RouteTest
metadata:
  name: shop
spec:
  requests:
`;

describe('RouteTest documents', () => {
  it('reads requests as curl would send them, and every expectation', () => {
    const test = only(`${HEAD}    - name: the API
      url: https://shop.example.com/api?x=1
      method: post
      headers:
        X-Canary: always
        X-Count: 3
      clientIP: 203.0.113.7
      bodySize: 5m
      resolve: ['shop.example.com:443:203.0.113.10', { host: api.example.com, port: 80, address: 192.0.2.1 }]
      insecure: true
      expect:
        status: [200, 201]
        backend: { namespace: shop, service: api, port: 80, pod: api- }
        redirect: none
        path: /api?x=1
        host: shop.example.com
        forwardedHeaders:
          X-Forwarded-Proto: https
          X-Real-IP: { present: true }
          X-Debug: null
          X-Request-ID: { matches: '^[0-9a-f]{32}$' }
        responseHeaders:
          - 'Cache-Control: no-store'
        maxAttempts: 1
        certificate: shop/shop-tls
        controller: ingress-nginx-controller
`);
    const [r] = test.requests;
    expect(r?.name).toBe('the API');
    expect(r?.request).toEqual({
      url: 'https://shop.example.com/api?x=1',
      method: 'POST',
      headers: [
        ['X-Canary', 'always'],
        ['X-Count', '3'],
      ],
      clientIp: '203.0.113.7',
      bodyBytes: 5 * 1024 * 1024,
      resolve: [
        { host: 'shop.example.com', port: 443, address: '203.0.113.10' },
        { host: 'api.example.com', port: 80, address: '192.0.2.1' },
      ],
      insecure: true,
    } as unknown);
    const e = r?.expect;
    expect(e?.status).toEqual([200, 201]);
    expect(e?.backend).toEqual({ namespace: 'shop', service: 'api', port: 80, pod: 'api-' });
    expect(e?.redirect).toBeNull();
    expect(e?.path).toBe('/api?x=1');
    expect(e?.forwardedHeaders?.map((h) => [h.name, h.match])).toEqual([
      ['X-Forwarded-Proto', { kind: 'equals', value: 'https' }],
      ['X-Real-IP', { kind: 'present' }],
      ['X-Debug', { kind: 'absent' }],
      ['X-Request-ID', { kind: 'matches', pattern: '^[0-9a-f]{32}$' }],
    ]);
    expect(e?.responseHeaders?.map((h) => h.match)).toEqual([
      { kind: 'equals', value: 'no-store' },
    ]);
    expect(e?.maxAttempts).toBe(1);
    expect(e?.certificate).toEqual({ secret: 'shop/shop-tls' });
    expect(e?.controller).toBe('ingress-nginx-controller');
    // Each expected field knows its line, for the report and the editor.
    expect(e?.sources.status?.range.startLine).toBe(18);
    expect(e?.sources.maxAttempts?.range.startLine).toBe(30);
  });

  it('takes short forms: "namespace/service", none, default, a lone status', () => {
    const test = only(`${HEAD}    - url: http://shop.example.com/
      expect:
        status: '308'
        backend: none
        certificate: default
    - url: http://shop.example.com/
      expect:
        backend: shop/web
        redirect: https://shop.example.com/
`);
    const [a, b] = test.requests;
    expect(a?.name).toBe('GET http://shop.example.com/');
    expect(a?.expect.status).toEqual([308]);
    expect(a?.expect.backend).toBeNull();
    expect(a?.expect.certificate).toEqual({ default: true });
    expect(b?.expect.backend).toEqual({ namespace: 'shop', service: 'web' });
    expect(b?.expect.redirect).toBe('https://shop.example.com/');
  });

  it('reports an unknown field on its line with the closest known one and a fix', () => {
    const { diagnostics } = read(`${HEAD}    - url: http://shop.example.com/
      expect:
        stauts: 200
`);
    expect(diagnostics.map((d) => d.code)).toEqual(['RL131', 'RL133']);
    const [d] = diagnostics;
    expect(d?.code).toBe('RL131');
    expect(d?.severity).toBe('error');
    expect(d?.source?.range.startLine).toBe(9);
    expect(d?.message).toContain('did you mean "status"');
    expect(d?.fix?.edit).toEqual({ line: 9, find: 'stauts:', replace: 'status:' });
  });

  it('reports bad values on their lines and keeps the rest', () => {
    const { tests, diagnostics } = read(`${HEAD}    - url: http://shop.example.com/
      method: 'GET /'
      clientIP: not-an-ip
      bodySize: lots
      resolve: [nonsense]
      headers: { 'Bad Header': x }
      expect:
        status: [200, 999, abc]
        maxAttempts: 0
        certificate: nope
        forwardedHeaders:
          X-A: { matches: '(a' }
          X-B: { equals: a, contains: b }
    - method: GET
    - url: http://shop.example.com/
`);
    const lines = sortDiagnostics(diagnostics).map((d) => [d.code, d.source?.range.startLine]);
    expect(lines).toEqual([
      ['RL130', 8],
      ['RL130', 9],
      ['RL130', 10],
      ['RL130', 11],
      ['RL130', 12],
      ['RL130', 14],
      ['RL130', 14],
      ['RL130', 15],
      ['RL130', 16],
      ['RL130', 18],
      ['RL130', 19],
      ['RL130', 20],
      ['RL133', 21],
    ]);
    expect(tests[0]?.requests).toHaveLength(2);
    expect(tests[0]?.requests[0]?.expect.status).toEqual([200]);
  });

  it('warns about a request or a test that checks nothing', () => {
    const { diagnostics } = read(`${HEAD}    - url: http://shop.example.com/
---
apiVersion: routelab.dev/v1alpha1
kind: RouteTest
metadata:
  name: empty
spec: {}
`);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['RL133', 'warning'],
      ['RL133', 'warning'],
    ]);
  });

  it('needs a name, like any object', () => {
    const { tests, diagnostics } = read(
      'apiVersion: routelab.dev/v1alpha1\nkind: RouteTest\nspec: {}\n',
    );
    expect(tests).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['RL103']);
  });

  it('refuses hostile input with diagnostics, quickly, without throwing', () => {
    const started = performance.now();
    const many = Array.from(
      { length: 2100 },
      () => '    - url: http://a.example.com/\n      expect: { status: 200 }\n',
    ).join('');
    const a = read(`${HEAD}${many}`);
    expect(a.tests[0]?.requests).toHaveLength(2000);
    expect(a.diagnostics.map((d) => d.code)).toEqual(['RL132']);

    const longUrl = `http://a.example.com/${'x'.repeat(10_000)}`;
    const b = read(`${HEAD}    - url: ${longUrl}\n      expect: { status: 200 }\n`);
    expect(b.diagnostics.map((d) => d.code)).toContain('RL132');

    const headers = Array.from({ length: 150 }, (_, i) => `        X-H${i}: v\n`).join('');
    const c = read(
      `${HEAD}    - url: http://a.example.com/\n      headers:\n${headers}      expect: { status: 200 }\n`,
    );
    expect(c.tests[0]?.requests[0]?.request.headers).toHaveLength(100);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['RL132']);

    const deep = `${HEAD}    - url: http://a.example.com/\n      expect: ${'['.repeat(5000)}\n`;
    expect(read(deep).diagnostics.map((d) => d.code)).toEqual(['RL105']);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
