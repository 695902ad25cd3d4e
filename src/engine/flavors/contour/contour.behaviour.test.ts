/**
 * Contour behaviours traced end to end, each with the answer Contour (and Envoy under it)
 * gives, and where that answer is documented: [CTR] site/content/docs/main/config/
 * request-routing.md, inclusion-delegation.md, tls-termination.md, tls-delegation.md,
 * internal/dag/httpproxy_processor.go; [ENVOY] router filter and access-log flags.
 */
import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  lint,
  loadManifests,
  trace,
  type RequestSpec,
  type Trace,
} from '../../index.js';

const APP = (name: string, ns = 'shop', extra = '') => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: example/${name}, ports: [{containerPort: 8080}]}]${extra}
`;

const proxy = (name: string, spec: string, ns = 'shop', meta = '') => `
apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: ${name}
  namespace: ${ns}${meta}
spec:
${spec}`;

const TLS_SECRET = `
apiVersion: v1
kind: Secret
metadata: {name: shop-tls, namespace: shop}
type: kubernetes.io/tls
stringData: {tls.crt: placeholder, tls.key: placeholder}
`;

const scenario = (backends: string) => `
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  backends:
${backends}`;

function run(docs: string[], url: string, req: Partial<RequestSpec> = {}, strict = false) {
  const loaded = loadManifests(docs.join('\n---\n'));
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  const cluster = buildCluster(loaded.resources, { strict });
  const t = trace(cluster, { url, insecure: true, ...req }, { seed: 1 });
  return { t, cluster, diagnostics: lint(cluster, loaded.diagnostics) };
}

const stage = (t: Trace, id: string) => t.stages.find((s) => s.id === id);

const SHOP = proxy(
  'shop',
  `  virtualhost:
    fqdn: shop.example.com
  routes:
    - conditions: [{prefix: /}]
      services: [{name: web, port: 80}]
    - conditions: [{prefix: /api}]
      services: [{name: api, port: 80}]
    - conditions: [{exact: /api/health}]
      services: [{name: web, port: 80}]
`,
);

describe('routing', () => {
  it('takes the most specific route whatever the YAML order (Contour sorts; Envoy takes the first match)', () => {
    const a = run([SHOP, APP('web'), APP('api')], 'http://shop.example.com/api/users');
    expect(a.t.status).toBe(200);
    expect(a.t.backend?.service).toBe('api');
    const b = run([SHOP, APP('web'), APP('api')], 'http://shop.example.com/api/health');
    expect(b.t.backend?.service).toBe('web');
    expect(stage(b.t, 'match')?.summary).toContain('exact: /api/health');
  });

  it('matches an HTTPProxy prefix as a string: /api also takes /apiary', () => {
    // PrefixMatchString ([CTR] internal/dag/conditions.go); Ingress Prefix would not.
    const { t } = run([SHOP, APP('web'), APP('api')], 'http://shop.example.com/apiary');
    expect(t.backend?.service).toBe('api');
  });

  it('routes and forwards the normalized path (Envoy normalize_path and merge_slashes)', () => {
    const { t } = run([SHOP, APP('web'), APP('api')], 'http://shop.example.com/x/..//api/users');
    expect(t.backend?.service).toBe('api');
    expect(t.forwarded?.path).toBe('/api/users');
  });

  it('answers 404 with flag NR for a host it does not serve', () => {
    const { t } = run([SHOP, APP('web'), APP('api')], 'http://203.0.113.10/', {
      headers: [['Host', 'other.example.com']],
    });
    expect(t.status).toBe(404);
    expect(stage(t, 'match')?.log).toContain('NR');
  });

  it('routes on header and query conditions (request-routing.md example)', () => {
    const spec = `  virtualhost:
    fqdn: multi-path.bar.com
  routes:
    - conditions: [{header: {name: x-os, contains: ios}}]
      services: [{name: s1, port: 80}]
    - conditions: [{header: {name: x-os, contains: android}}]
      services: [{name: s2, port: 80}]
    - conditions: [{queryParameter: {name: os, exact: other, ignoreCase: true}}]
      services: [{name: s3, port: 80}]
    - services: [{name: s4, port: 80}]
