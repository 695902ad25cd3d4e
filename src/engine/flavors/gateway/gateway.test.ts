import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, trace, type Trace } from '../../index.js';
import type { RequestSpec } from '../../model/request.js';
import { gatewayApiStatus } from './build.js';
import { intersectHostnames, hostnameCovers } from './hostnames.js';

const CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
`;

const app = (ns: string, name: string, replicas = 1) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
    - port: 8080
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: example/app:1
`;

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
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
          from: All
`;

const route = (
  name: string,
  spec: string,
  ns = 'infra',
  extraMeta = '',
) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: ${ns}${extraMeta}
spec:
  parentRefs:
    - name: web
      namespace: infra
${spec}`;

function lab(...docs: string[]) {
  const load = loadManifests([CLASS, ...docs].join('\n---\n'));
  expect(load.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const resources = load.resources;
  return { resources, cluster: buildCluster(resources) };
}

function get(
  cluster: ReturnType<typeof buildCluster>,
  path: string,
  extra: Partial<RequestSpec> = {},
  seed = 1,
): Trace {
  const c = cluster.controllers[0];
  if (!c) throw new Error('no controller');
  return trace(cluster, { url: `http://${c.address}${path}`, ...extra }, { seed });
}

describe('Gateway API hostnames', () => {
  it('a wildcard covers any number of labels, never the bare domain', () => {
    expect(hostnameCovers('*.example.com', 'a.example.com')).toBe(true);
    expect(hostnameCovers('*.example.com', 'a.b.example.com')).toBe(true);
    expect(hostnameCovers('*.example.com', 'example.com')).toBe(false);
  });

  it('intersects listener and route names as the spec examples do', () => {
    expect(intersectHostnames([], 'test.example.com')).toEqual(['test.example.com']);
    expect(intersectHostnames(['*.example.com'], 'test.example.com')).toEqual(['test.example.com']);
    expect(intersectHostnames(['test.example.com', 'test.example.net'], '*.example.com')).toEqual([
      'test.example.com',
    ]);
    expect(intersectHostnames(['example.com', 'test.example.net'], '*.example.com')).toEqual([]);
    expect(intersectHostnames([], undefined)).toEqual(['*']);
  });
});

describe('Envoy Gateway controllers', () => {
  it('runs one Envoy per Gateway at its spec, status or allocated address', () => {
    const { cluster } = lab(
      GATEWAY.replace('spec:\n', 'spec:\n  addresses:\n    - value: 192.0.2.7\n'),
      GATEWAY.replace('name: web', 'name: second').concat(
        'status:\n  addresses:\n    - type: IPAddress\n      value: 192.0.2.8\n',
      ),
      GATEWAY.replace('name: web', 'name: third'),
    );
    expect(cluster.controllers.map((c) => [c.id, c.address, c.family])).toEqual([
      ['envoy-gateway-system/envoy-infra-web', '192.0.2.7', 'envoy-gateway'],
      ['envoy-gateway-system/envoy-infra-second', '192.0.2.8', 'envoy-gateway'],
      ['envoy-gateway-system/envoy-infra-third', '203.0.113.10', 'envoy-gateway'],
    ]);
    expect(cluster.controllers[0]?.externalTrafficPolicy).toBe('Local');
  });

  it('does not serve a Gateway whose class names another controller', () => {
    const load = loadManifests(
      `${CLASS.replace('name: eg', 'name: other').replace('gateway.envoyproxy.io/gatewayclass-controller', 'example.com/other')}\n---\n${GATEWAY.replace('eg', 'other')}`,
    );
    const cluster = buildCluster(load.resources);
    expect(cluster.controllers.filter((c) => c.family === 'envoy-gateway')).toEqual([]);
    expect(cluster.diagnostics.map((d) => d.code)).toContain('RL610');
  });

  it('resolves the names its listeners and routes serve to its address', () => {
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'api'),
      route(
        'api',
        `  hostnames: [api.example.com]\n  rules:\n    - backendRefs:\n        - {name: api, port: 8080}\n`,
      ),
    );
    const t = trace(cluster, { url: 'http://api.example.com/' });
    expect(t.status).toBe(200);
    expect(t.stages[0]?.summary).toBe('api.example.com → 203.0.113.10');
  });
});

