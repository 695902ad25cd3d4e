/**
 * ingress-nginx behaviours from issue 2 §4, each with the answer the real controller
 * gives (semantics.md B4-B10 for the sources).
 */
import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  lint,
  loadManifests,
  trace,
  type RequestSpec,
  type Trace,
} from '../index.js';

const SVC = (name: string, ns = 'shop', targetPort: string | number = 8080) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: ${targetPort}}]
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
      containers: [{name: app, image: example/${name}, ports: [{name: http, containerPort: 8080}]}]
`;

function ingress(
  opts: {
    name?: string;
    annotations?: Record<string, string>;
    paths?: string;
    host?: string;
    tls?: string;
    extra?: string;
  } = {},
): string {
  const ann = opts.annotations ?? {};
  const annText = Object.keys(ann).length
    ? `  annotations:\n${Object.entries(ann)
        .map(([k, v]) => `    nginx.ingress.kubernetes.io/${k}: "${v}"`)
        .join('\n')}\n`
    : '';
  return `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${opts.name ?? 'shop'}
  namespace: shop
${annText}spec:
  ingressClassName: nginx
${opts.tls ?? ''}${opts.extra ?? ''}  rules:
    - host: ${opts.host ?? 'shop.example.com'}
      http:
        paths:
${
  opts.paths ??
  `          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}`
}
`;
}

const BASE = [SVC('api'), SVC('web')];

function run(docs: string[], url: string, req: Partial<RequestSpec> = {}, strict = false) {
  const loaded = loadManifests(docs.join('\n---\n'));
  const cluster = buildCluster(loaded.resources, { strict });
  const t = trace(cluster, { url, insecure: true, ...req });
  return { t, cluster, diagnostics: lint(cluster, loaded.diagnostics) };
}

const stage = (t: Trace, id: string) => t.stages.find((s) => s.id === id);

describe('routing basics', () => {
  it('routes by longest prefix to the right Service and pod', () => {
    const { t } = run([ingress(), ...BASE], 'http://shop.example.com/api/users');
    expect(t.status).toBe(200);
    expect(t.backend?.service).toBe('api');
    expect(t.backend?.pod).toMatch(/^api-/);
    expect(t.stages.map((s) => s.id)).toEqual([
      'dns',
      'l4lb',
      'controller',
      'tls',
      'match',
      'endpoints',
      'upstream',
      'pod',
    ]);
    expect(stage(t, 'match')?.summary).toContain('location /api/');
  });

  it('answers 404 from the default backend for an unknown host, naming the served hosts', () => {
    const { t } = run([ingress(), ...BASE], 'http://203.0.113.10/', {
      headers: [['Host', 'other.example.com']],
    });
    expect(t.status).toBe(404);
    expect(stage(t, 'match')?.explanation).toContain('shop.example.com');
    expect(t.backend).toBeNull();
  });

  it('uses spec.defaultBackend for unmatched paths of its host', () => {
    const paths = `          - path: /api
            pathType: Exact
            backend: {service: {name: api, port: {number: 80}}}`;
    const { t } = run(
      [
        ingress({ paths, extra: '  defaultBackend: {service: {name: web, port: {number: 80}}}\n' }),
        ...BASE,
      ],
      'http://shop.example.com/other',
    );
    expect(t.status).toBe(200);
    expect(t.backend?.service).toBe('web');
  });

  it('an Ingress without a class is ignored: 404 and RL208', () => {
    const doc = ingress().replace('  ingressClassName: nginx\n', '');
    const { t, diagnostics } = run([doc, ...BASE], 'http://shop.example.com/api');
    expect(t.status).toBe(404);
    expect(diagnostics.map((d) => d.code)).toContain('RL208');
    expect(stage(t, 'controller')?.explanation).toContain('ignores it');
  });

  it('the default IngressClass claims a class-less Ingress', () => {
    const cls = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-nginx}`;
    const doc = ingress().replace('  ingressClassName: nginx\n', '');
    const { t } = run([cls, doc, ...BASE], 'http://shop.example.com/api');
    expect(t.status).toBe(200);
  });
});