`;
    const docs = [
      proxy('multiple-paths', spec, 'default'),
      ...['s1', 's2', 's3', 's4'].map((s) => APP(s, 'default')),
    ];
    const go = (req: Partial<RequestSpec>, url = 'http://multi-path.bar.com/') =>
      run(docs, url, req).t.backend?.service;
    expect(go({ headers: [['X-OS', 'iOS 17 (ios)']] })).toBe('s1');
    expect(go({ headers: [['x-os', 'android 14']] })).toBe('s2');
    expect(go({}, 'http://multi-path.bar.com/?os=OTHER')).toBe('s3');
    expect(go({})).toBe('s4');
  });

  it('splits by relative weight, and a service without a weight gets none when others have one', () => {
    const spec = `  virtualhost:
    fqdn: weights.bar.com
  routes:
    - services:
        - {name: s1, port: 80, weight: 10}
        - {name: s2, port: 80, weight: 90}
        - {name: s3, port: 80}
`;
    const { cluster } = run(
      [proxy('w', spec), APP('s1'), APP('s2'), APP('s3')],
      'http://weights.bar.com/',
    );
    const route = cluster.controllers[0]?.listeners[0]?.table.virtualHosts[0]?.routes[0];
    if (route?.action.kind !== 'forward') throw new Error('expected a forward route');
    expect(route.action.backends.map((b) => [b.service, b.weight])).toEqual([
      ['s1', 10],
      ['s2', 90],
      ['s3', 0],
    ]);
  });

  it('rewrites the matched prefix (pathRewritePolicy.replacePrefix)', () => {
    const spec = `  virtualhost:
    fqdn: shop.example.com
  routes:
    - conditions: [{prefix: /api}]
      services: [{name: api, port: 80}]
      pathRewritePolicy:
        replacePrefix:
          - replacement: /v2
`;
    const { t } = run([proxy('rw', spec), APP('api')], 'http://shop.example.com/api/users?x=1');
    expect(t.status).toBe(200);
    expect(t.forwarded?.path).toBe('/v2/users?x=1');
  });
});

describe('includes, traced', () => {
  const ROOT = proxy(
    'root',
    `  virtualhost:
    fqdn: shop.example.com
  includes:
    - name: api
      namespace: team-api
      conditions: [{prefix: /api}]
    - name: gone
      conditions: [{prefix: /gone}]
  routes:
    - services: [{name: web, port: 80}]
`,
  );
  const CHILD = proxy(
    'api',
    `  routes:
    - conditions: [{prefix: /v1}]
      services: [{name: api, port: 80}]
`,
    'team-api',
  );

  it('routes /api/v1 to the included proxy in another namespace and cites both', () => {
    const { t } = run(
      [ROOT, CHILD, APP('web'), APP('api', 'team-api')],
      'http://shop.example.com/api/v1/x',
    );
    expect(t.backend).toMatchObject({ namespace: 'team-api', service: 'api' });
    expect(stage(t, 'match')?.explanation).toContain(
      'prefix /api (include in shop/root) + prefix /v1',
    );
  });

  it('answers 502 for the conditions of an include that names no HTTPProxy', () => {
    const { t, diagnostics } = run(
      [ROOT, CHILD, APP('web'), APP('api', 'team-api')],
      'http://shop.example.com/gone/x',
    );
    expect(t.status).toBe(502);
    expect(stage(t, 'match')?.explanation).toContain('include shop/gone not found');
    expect(diagnostics.some((d) => d.message.includes('include shop/gone not found'))).toBe(true);
  });
});

describe('TLS', () => {
  const TLS = proxy(
    'shop',
    `  virtualhost:
    fqdn: shop.example.com
    tls: {secretName: shop-tls}
  routes:
    - services: [{name: web, port: 80}]
    - conditions: [{prefix: /.well-known}]
      permitInsecure: true
      services: [{name: web, port: 80}]
`,
  );
  const OTHER = proxy(
    'other',
    `  virtualhost:
    fqdn: other.example.com
    tls: {secretName: shop-tls}
  routes:
    - services: [{name: web, port: 80}]