describe('route precedence across rules and routes', () => {
  const rules = `  rules:
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: v1, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: v2, port: 8080}]
    - matches: [{path: {type: Exact, value: /api}}]
      backendRefs: [{name: v3, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /api}, headers: [{name: x-canary, value: "1"}]}]
      backendRefs: [{name: v4, port: 8080}]
    - matches: [{path: {type: PathPrefix, value: /api}, method: POST}]
      backendRefs: [{name: v5, port: 8080}]
`;
  const { cluster } = lab(
    GATEWAY,
    ...['v1', 'v2', 'v3', 'v4', 'v5'].map((n) => app('infra', n)),
    route('ordered', rules),
  );
  const to = (path: string, extra: Partial<RequestSpec> = {}) =>
    get(cluster, path, extra).backend?.service;

  it('follows the spec: exact, longest prefix, method, then headers', () => {
    expect(to('/api')).toBe('v3');
    expect(to('/api/x')).toBe('v2');
    expect(to('/other')).toBe('v1');
    expect(to('/api/x', { headers: [['X-Canary', '1']] })).toBe('v4');
    // A method match ranks above a header match.
    expect(to('/api/x', { method: 'POST', headers: [['x-canary', '1']] })).toBe('v5');
  });

  it('explains why the routes that also match lost', () => {
    const t = get(cluster, '/api/x', { method: 'POST', headers: [['x-canary', '1']] });
    const match = t.stages.find((s) => s.id === 'match');
    expect(match?.candidates?.[0]).toMatchObject({ matched: true });
    const reasons = (match?.candidates ?? []).filter((c) => !c.matched).map((c) => c.reason);
    expect(reasons).toContain('also matches, but a match on the method comes before one without');
    expect(reasons.some((r) => r.includes('the longer path /api'))).toBe(true);
  });

  it('breaks ties by the older route, then namespace/name', () => {
    const tie = (name: string, backend: string, ts: string) =>
      route(
        name,
        `  rules:\n    - matches: [{path: {type: PathPrefix, value: /same}}]\n      backendRefs: [{name: ${backend}, port: 8080}]\n`,
        'infra',
        `\n  creationTimestamp: "${ts}"`,
      );
    const older = lab(
      GATEWAY,
      app('infra', 'v1'),
      app('infra', 'v2'),
      tie('b-route', 'v1', '2024-01-01T00:00:00Z'),
      tie('a-route', 'v2', '2025-01-01T00:00:00Z'),
    );
    expect(get(older.cluster, '/same').backend?.service).toBe('v1');
    const same = lab(
      GATEWAY,
      app('infra', 'v1'),
      app('infra', 'v2'),
      tie('b-route', 'v1', '2024-01-01T00:00:00Z'),
      tie('a-route', 'v2', '2024-01-01T00:00:00Z'),
    );
    expect(get(same.cluster, '/same').backend?.service).toBe('v2');
  });

  it('answers 404 with flag NR when nothing matches', () => {
    const only = lab(
      GATEWAY,
      app('infra', 'v1'),
      route(
        'one',
        `  rules:\n    - matches: [{path: {type: Exact, value: /x}}]\n      backendRefs: [{name: v1, port: 8080}]\n`,
      ),
    );
    const t = get(only.cluster, '/y');
    expect(t.status).toBe(404);
    expect(t.stages.find((s) => s.id === 'match')?.log).toBe('404 NR route_not_found');
  });
});