describe('backends', () => {
  it('a missing Service is assumed by default and 503 in strict mode', () => {
    const { t } = run([ingress()], 'http://shop.example.com/api');
    expect(t.status).toBe(200);
    expect(t.backend?.assumed).toBe(true);
    expect(t.assumptions.join(' ')).toContain('not in the YAML');
    const strict = run([ingress()], 'http://shop.example.com/api', {}, true).t;
    expect(strict.status).toBe(503);
  });

  it('no ready endpoints gives 503', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: api-0, namespace: shop, labels: {app: api}}
spec: {containers: [{name: a, image: x, ports: [{containerPort: 8080}]}]}
status:
  conditions: [{type: Ready, status: "False"}]`;
    const svc = SVC('api').split('---')[0] ?? '';
    const { t } = run([ingress(), svc, pod, SVC('web')], 'http://shop.example.com/api');
    expect(t.status).toBe(503);
    expect(stage(t, 'endpoints')?.explanation).toContain('ready');
  });

  it('a backend port the Service does not have gives 503 and RL302', () => {
    const paths = `          - path: /
            pathType: Prefix
            backend: {service: {name: api, port: {number: 9999}}}`;
    const { t, diagnostics } = run([ingress({ paths }), ...BASE], 'http://shop.example.com/');
    expect(t.status).toBe(503);
    expect(diagnostics.map((d) => d.code)).toContain('RL302');
  });

  it('a targetPort nothing listens on gives 502 after proxy-next-upstream-tries attempts', () => {
    const { t } = run(
      [ingress(), SVC('api', 'shop', 9090), SVC('web')],
      'http://shop.example.com/api',
    );
    expect(t.status).toBe(502);
    // 3 tries over 2 pods: the Lua balancer adds a try per pick (set_more_tries(1)), so the
    // third try goes back to the first pod ([INX] balancer.lua; semantics.md B5).
    expect(t.attempts.length).toBe(3);
    expect(t.attempts[2]?.pod).toBe(t.attempts[0]?.pod);
    expect(t.attempts.every((a) => a.outcome === 'refused')).toBe(true);
  });
});

describe('TLS and redirects', () => {
  const tls = `  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n`;
  const secret = `apiVersion: v1
kind: Secret
metadata: {name: shop-tls, namespace: shop}
type: kubernetes.io/tls
stringData: {tls.crt: placeholder, tls.key: placeholder}`;

  it('ssl-redirect answers 308 only for a host with a certificate', () => {
    const withTls = run([ingress({ tls }), secret, ...BASE], 'http://shop.example.com/api/x/').t;
    expect(withTls.status).toBe(308);
    expect(withTls.redirect).toBe('https://shop.example.com/api/x');
    const without = run([ingress(), ...BASE], 'http://shop.example.com/api/x').t;
    expect(without.status).toBe(200);
  });

  it('force-ssl-redirect redirects even without a certificate', () => {
    const { t } = run(
      [ingress({ annotations: { 'force-ssl-redirect': 'true' } }), ...BASE],
      'http://shop.example.com/api?a=1',
    );
    expect(t.status).toBe(308);
    expect(t.redirect).toBe('https://shop.example.com/api?a=1');
  });

  it('SNI selects the Secret; a missing Secret serves the fake certificate, which curl rejects', () => {
    const ok = run([ingress({ tls }), secret, ...BASE], 'https://shop.example.com/api', {
      insecure: false,
    }).t;
    expect(ok.status).toBe(200);
    expect(ok.tls).toMatchObject({ secret: 'shop/shop-tls', defaultCertificate: false });
    const missing = run([ingress({ tls }), ...BASE], 'https://shop.example.com/api', {
      insecure: false,
    });
    expect(missing.t.status).toBeNull();
    expect(missing.t.error).toContain('certificate');
    expect(missing.t.tls?.defaultCertificate).toBe(true);
    expect(missing.diagnostics.map((d) => d.code)).toContain('RL402');
  });

  it('a request to the address without SNI gets the default certificate', () => {
    const { t } = run([ingress({ tls }), secret, ...BASE], 'https://203.0.113.10/api', {
      headers: [['Host', 'shop.example.com']],
    });
    expect(t.tls?.defaultCertificate).toBe(true);
    expect(t.status).toBe(200); // insecure: routing still goes by Host
  });

  it('a Prefix path with a trailing slash answers 301 for the path without it', () => {
    const paths = `          - path: /docs/
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}`;
    const { t } = run([ingress({ paths }), ...BASE], 'http://shop.example.com/docs?x=1');
    expect(t.status).toBe(301);
    expect(t.redirect).toBe('http://shop.example.com/docs/?x=1');
  });

  it('app-root answers 302 for /', () => {
    const paths = `          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}`;
    const { t } = run(
      [ingress({ paths, annotations: { 'app-root': '/app' } }), ...BASE],
      'http://shop.example.com/',
    );
    expect(t.status).toBe(302);
    expect(t.redirect).toBe('http://shop.example.com/app');
  });

  it('permanent-redirect and temporal-redirect answer 301 and 302 with the URL as given', () => {
    const p = run(
      [ingress({ annotations: { 'permanent-redirect': 'https://new.example.com' } }), ...BASE],
      'http://shop.example.com/api/x',
    ).t;
    expect([p.status, p.redirect]).toEqual([301, 'https://new.example.com']);
    const tmp = run(
      [ingress({ annotations: { 'temporal-redirect': 'https://tmp.example.com/' } }), ...BASE],
      'http://shop.example.com/',
    ).t;
    expect(tmp.status).toBe(302);
  });
});

describe('rewrite, limits and access', () => {
  it('rewrite-target with capture groups', () => {
    const paths = `          - path: /something(/|$)(.*)
            pathType: ImplementationSpecific
            backend: {service: {name: web, port: {number: 80}}}`;
    const doc = ingress({ paths, annotations: { 'rewrite-target': '/$2', 'use-regex': 'true' } });
    expect(run([doc, ...BASE], 'http://shop.example.com/something').t.forwarded?.path).toBe('/');
    expect(run([doc, ...BASE], 'http://shop.example.com/something/').t.forwarded?.path).toBe('/');
    expect(run([doc, ...BASE], 'http://shop.example.com/something/new?q=1').t.forwarded?.path).toBe(
      '/new?q=1',
    );
  });

  it('proxy-body-size: a body over the limit is 413 before any redirect', () => {
    const { t } = run(
      [ingress({ annotations: { 'proxy-body-size': '1m' } }), ...BASE],
      'http://shop.example.com/api',
      { method: 'POST', bodyBytes: 2 * 1024 * 1024 },
    );
    expect(t.status).toBe(413);
    const ok = run(
      [ingress({ annotations: { 'proxy-body-size': '8m' } }), ...BASE],
      'http://shop.example.com/api',
      { method: 'POST', bodyBytes: 2 * 1024 * 1024 },
    ).t;
    expect(ok.status).toBe(200);
  });

  it('allowlist and denylist answer 403 for the address nginx sees', () => {
    const allow = ingress({ annotations: { 'allowlist-source-range': '10.0.0.0/8' } });
    expect(
      run([allow, ...BASE], 'http://shop.example.com/api', { clientIp: '198.51.100.7' }).t.status,
    ).toBe(403);
    expect(
      run([allow, ...BASE], 'http://shop.example.com/api', { clientIp: '10.1.2.3' }).t.status,
    ).toBe(200);
    const deny = ingress({ annotations: { 'denylist-source-range': '198.51.100.0/24' } });
    expect(
      run([deny, ...BASE], 'http://shop.example.com/api', { clientIp: '198.51.100.7' }).t.status,
    ).toBe(403);
  });

  it('basic auth: 401 without credentials, 200 with a known user, 503 when the Secret is missing', () => {
    const doc = ingress({
      annotations: { 'auth-type': 'basic', 'auth-secret': 'basic-auth', 'auth-realm': 'Shop' },
    });
    const secret = `apiVersion: v1