`,
  );

  it('redirects plain HTTP to HTTPS with 301 (tls-termination.md), keeping the path and query', () => {
    const { t } = run([TLS, TLS_SECRET, APP('web')], 'http://shop.example.com/cart?id=3');
    expect(t.status).toBe(301);
    expect(t.redirect).toBe('https://shop.example.com/cart?id=3');
  });

  it('serves a permitInsecure route over plain HTTP', () => {
    const { t } = run([TLS, TLS_SECRET, APP('web')], 'http://shop.example.com/.well-known/x');
    expect(t.status).toBe(200);
  });

  it('serves HTTPS with the Secret the virtual host names', () => {
    const { t } = run([TLS, TLS_SECRET, APP('web')], 'https://shop.example.com/');
    expect(t.status).toBe(200);
    expect(stage(t, 'tls')?.summary).toContain('shop/shop-tls');
  });

  it('answers 421 when Host names another TLS host than SNI (projectcontour/contour#2483)', () => {
    const { t } = run([TLS, OTHER, TLS_SECRET, APP('web')], 'https://shop.example.com/', {
      headers: [['Host', 'other.example.com']],
    });
    expect(t.status).toBe(421);
  });

  it('serves nothing for a root whose Secret does not exist, not even plain HTTP', () => {
    const { t, diagnostics } = run([TLS, APP('web')], 'http://shop.example.com/');
    expect(t.status).toBe(404);
    expect(
      diagnostics.some((d) =>
        d.message.includes('Spec.VirtualHost.TLS Secret "shop-tls" is invalid: Secret not found'),
      ),
    ).toBe(true);
  });

  it('needs a TLSCertificateDelegation for a Secret in another namespace (tls-delegation.md)', () => {
    const cross = TLS.replace('secretName: shop-tls', 'secretName: certs/wildcard');
    const secret = TLS_SECRET.replace(
      'name: shop-tls, namespace: shop',
      'name: wildcard, namespace: certs',
    );
    const refused = run([cross, secret, APP('web')], 'https://shop.example.com/');
    expect(
      refused.diagnostics.some((d) => d.message.includes('certificate delegation not permitted')),
    ).toBe(true);
    const delegation = `
apiVersion: projectcontour.io/v1
kind: TLSCertificateDelegation
metadata: {name: delegate, namespace: certs}
spec:
  delegations:
    - secretName: wildcard
      targetNamespaces: [shop]
`;
    const allowed = run([cross, secret, delegation, APP('web')], 'https://shop.example.com/');
    expect(allowed.t.status).toBe(200);
  });
});

describe("Envoy's answers", () => {
  it('503 UH when the Service has no ready endpoints', () => {
    const notReady = APP('web').replace('replicas: 2', 'replicas: 0');
    const { t } = run([SHOP, notReady, APP('api')], 'http://shop.example.com/');
    expect(t.status).toBe(503);
    expect(JSON.stringify(t.stages)).toContain('UH');
  });

  it('503 UF when nothing listens on the target port (nginx would say 502)', () => {
    const s = scenario('    - service: shop/web\n      behavior: refuse');
    const { t } = run([SHOP, APP('web'), APP('api'), s], 'http://shop.example.com/');
    expect(t.status).toBe(503);
    expect(JSON.stringify(t.stages)).toContain('UF');
  });

  it('504 UT after the 15 s default response timeout when the pod hangs', () => {
    const s = scenario('    - service: shop/web\n      behavior: hang');
    const { t } = run([SHOP, APP('web'), APP('api'), s], 'http://shop.example.com/');
    expect(t.status).toBe(504);
    expect(t.durationMs).toBeGreaterThanOrEqual(15_000);
    expect(t.durationMs).toBeLessThan(16_000);
  });

  it('503 as a direct response when no Service of the route resolves (strict)', () => {
    const { t, diagnostics } = run([SHOP, APP('api')], 'http://shop.example.com/', {}, true);
    expect(t.status).toBe(503);
    expect(
      diagnostics.some((d) =>
        d.message.includes(
          'Spec.Routes unresolved service reference: service "shop/web" not found',
        ),
      ),
    ).toBe(true);
  });
});

describe('the tutorial’s HTTPProxy (retries and timeouts)', () => {
  // ../shared/seeds/reverse-proxies-and-kubernetes-ingress.txt, "Circuit Breaking and Retries".
  const TUTORIAL = `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: api-proxy
spec:
  routes:
    - services:
        - name: api-service
          port: 80
      retryPolicy:
        count: 3 # Retry up to 3 times
        perTryTimeout: 2s # Each try gets 2 seconds
        retriableStatusCodes:
          - 503 # Only retry on 503 (service unavailable)
      timeoutPolicy:
        response: 30s # Total response timeout