describe('status reasons as diagnostics on the lines that cause them', () => {
  it('NotAllowedByListeners, NoMatchingParent and NoMatchingListenerHostname', () => {
    const gw = GATEWAY.replace('from: All', 'from: Same').replace(
      '      protocol: HTTP\n',
      '      protocol: HTTP\n      hostname: "*.example.com"\n',
    );
    const { cluster, resources } = lab(
      gw,
      app('infra', 'v1'),
      route(
        'elsewhere',
        `  rules:\n    - backendRefs: [{name: v1, port: 8080, namespace: infra}]\n`,
        'shop',
      ),
      route('nosection', `  rules:\n    - backendRefs: [{name: v1, port: 8080}]\n`).replace(
        '      namespace: infra\n',
        '      namespace: infra\n      sectionName: https\n',
      ),
      route(
        'nohost',
        `  hostnames: [example.net]\n  rules:\n    - backendRefs: [{name: v1, port: 8080}]\n`,
      ),
    );
    const byCode = (code: string) =>
      cluster.diagnostics.filter((d) => d.code === code).map((d) => d.source?.name);
    expect(byCode('RL622')).toEqual(['elsewhere']);
    expect(byCode('RL621')).toEqual(['nosection']);
    expect(byCode('RL623')).toEqual(['nohost']);
    const nohost = cluster.diagnostics.find((d) => d.code === 'RL623');
    expect(nohost?.source?.path).toEqual(['spec', 'hostnames']);
    const status = gatewayApiStatus(resources);
    expect(
      status.routes.map((s) => [
        s.route.meta.name,
        s.conditions[0]?.status,
        s.conditions[0]?.reason,
      ]),
    ).toEqual([
      ['elsewhere', 'False', 'NotAllowedByListeners'],
      ['nosection', 'False', 'NoMatchingParent'],
      ['nohost', 'False', 'NoMatchingListenerHostname'],
    ]);
    expect(status.listeners).toMatchObject([{ listener: 'http', attachedRoutes: 0 }]);
  });

  it("a route's hostnames become DNS names pointing at its spec.hostnames", () => {
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'v1'),
      route(
        'shop',
        `  hostnames: [shop.example.com, www.example.com]\n  rules:\n    - backendRefs: [{name: v1, port: 8080}]\n`,
      ),
    );
    const names = cluster.controllers[0]?.dnsNames ?? [];
    expect(names.map((d) => [d.name, d.source.name, d.source.path])).toEqual([
      ['shop.example.com', 'shop', ['spec', 'hostnames']],
      ['www.example.com', 'shop', ['spec', 'hostnames']],
    ]);
    // The line of `hostnames:` in the route's document (after the class, gateway and app).
    const line = [CLASS, GATEWAY, app('infra', 'v1')].join('\n---\n').split('\n').length + 11;
    expect(names[0]?.source.range.startLine).toBe(line);
  });

  it('backend references: BackendNotFound, RefNotPermitted, InvalidKind answer 500 for their share', () => {
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'v1', 2),
      app('other', 'far'),
      route(
        'refs',
        `  rules:
    - matches: [{path: {value: /missing}}]
      backendRefs: [{name: nope, port: 8080}]
    - matches: [{path: {value: /far}}]
      backendRefs: [{name: far, namespace: other, port: 8080}]
    - matches: [{path: {value: /kind}}]
      backendRefs: [{group: example.com, kind: Bucket, name: b}]
    - matches: [{path: {value: /half}}]
      backendRefs: [{name: v1, port: 8080}, {name: nope, port: 8080}]
`,
      ),
    );
    const codes = cluster.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['RL632', 'RL630', 'RL631']));
    expect(get(cluster, '/missing').status).toBe(500);
    expect(get(cluster, '/far').status).toBe(500);
    expect(get(cluster, '/kind').status).toBe(500);
    const statuses = Array.from({ length: 200 }, (_, i) => get(cluster, '/half', {}, i).status);
    const fails = statuses.filter((s) => s === 500).length;
    expect(statuses.every((s) => s === 200 || s === 500)).toBe(true);
    expect(fails).toBeGreaterThan(60);
    expect(fails).toBeLessThan(140);
    const t = statuses.indexOf(500);
    expect(get(cluster, '/half', {}, t).stages.find((s) => s.id === 'endpoints')?.log).toBe(
      '500 NC cluster_not_found',
    );
  });

  it('a regex RE2 refuses drops the rule (UnsupportedValue); the others stay', () => {
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'v1'),
      route(
        'regex',
        `  rules:
    - matches: [{path: {type: RegularExpression, value: "/(?=x)"}}]
      backendRefs: [{name: v1, port: 8080}]
    - matches: [{path: {type: RegularExpression, value: "/v[0-9]+/.*"}}]
      backendRefs: [{name: v1, port: 8080}]
`,
      ),
    );
    expect(cluster.diagnostics.map((d) => d.code)).toContain('RL624');
    expect(get(cluster, '/v2/items').status).toBe(200);
    // The whole path must match (Envoy safe_regex).
    expect(get(cluster, '/x/v2/items').status).toBe(404);
  });
});