kind: Secret
metadata: {name: basic-auth, namespace: shop}
stringData: {auth: "alice:$apr1$abc$def"}`;
    const none = run([doc, secret, ...BASE], 'http://shop.example.com/api').t;
    expect(none.status).toBe(401);
    expect(none.responseHeaders['WWW-Authenticate']).toBe('Basic realm="Shop"');
    const alice = run([doc, secret, ...BASE], 'http://shop.example.com/api', {
      headers: [['Authorization', 'Basic YWxpY2U6c2VjcmV0']],
    }).t;
    expect(alice.status).toBe(200);
    expect(run([doc, ...BASE], 'http://shop.example.com/api').t.status).toBe(503);
  });
});

describe('canary', () => {
  const canary = (ann: Record<string, string>) =>
    ingress({
      name: 'shop-canary',
      annotations: { canary: 'true', ...ann },
      paths: `          - path: /api
            pathType: Prefix
            backend: {service: {name: api-v2, port: {number: 80}}}`,
    });
  const docs = (ann: Record<string, string>) => [ingress(), canary(ann), ...BASE, SVC('api-v2')];

  it('by header: always, never, and an exact value', () => {
    expect(
      run(docs({ 'canary-by-header': 'X-Canary' }), 'http://shop.example.com/api', {
        headers: [['X-Canary', 'always']],
      }).t.backend?.service,
    ).toBe('api-v2');
    expect(
      run(
        docs({ 'canary-by-header': 'X-Canary', 'canary-weight': '100' }),
        'http://shop.example.com/api',
        { headers: [['X-Canary', 'never']] },
      ).t.backend?.service,
    ).toBe('api');
    expect(
      run(
        docs({ 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'v2' }),
        'http://shop.example.com/api',
        { headers: [['X-Canary', 'v2']] },
      ).t.backend?.service,
    ).toBe('api-v2');
  });

  it('by cookie', () => {
    expect(
      run(docs({ 'canary-by-cookie': 'canary' }), 'http://shop.example.com/api', {
        headers: [['Cookie', 'canary=always']],
      }).t.backend?.service,
    ).toBe('api-v2');
  });

  it('by weight: about the configured share over many seeds', () => {
    const loaded = loadManifests(docs({ 'canary-weight': '30' }).join('\n---\n'));
    const cluster = buildCluster(loaded.resources);
    let v2 = 0;
    for (let seed = 1; seed <= 1000; seed++)
      if (
        trace(cluster, { url: 'http://shop.example.com/api' }, { seed }).backend?.service ===
        'api-v2'
      )
        v2++;
    expect(v2).toBeGreaterThan(250);
    expect(v2).toBeLessThan(350);
  });
});

describe('forwarded headers', () => {
  const cm = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data:
${data}`;

  it('replaces X-Forwarded-For by default, and trusts it with use-forwarded-headers', () => {
    const req = {
      clientIp: '198.51.100.7',
      headers: [['X-Forwarded-For', '1.2.3.4']] as [string, string][],
    };
    const off = run([ingress(), ...BASE], 'http://shop.example.com/api', req).t;
    expect(off.forwarded?.headers['X-Forwarded-For']).toBe('198.51.100.7');
    expect(off.forwarded?.headers['X-Real-IP']).toBe('198.51.100.7');
    expect(off.forwarded?.headers['X-Original-Forwarded-For']).toBe('1.2.3.4');
    const on = run(
      [ingress(), cm('  use-forwarded-headers: "true"'), ...BASE],
      'http://shop.example.com/api',
      req,
    ).t;
    expect(on.forwarded?.headers['X-Real-IP']).toBe('1.2.3.4');
    expect(on.forwarded?.headers['X-Forwarded-Proto']).toBe('http');
  });

  it('a spoofed X-Forwarded-For passes an allowlist when use-forwarded-headers is on', () => {
    const doc = ingress({ annotations: { 'allowlist-source-range': '10.0.0.0/8' } });
    const req = {
      clientIp: '198.51.100.7',
      headers: [['X-Forwarded-For', '10.9.9.9']] as [string, string][],
    };
    expect(run([doc, ...BASE], 'http://shop.example.com/api', req).t.status).toBe(403);
    expect(
      run([doc, cm('  use-forwarded-headers: "true"'), ...BASE], 'http://shop.example.com/api', req)
        .t.status,
    ).toBe(200);
  });

  it('the ConfigMap changes defaults that annotations can override', () => {
    const loaded = loadManifests(
      [ingress(), cm('  proxy-read-timeout: "120"'), ...BASE].join('\n---\n'),
    );
    const table = buildCluster(loaded.resources).controllers[0]?.listeners[0]?.table;
    const route = table?.virtualHosts[0]?.routes.find((r) => r.label === 'location /api/');
    expect(route?.policy.timeouts.readMs).toBe(120_000);
    const over = loadManifests(
      [
        ingress({ annotations: { 'proxy-read-timeout': '300' } }),
        cm('  proxy-read-timeout: "120"'),
        ...BASE,
      ].join('\n---\n'),
    );
    const r2 = buildCluster(
      over.resources,
    ).controllers[0]?.listeners[0]?.table.virtualHosts[0]?.routes.find(
      (r) => r.label === 'location /api/',
    );
    expect(r2?.policy.timeouts.readMs).toBe(300_000);
  });
});