`;
  const ROOTED = `${TUTORIAL.replace('spec:\n', 'spec:\n  virtualhost:\n    fqdn: api.example.com\n')}`;

  it('as printed it has no virtualhost: nothing includes it, so Contour calls it orphaned', () => {
    const { t, diagnostics } = run(
      [TUTORIAL, APP('api-service', 'default')],
      'http://api.example.com/',
    );
    expect(t.status).toBeNull(); // no DNS name points at Envoy for it
    expect(diagnostics.some((d) => d.message.includes('not part of a delegation chain'))).toBe(
      true,
    );
  });

  it('with a virtual host: a pod answering 503 is tried 4 times (count 3 retries)', () => {
    const s = scenario(
      '    - service: default/api-service\n      errorRate: 1\n      errorStatus: 503',
    );
    const { t } = run([ROOTED, APP('api-service', 'default'), s], 'http://api.example.com/');
    expect(t.status).toBe(503);
    expect(t.attempts).toHaveLength(4);
  });

  it('retries a 500 as well: retryOn defaults to 5xx, and retriableStatusCodes need retriable-status-codes', () => {
    const s = scenario(
      '    - service: default/api-service\n      errorRate: 1\n      errorStatus: 500',
    );
    const { t, diagnostics } = run(
      [ROOTED, APP('api-service', 'default'), s],
      'http://api.example.com/',
    );
    expect(t.attempts).toHaveLength(4);
    expect(diagnostics.some((d) => d.code === 'RL830')).toBe(true);
  });

  it('gives each try 2 s and stops at the 30 s response timeout over all of them', () => {
    const s = scenario('    - service: default/api-service\n      behavior: hang');
    const { t } = run([ROOTED, APP('api-service', 'default'), s], 'http://api.example.com/');
    expect(t.status).toBe(504);
    expect(t.attempts).toHaveLength(4);
    // Four 2 s tries plus Envoy's jittered back-off, well inside the 30 s deadline.
    expect(t.durationMs).toBeGreaterThanOrEqual(8_000);
    expect(t.durationMs).toBeLessThan(30_000);
  });
});

describe('filters before the router', () => {
  const withVhost = (extra: string, routeExtra = '') =>
    proxy(
      'shop',
      `  virtualhost:
    fqdn: shop.example.com
${extra}  routes:
    - services: [{name: web, port: 80}]
${routeExtra}`,
    );

  it('answers a CORS preflight itself (Envoy CORS filter, [CTR] cors.md)', () => {
    const cors = `    corsPolicy:
      allowOrigin: ["https://app.example.com"]
      allowMethods: [GET, POST]
`;
    const { t } = run([withVhost(cors), APP('web')], 'http://shop.example.com/cart', {
      method: 'OPTIONS',
      headers: [
        ['Origin', 'https://app.example.com'],
        ['Access-Control-Request-Method', 'POST'],
      ],
    });
    expect(t.status).toBe(200);
    expect(t.backend).toBeNull();
    expect(t.responseHeaders['access-control-allow-origin']).toBe('https://app.example.com');
  });

  it('refuses a client outside ipAllowPolicy with 403 ([CTR] ip-filtering.md)', () => {
    const allow = `    ipAllowPolicy:
      - {source: Peer, cidr: 10.0.0.0/8}
`;
    const { t } = run([withVhost(allow), APP('web')], 'http://shop.example.com/');
    expect(t.status).toBe(403);
    expect(stage(t, 'match')?.explanation).toContain('RBAC');
  });

  it("lets a route's ipDenyPolicy replace the virtual host's allow list", () => {
    const allow = `    ipAllowPolicy:
      - {source: Peer, cidr: 10.0.0.0/8}
`;
    const deny = `      ipDenyPolicy:
        - {source: Remote, cidr: 192.0.2.1}
`;
    const { t } = run([withVhost(allow, deny), APP('web')], 'http://shop.example.com/');
    // The default client 198.51.100.23 is not denied, and the host's allow list no longer applies.
    expect(t.status).toBe(200);
  });
});

describe('standard Ingresses served by Contour (ingress.md)', () => {
  const CONTOUR = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: contour, namespace: projectcontour}
spec:
  replicas: 2
  selector: {matchLabels: {app: contour}}
  template:
    metadata: {labels: {app: contour}}
    spec:
      containers:
        - name: contour
          image: ghcr.io/projectcontour/contour:v1.33.0
          args: [serve, --incluster]
`;
  const ingress = (paths: string, extra = '', meta = '') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop${meta}
spec:
  ingressClassName: contour
${extra}  rules:
    - host: shop.example.com
      http:
        paths:
${paths}`;
  const path = (p: string, type: string, svc = 'web') =>
    `          - {path: ${p}, pathType: ${type}, backend: {service: {name: ${svc}, port: {number: 80}}}}\n`;

  it('matches Prefix by whole segments: /foo takes /foo/bar but not /foobar', () => {
    const docs = [CONTOUR, ingress(path('/foo', 'Prefix')), APP('web')];
    expect(run(docs, 'http://shop.example.com/foo/bar').t.status).toBe(200);
    const miss = run(docs, 'http://shop.example.com/foobar').t;
    expect(miss.status).toBe(404);
    expect(miss.controller).toBe('projectcontour/contour');
  });

  it('treats an ImplementationSpecific path as a string prefix, or a regex when it has ^+*[]%', () => {
    const docs = [
      CONTOUR,
      ingress(
        path('/foo', 'ImplementationSpecific') +
          path("'/b[0-9]+'", 'ImplementationSpecific', 'api'),
      ),
      APP('web'),
      APP('api'),
    ];
    expect(run(docs, 'http://shop.example.com/foobar').t.backend?.service).toBe('web');
    expect(run(docs, 'http://shop.example.com/b42').t.backend?.service).toBe('api');
    expect(run(docs, 'http://shop.example.com/b42/x').t.status).toBe(404);
  });

  it('serves plain HTTP beside HTTPS unless force-ssl-redirect asks for a 301', () => {
    const tls = '  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n';
    const docs = [CONTOUR, ingress(path('/', 'Prefix'), tls), TLS_SECRET, APP('web')];
    expect(run(docs, 'http://shop.example.com/').t.status).toBe(200);
    expect(run(docs, 'https://shop.example.com/').t.status).toBe(200);
    const forced = ingress(
      path('/', 'Prefix'),
      tls,
      '\n  annotations: {ingress.kubernetes.io/force-ssl-redirect: "true"}',
    );
    const t = run([CONTOUR, forced, TLS_SECRET, APP('web')], 'http://shop.example.com/x').t;
    expect([t.status, t.redirect]).toEqual([301, 'https://shop.example.com/x']);
  });

  it('lets an HTTPProxy route with the same conditions replace the Ingress one (Ingresses are processed first)', () => {
    const docs = [
      CONTOUR,
      ingress(path('/', 'ImplementationSpecific', 'api')),
      SHOP,
      APP('web'),
      APP('api'),
    ];
    expect(run(docs, 'http://shop.example.com/about').t.backend?.service).toBe('web');
  });

  it('runs beside ingress-nginx: each controller serves its own class at its own address', () => {
    const nginxIngress = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: blog, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: blog.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
`;
    const docs = [CONTOUR, SHOP, nginxIngress, APP('web'), APP('api')];
    const shop = run(docs, 'http://shop.example.com/').t;
    const blog = run(docs, 'http://blog.example.com/').t;
    expect(shop.controller).toBe('projectcontour/contour');
    expect(blog.controller).toMatch(/ingress-nginx/);
    expect([shop.status, blog.status]).toEqual([200, 200]);
    expect(stage(shop, 'dns')?.summary).not.toEqual(stage(blog, 'dns')?.summary);
  });
});

describe('load balancing strategies', () => {
  const lb = (policy: string) =>
    proxy(
      'shop',
      `  virtualhost:
    fqdn: shop.example.com
  routes:
    - services: [{name: web, port: 80}]
      loadBalancerPolicy:
${policy}`,
    );
  const pods = (docs: string[], req: Partial<RequestSpec>) => {
    const loaded = loadManifests(docs.join('\n---\n'));
    const cluster = buildCluster(loaded.resources);
    return [1, 2, 3, 4, 5].map(
      (seed) => trace(cluster, { url: 'http://shop.example.com/', ...req }, { seed }).backend?.pod,
    );
  };

  it('RequestHash on a header sends one header value to one pod (request-routing.md)', () => {
    const docs = [
      lb(
        '        strategy: RequestHash\n        requestHashPolicies:\n          - headerHashOptions: {headerName: X-User}\n',
      ),
      APP('web').replace('replicas: 2', 'replicas: 5'),
    ];
    const same = pods(docs, { headers: [['X-User', 'ada']] });
    expect(new Set(same).size).toBe(1);
    // Other users land elsewhere: the hash follows the header's value.
    const users = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay'].map(
      (u) => pods(docs, { headers: [['X-User', u]] })[0],
    );
    expect(new Set(users).size).toBeGreaterThan(1);
  });

  it('Cookie affinity hashes on X-Contour-Session-Affinity', () => {
    const docs = [
      lb('        strategy: Cookie\n'),
      APP('web').replace('replicas: 2', 'replicas: 5'),
    ];
    const pinned = pods(docs, { headers: [['Cookie', 'X-Contour-Session-Affinity=abc123']] });
    expect(new Set(pinned).size).toBe(1);
  });
});