describe('backends without ready endpoints', () => {
  const notReady = (name: string) => `${app('infra', name)}`.replace('replicas: 1', 'replicas: 0');

  it('drop out of a weighted split while another backend has endpoints', () => {
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'v1'),
      notReady('v2'),
      route('w', `  rules:\n    - backendRefs: [{name: v1, port: 8080}, {name: v2, port: 8080}]\n`),
    );
    for (let seed = 1; seed < 30; seed++)
      expect(get(cluster, '/', {}, seed).backend?.service).toBe('v1');
  });

  it('answer 503 (no healthy upstream) when no backend has any', () => {
    // (v1 has pods: a YAML without any pod would have its pods assumed.)
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'v1'),
      notReady('v2'),
      route('w', `  rules:\n    - backendRefs: [{name: v2, port: 8080}]\n`),
    );
    const t = get(cluster, '/');
    expect(t.status).toBe(503);
    expect(t.stages.find((s) => s.id === 'endpoints')?.log).toContain('503 UH');
  });
});

describe('filters, timeouts and retries', () => {
  const { cluster } = lab(
    GATEWAY,
    app('infra', 'v1'),
    route(
      'f',
      `  rules:
    - matches: [{path: {value: /old}}]
      filters:
        - type: RequestRedirect
          requestRedirect: {scheme: https, hostname: new.example.com, statusCode: 301, path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
    - matches: [{path: {value: /api/}}]
      filters:
        - type: URLRewrite
          urlRewrite: {hostname: internal.example, path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}
        - type: RequestHeaderModifier
          requestHeaderModifier: {add: [{name: X-Trace, value: enabled}]}
      backendRefs: [{name: v1, port: 8080}]
    - matches: [{path: {value: /slow}}]
      timeouts: {request: 10ms}
      backendRefs: [{name: v1, port: 8080}]
`,
    ),
  );

  it('redirects with the filter scheme, host, status and prefix', () => {
    const t = get(cluster, '/old/page?x=1');
    expect(t.status).toBe(301);
    expect(t.redirect).toBe('https://new.example.com/new/page?x=1');
  });

  it('rewrites the prefix and the Host, and adds headers', () => {
    const t = get(cluster, '/api/items');
    expect(t.forwarded).toMatchObject({ path: '/items', host: 'internal.example' });
    expect(t.forwarded?.headers['X-Trace']).toBe('enabled');
  });

  it('answers 504 "upstream request timeout" (flag UT) when the route timeout runs out', () => {
    const t = get(cluster, '/slow');
    expect(t.status).toBe(504);
    expect(t.stages.find((s) => s.id === 'upstream')?.log).toContain('504 UT');
  });
});

describe('CORS', () => {
  it('answers the preflight itself, even for a rule that matches GET only', () => {
    const { cluster } = lab(
      GATEWAY,
      app('infra', 'v1'),
      route(
        'cors',
        `  rules:
    - matches: [{path: {value: /api}, method: GET}]
      filters:
        - type: CORS
          cors: {allowOrigins: ["https://*.example.com"], allowMethods: [GET], maxAge: 60}
      backendRefs: [{name: v1, port: 8080}]
`,
      ),
    );
    const origin = ['Origin', 'https://app.shop.example.com'] as const;
    const preflight = get(cluster, '/api/items', {
      method: 'OPTIONS',
      headers: [origin, ['Access-Control-Request-Method', 'GET']],
    });
    expect(preflight.status).toBe(200);
    expect(preflight.attempts).toEqual([]);
    expect(preflight.responseHeaders).toMatchObject({
      'access-control-allow-origin': 'https://app.shop.example.com',
      'access-control-allow-methods': 'GET',
      'access-control-max-age': '60',
    });
    const real = get(cluster, '/api/items', { headers: [origin] });
    expect(real.status).toBe(200);
    expect(real.responseHeaders['access-control-allow-origin']).toBe(
      'https://app.shop.example.com',
    );
    const stranger = get(cluster, '/api/items', { headers: [['Origin', 'https://evil.test']] });
    expect(stranger.responseHeaders['access-control-allow-origin']).toBeUndefined();
  });
});

describe('TLS listeners', () => {
  const tlsGateway = (certNs: string) =>
    GATEWAY.replace(
      '    - name: http\n      port: 80\n      protocol: HTTP\n',
      `    - name: https\n      port: 443\n      protocol: HTTPS\n      hostname: shop.example.com\n      tls:\n        certificateRefs:\n          - name: shop-cert\n            namespace: ${certNs}\n`,
    );
  const secret = (ns: string) => `apiVersion: v1
kind: Secret
metadata:
  name: shop-cert
  namespace: ${ns}
type: kubernetes.io/tls
stringData:
  tls.crt: placeholder
  tls.key: placeholder
`;
  const grant = `apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata:
  name: certs
  namespace: certs
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
  to: [{group: "", kind: Secret}]
`;
  const rt = route('shop', `  rules:\n    - backendRefs: [{name: v1, port: 8080}]\n`);

  it('terminates TLS with the listener certificate', () => {
    const { cluster } = lab(tlsGateway('infra'), secret('infra'), app('infra', 'v1'), rt);
    const t = trace(cluster, { url: 'https://shop.example.com/' });
    expect(t.status).toBe(200);
    expect(t.tls).toMatchObject({ secret: 'infra/shop-cert', verified: true });
  });

  it('needs a ReferenceGrant for a certificate in another namespace', () => {
    const without = lab(tlsGateway('certs'), secret('certs'), app('infra', 'v1'), rt);
    expect(without.cluster.diagnostics.map((d) => d.code)).toContain('RL630');
    expect(without.cluster.controllers[0]?.listeners).toEqual([]);
    const withGrant = lab(tlsGateway('certs'), secret('certs'), grant, app('infra', 'v1'), rt);
    expect(trace(withGrant.cluster, { url: 'https://shop.example.com/' }).status).toBe(200);
  });
});

describe('ListenerSets', () => {
  it('attach only when the Gateway allows them (allowedListeners defaults to None)', () => {
    const set = `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: extra
  namespace: infra
spec:
  parentRef: {name: web}
  listeners:
    - {name: more, port: 8080, protocol: HTTP}
`;
    const refused = lab(GATEWAY, set);
    expect(refused.cluster.diagnostics.map((d) => d.code)).toContain('RL615');
    expect(refused.cluster.controllers[0]?.listeners.map((l) => l.port)).toEqual([80]);
    const allowed = lab(
      GATEWAY.concat('  allowedListeners:\n    namespaces:\n      from: Same\n'),
      set,
    );
    expect(allowed.cluster.controllers[0]?.listeners.map((l) => [l.name, l.port])).toEqual([
      ['http', 80],
      ['infra/extra/more', 8080],
    ]);
  });
});
