/**
 * Traefik v3 behaviours, each with the answer Traefik's docs or source give
 * ([TRF] = traefik/traefik v3.7; semantics.md D for the list).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  lint,
  loadManifests,
  simulate,
  trace,
  type RequestSpec,
  type Trace,
} from '../../index.js';

const APP = (name: string, ns = 'default', opts: { port?: number; ready?: boolean } = {}) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: ${opts.port ?? 8080}}]
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
      containers: [{name: app, image: example/${name}, ports: [{containerPort: 8080}]}]
`;

/** The tutorial's IngressRoute (reverse-proxies-and-kubernetes-ingress, Part 2). */
const TUTORIAL = `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: api-route
spec:
  entryPoints:
    - websecure
  routes:
    - match: Host(\`api.example.com\`) && PathPrefix(\`/api\`)
      kind: Rule
      services:
        - name: api-service
          port: 80
      middlewares:
        - name: rate-limit
  tls:
    certResolver: letsencrypt # Automatic Let's Encrypt
`;

const RATE_LIMIT = `
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: rate-limit}
spec:
  rateLimit: {average: 100, burst: 50}
`;

function route(
  name: string,
  match: string,
  service: string,
  extra: { priority?: number; middlewares?: string[]; entryPoints?: string; tls?: string } = {},
): string {
  return `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: ${name}}
spec:
${extra.entryPoints ?? '  entryPoints: [web]'}
  routes:
    - match: ${match}
      ${extra.priority !== undefined ? `priority: ${extra.priority}` : ''}
      services: [{name: ${service}, port: 80}]
      middlewares: [${(extra.middlewares ?? []).map((m) => `{name: ${m}}`).join(', ')}]
${extra.tls ?? ''}`;
}

function middleware(name: string, spec: string): string {
  return `
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: ${name}}
spec:
${spec}`;
}

/** A Traefik installed by hand, with the flags given. */
function traefik(args: string[]): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: traefik, namespace: traefik}
spec:
  replicas: 1
  selector: {matchLabels: {app: traefik}}
  template:
    metadata: {labels: {app: traefik}}
    spec:
      containers:
        - name: traefik
          image: traefik:v3.7.9
          args:
${args.map((a) => `            - ${a}`).join('\n')}
`;
}

const HELM_ARGS = [
  '--entryPoints.web.address=:8000/tcp',
  '--entryPoints.websecure.address=:8443/tcp',
  '--entryPoints.websecure.http.tls=true',
  '--providers.kubernetescrd',
  '--providers.kubernetesingress',
];

function run(docs: string[], url: string, req: Partial<RequestSpec> = {}, strict = false) {
  const loaded = loadManifests(docs.join('\n---\n'));
  const cluster = buildCluster(loaded.resources, { strict });
  // As curl --resolve: the name leads to the controller's load balancer whether or not DNS knows it.
  const u = new URL(url);
  const port = u.protocol === 'https:' ? 443 : 80;
  const address = cluster.controllers[0]?.address ?? '203.0.113.10';
  const t = trace(cluster, {
    url,
    insecure: true,
    resolve: [{ host: u.hostname, port, address }],
    ...req,
  });
  return { t, cluster, diagnostics: lint(cluster, loaded.diagnostics), load: loaded };
}

const stage = (t: Trace, id: string) => t.stages.find((s) => s.id === id);

describe("the tutorial's IngressRoute", () => {
  it('serves https://api.example.com/api with the certificate letsencrypt obtains', () => {
    const { t, cluster } = run(
      [TUTORIAL, RATE_LIMIT, APP('api-service')],
      'https://api.example.com/api/users',
      {
        insecure: false,
      },
    );
    expect(cluster.controllers.map((c) => c.family)).toEqual(['traefik']);
    expect(t.status).toBe(200);
    expect(t.backend?.service).toBe('api-service');
    expect(stage(t, 'tls')?.explanation).toContain('letsencrypt');
    expect(stage(t, 'match')?.explanation).toContain('Middleware default/rate-limit (RateLimit)');
    // An assumed controller says so ([TRF] Helm chart defaults).
    expect(t.assumptions.join(' ')).toContain('no Traefik is in the YAML');
  });

  it('answers plain HTTP with 404: the router is only on websecure', () => {
    const { t } = run([TUTORIAL, RATE_LIMIT, APP('api-service')], 'http://api.example.com/api');
    expect(t.status).toBe(404);
    expect(stage(t, 'match')?.explanation).toContain('only on entry point websecure');
  });

  it('without its Middleware the router is dropped: 404 ([TRF] pkg/server/middleware/middlewares.go)', () => {
    const { t, diagnostics } = run([TUTORIAL, APP('api-service')], 'https://api.example.com/api');
    expect(t.status).toBe(404);
    const d = diagnostics.find((x) => x.code === 'RL704');
    expect(d?.message).toContain('middleware "default-rate-limit@kubernetescrd" does not exist');
    expect(d?.source?.range.startLine).toBe(16);
    expect(stage(t, 'match')?.explanation).toContain(
      'names this host, but Traefik dropped its router',
    );
  });
});

describe('priority ([TRF] routing/rules-and-priority.md)', () => {
  it('HostRegexp (34) beats Host (26) by length: foobar.traefik.com goes to Router-1', () => {
    const docs = [
      route('router-1', 'HostRegexp(`[a-z]+\\.traefik\\.com`)', 'service-1'),
      route('router-2', 'Host(`foobar.traefik.com`)', 'service-2'),
      APP('service-1'),
      APP('service-2'),
    ];
    const { t } = run(docs, 'http://foobar.traefik.com/');
    expect(t.backend?.service).toBe('service-1');
    expect(stage(t, 'match')?.summary).toContain('priority 34');
  });

  it('an explicit priority settles it: Router-2 (priority 2) over Router-1 (priority 1)', () => {
    const docs = [
      route('router-1', 'HostRegexp(`[a-z]+\\.traefik\\.com`)', 'service-1', { priority: 1 }),
      route('router-2', 'Host(`foobar.traefik.com`)', 'service-2', { priority: 2 }),
      APP('service-1'),
      APP('service-2'),
    ];
    expect(run(docs, 'http://foobar.traefik.com/').t.backend?.service).toBe('service-2');
  });

  it('the longer rule wins even when it is only longer: PathPrefix(`/`) loses to PathPrefix(`/api`)', () => {
    const docs = [
      route('web', 'PathPrefix(`/`)', 'web'),
      route('api', 'PathPrefix(`/api`)', 'api'),
      APP('web'),
      APP('api'),
    ];
    expect(run(docs, 'http://any.example.com/api/x').t.backend?.service).toBe('api');
    expect(run(docs, 'http://any.example.com/other').t.backend?.service).toBe('web');
  });
});

describe('matchers', () => {
  const docs = [
    route('prefix', 'PathPrefix(`/products`)', 'prefix'),
    route('exact', 'Path(`/exact`)', 'exact'),
    APP('prefix'),
    APP('exact'),
  ];

  it('PathPrefix is a string prefix: /products-for-sale matches PathPrefix(`/products`)', () => {
    expect(run(docs, 'http://x.example.com/products-for-sale').t.backend?.service).toBe('prefix');
  });

  it('Path is exact: /exact/ is not Path(`/exact`) ([TRF] rules-and-priority.md)', () => {
    expect(run(docs, 'http://x.example.com/exact').t.backend?.service).toBe('exact');
    expect(run(docs, 'http://x.example.com/exact/').t.status).toBe(404);
  });

  it('Host(`*.example.com`) covers one label (v3.7)', () => {
    const d = [route('w', 'Host(`*.example.com`)', 'w'), APP('w')];
    expect(run(d, 'http://a.example.com/').t.status).toBe(200);
    expect(run(d, 'http://a.b.example.com/').t.status).toBe(404);
    expect(run(d, 'http://example.com/').t.status).toBe(404);
  });

  it('ClientIP looks at the connection, not X-Forwarded-For', () => {
    const d = [route('ip', 'ClientIP(`10.0.0.0/8`)', 'ip'), APP('ip')];
    expect(
      run(d, 'http://x.example.com/', { headers: [['X-Forwarded-For', '10.1.2.3']] }).t.status,
    ).toBe(404);
    expect(run(d, 'http://x.example.com/', { clientIp: '10.1.2.3' }).t.status).toBe(200);
  });

  it('a rule that does not parse drops the router, with the column and the line', () => {
    const { t, diagnostics } = run(
      [route('q', "Host('x.example.com')", 'q'), APP('q')],
      'http://x.example.com/',
    );
    expect(t.status).toBe(404);
    const d = diagnostics.find((x) => x.code === 'RL703');
    expect(d?.message).toMatch(/column 6: single quotes are not accepted/);
    expect(d?.source?.range.startLine).toBe(8);
  });
});

describe('middlewares', () => {
  it('StripPrefix sends the rest of the path and sets X-Forwarded-Prefix ([TRF] stripprefix.md)', () => {
    const docs = [
      route('shop', 'PathPrefix(`/shop`)', 'shop', { middlewares: ['strip'] }),
      middleware('strip', '  stripPrefix: {prefixes: [/shop]}'),
      APP('shop'),
    ];
    const { t } = run(docs, 'http://x.example.com/shop/cart?id=1');
    expect(t.status).toBe(200);
    expect(t.forwarded?.path).toBe('/cart?id=1');
    expect(t.forwarded?.headers['X-Forwarded-Prefix']).toBe('/shop');
  });

  it('RedirectScheme permanent: 301 for GET, 308 for POST ([TRF] redirect.go)', () => {
    const docs = [
      route('r', 'Host(`x.example.com`)', 'r', { middlewares: ['https'] }),
      middleware('https', '  redirectScheme: {scheme: https, permanent: true}'),
      APP('r'),
    ];
    const get = run(docs, 'http://x.example.com/a?b=1').t;
    expect(get.status).toBe(301);
    expect(get.redirect).toBe('https://x.example.com/a?b=1');
    expect(run(docs, 'http://x.example.com/a', { method: 'POST' }).t.status).toBe(308);
  });

  it('IPAllowList answers 403 for a client outside the range ([TRF] ipallowlist.md)', () => {
    const docs = [
      route('r', 'PathPrefix(`/`)', 'r', { middlewares: ['office'] }),
      middleware('office', '  ipAllowList: {sourceRange: [192.0.2.0/24]}'),
      APP('r'),
    ];
    expect(run(docs, 'http://x.example.com/').t.status).toBe(403);
    expect(run(docs, 'http://x.example.com/', { clientIp: '192.0.2.7' }).t.status).toBe(200);
  });

  it('BasicAuth answers 401 with realm "traefik" ([TRF] basicauth.md)', () => {
    const docs = [
      route('r', 'PathPrefix(`/`)', 'r', { middlewares: ['auth'] }),
      middleware('auth', '  basicAuth: {secret: users}'),
      `apiVersion: v1
kind: Secret
metadata: {name: users}
stringData:
  users: "alice:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"`,
      APP('r'),
    ];
    const t = run(docs, 'http://x.example.com/').t;
    expect(t.status).toBe(401);
    expect(t.responseHeaders['WWW-Authenticate']).toBe('Basic realm="traefik"');
  });

  it('a Middleware with two kinds drops the routers using it ([TRF] middlewares.go)', () => {
    const docs = [
      route('r', 'PathPrefix(`/`)', 'r', { middlewares: ['both'] }),
      middleware('both', '  stripPrefix: {prefixes: [/a]}\n  addPrefix: {prefix: /b}'),
      APP('r'),
    ];
    const { t, diagnostics } = run(docs, 'http://x.example.com/');
    expect(t.status).toBe(404);
    expect(diagnostics.find((d) => d.code === 'RL705')?.message).toContain(
      'multi-types middleware not supported',
    );
  });

  it('a Chain applies its middlewares in order', () => {
    const docs = [
      route('r', 'PathPrefix(`/`)', 'r', { middlewares: ['both'] }),
      middleware('both', '  chain: {middlewares: [{name: strip}, {name: add}]}'),
      middleware('strip', '  stripPrefix: {prefixes: [/a]}'),
      middleware('add', '  addPrefix: {prefix: /v1}'),
      APP('r'),
    ];
    expect(run(docs, 'http://x.example.com/a/b').t.forwarded?.path).toBe('/v1/b');
  });

  it('Retry tries the next pod when a connection is refused, not after an answer ([TRF] retry.md)', () => {
    const refusing = APP('r', 'default', { port: 9090 });
    const noRetry = run([route('r', 'PathPrefix(`/`)', 'r'), refusing], 'http://x.example.com/').t;
    expect(noRetry.status).toBe(502);
    expect(noRetry.attempts).toHaveLength(1);
    const retried = run(
      [
        route('r', 'PathPrefix(`/`)', 'r', { middlewares: ['retry'] }),
        middleware('retry', '  retry: {attempts: 3}'),
        refusing,
      ],
      'http://x.example.com/',
    ).t;
    expect(retried.status).toBe(502);
    expect(retried.attempts).toHaveLength(3);
  });
});

describe('services', () => {
  const NO_PODS = `
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing-runs-this}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: other}
spec:
  replicas: 1
  selector: {matchLabels: {app: other}}
  template:
    metadata: {labels: {app: other}}
    spec:
      containers: [{name: app, image: example/other}]
`;

  it('a Service without endpoints drops the route: 404, not 503 (semantics.md D4)', () => {
    const { t, diagnostics } = run(
      [route('r', 'PathPrefix(`/`)', 'empty'), NO_PODS],
      'http://x.example.com/',
    );
    expect(t.status).toBe(404);
    expect(diagnostics.find((d) => d.code === 'RL707')?.message).toContain(
      'no servers found for default/empty',
    );
  });

  it('with allowEmptyServices the route stays and answers 503 "no available server"', () => {
    const { t } = run(
      [
        traefik([...HELM_ARGS, '--providers.kubernetescrd.allowEmptyServices=true']),
        route('r', 'PathPrefix(`/`)', 'empty'),
        NO_PODS,
      ],
      'http://203.0.113.10/',
      { headers: [['Host', 'x.example.com']] },
    );
    expect(t.status).toBe(503);
  });

  it('weights split the requests between services', () => {
    const ir = `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: canary}
spec:
  entryPoints: [web]
  routes:
    - match: PathPrefix(\`/\`)
      services:
        - {name: stable, port: 80, weight: 9}
        - {name: canary, port: 80, weight: 1}
`;
    const { cluster } = run([ir, APP('stable'), APP('canary')], 'http://x.example.com/');
    const table = cluster.controllers[0]?.listeners.find((l) => l.name === 'web')?.table;
    const action = table?.fallback.routes[0]?.action;
    expect(
      action?.kind === 'forward' ? action.backends.map((b) => [b.service, b.weight]) : [],
    ).toEqual([
      ['stable', 9],
      ['canary', 1],
    ]);
  });
});

describe('a Traefik Deployment in the YAML', () => {
  it('reads its entry points, and redirects web to websecure as configured', () => {
    const args = [
      ...HELM_ARGS,
      '--entryPoints.web.http.redirections.entryPoint.to=:443',
      '--entryPoints.web.http.redirections.entryPoint.scheme=https',
    ];
    const docs = [
      traefik(args),
      route('r', 'Host(`x.example.com`)', 'r', { entryPoints: '  entryPoints: [websecure]' }),
      APP('r'),
    ];
    const get = run(docs, 'http://x.example.com/a').t;
    expect(get.status).toBe(301);
    expect(get.redirect).toBe('https://x.example.com/a');
    expect(run(docs, 'http://x.example.com/a', { method: 'POST' }).t.status).toBe(308);
    expect(run(docs, 'https://x.example.com/a').t.status).toBe(200);
  });

  it('without the CRD provider flag it reads no IngressRoute', () => {
    const docs = [
      traefik(['--entryPoints.web.address=:8000/tcp', '--providers.kubernetesingress']),
      route('r', 'PathPrefix(`/`)', 'r'),
      APP('r'),
    ];
    const { t } = run(docs, 'http://x.example.com/');
    expect(t.status).toBe(404);
  });
});

describe('standard Ingress served by Traefik (semantics.md D4)', () => {
  const ING = (annotations = '', cls = '') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-app
${annotations ? `  annotations:\n${annotations}` : ''}
spec:
${cls}  rules:
    - host: myapp.com
      http:
        paths:
          - path: /v1
            pathType: Prefix
            backend: {service: {name: v1, port: {number: 80}}}
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
`;

  it('takes an Ingress without any class (ingress-nginx would not)', () => {
    const { t, cluster } = run(
      [traefik(HELM_ARGS), ING(), APP('v1'), APP('web')],
      'http://myapp.com/v1/x',
    );
    expect(cluster.controllers.map((c) => c.family)).toEqual(['traefik']);
    expect(t.backend?.service).toBe('v1');
  });

  it('Prefix /v1 is a string prefix: /v11 goes to v1 ([TRF] issue #11200)', () => {
    expect(
      run([traefik(HELM_ARGS), ING(), APP('v1'), APP('web')], 'http://myapp.com/v11').t.backend
        ?.service,
    ).toBe('v1');
  });

  it('strictPrefixMatching makes /v11 fall to / (whole segments)', () => {
    const args = [...HELM_ARGS, '--providers.kubernetesingress.strictPrefixMatching=true'];
    const docs = [traefik(args), ING(), APP('v1'), APP('web')];
    expect(run(docs, 'http://myapp.com/v11').t.backend?.service).toBe('web');
    expect(run(docs, 'http://myapp.com/v1/x').t.backend?.service).toBe('v1');
  });

  it('ignores an Ingress whose class annotation is nginx', () => {
    const { cluster } = run(
      [traefik(HELM_ARGS), ING('    kubernetes.io/ingress.class: nginx'), APP('v1'), APP('web')],
      'http://myapp.com/',
    );
    const t = cluster.controllers.find((c) => c.family === 'traefik');
    expect(t?.claimed).toHaveLength(0);
  });

  it('router.entrypoints keeps the router off web', () => {
    const ann = '    traefik.ingress.kubernetes.io/router.entrypoints: websecure';
    const docs = [traefik(HELM_ARGS), ING(ann), APP('v1'), APP('web')];
    expect(run(docs, 'http://myapp.com/').t.status).toBe(404);
    expect(run(docs, 'https://myapp.com/').t.status).toBe(200);
  });
});

describe('RateLimit in a simulation ([TRF] ratelimiter/rate_limiter.go)', () => {
  it('refuses what the token bucket cannot cover with 429, per client and replica', () => {
    const docs = [
      route('shop', 'Host(`shop.example.com`)', 'shop', { middlewares: ['limit'] }),
      middleware('limit', '  rateLimit: {average: 10, burst: 5}'),
      APP('shop'),
      `apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: burst}
spec:
  seed: 7
  duration: 1s
  traffic:
    - {url: "http://shop.example.com/import", rate: 100/s, clients: 1}`,
    ];
    const loaded = loadManifests(docs.join('\n---\n'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = simulate(buildCluster(loaded.resources));
    expect(r.requests).toBe(100);
    // 5 at once (burst), then one token per 100 ms; a request may wait up to 50 ms for one.
    const ok = r.outcomes['200'] ?? 0;
    expect(ok).toBeGreaterThanOrEqual(13);
    expect(ok).toBeLessThanOrEqual(16);
    expect(r.outcomes['429']).toBe(100 - ok);
    expect(r.rateLimited).toBe(100 - ok);
  });

  // [TRF] pkg/middlewares/extractor.go GetSourceExtractor: requestHeaderName groups by
  // "request.header.<name>", which oxy's utils/source.go reads as req.Header.Get(name); the
  // rate limiter keeps one bucket per source (rate_limiter.go: buckets keyed by source).
  it('sourceCriterion with two criteria is an error: the router is dropped', () => {
    const { t, diagnostics } = run(
      [
        route('shop', 'Host(`shop.example.com`)', 'shop', { middlewares: ['limit'] }),
        middleware(
          'limit',
          '  rateLimit: {average: 10, sourceCriterion: {ipStrategy: {depth: 1}, requestHeaderName: X-Tenant}}',
        ),
        APP('shop'),
      ],
      'http://shop.example.com/',
    );
    expect(t.status).toBe(404);
    expect(diagnostics.map((d) => d.message).join('\n')).toContain(
      'getting source extractor: iPStrategy and RequestHeaderName are mutually exclusive',
    );
  });

  it('sourceCriterion.requestHeaderName keeps a bucket per value of the header', () => {
    const run = (traffic: string[]) => {
      const docs = [
        route('shop', 'Host(`shop.example.com`)', 'shop', { middlewares: ['limit'] }),
        middleware(
          'limit',
          '  rateLimit: {average: 10, burst: 5, sourceCriterion: {requestHeaderName: X-Tenant}}',
        ),
        APP('shop'),
        `apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: tenants}
spec:
  seed: 7
  duration: 1s
  traffic:
${traffic.map((t) => `    - {url: "http://shop.example.com/import", rate: 100/s, ${t}}`).join('\n')}`,
      ];
      const loaded = loadManifests(docs.join('\n---\n'));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return simulate(buildCluster(loaded.resources));
    };
    const alone = run(['clients: 1, headers: {X-Tenant: a}']);
    const aloneOk = alone.outcomes['200'] ?? 0;
    expect(aloneOk).toBeGreaterThanOrEqual(13);
    expect(aloneOk).toBeLessThanOrEqual(16);
    // Two tenants: a bucket each, so each gets what one tenant alone gets.
    const two = run(['clients: 1, headers: {X-Tenant: a}', 'clients: 1, headers: {X-Tenant: b}']);
    expect(two.requests).toBe(200);
    expect(two.outcomes['200']).toBeGreaterThanOrEqual(2 * 13);
    expect(two.outcomes['200']).toBeLessThanOrEqual(2 * 16);
    // Two clients of one tenant (50/s each) share its bucket: the client address does not count.
    const shared = run(['clients: 2, headers: {X-Tenant: a}']);
    expect(shared.requests).toBe(100);
    expect(shared.outcomes['200']).toBeLessThanOrEqual(16);
    // Without the header, every request has the source "" and shares one bucket.
    const none = run(['clients: 1', 'clients: 1, headers: {X-Other: b}']);
    expect(none.outcomes['200']).toBeLessThanOrEqual(16);
  });

  // [TRF] pkg/middlewares/inflightreq/inflight_req.go New: "If no source criterion is provided
  // in the config, it defaults to RequestHost" — every client of a Host counts together.
  it('InFlightReq counts the requests of all clients of a Host together, unless told otherwise', () => {
    const run = (criterion: string) => {
      const docs = [
        route('shop', 'Host(`shop.example.com`)', 'shop', { middlewares: ['inflight'] }),
        middleware('inflight', `  inFlightReq: {amount: 2${criterion}}`),
        APP('shop'),
        // Two clients, each with up to two requests in flight (one every 0.5 s, 0.8 s each).
        `apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: slow}
spec:
  seed: 3
  duration: 4s
  backends:
    - service: default/shop
      latency: 800ms
  traffic:
    - {url: "http://shop.example.com/", rate: 2/s, clients: 1}
    - {url: "http://shop.example.com/", rate: 2/s, clients: 1}`,
      ];
      const loaded = loadManifests(docs.join('\n---\n'));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return simulate(buildCluster(loaded.resources));
    };
    // By Host (the default): four in flight against an amount of 2, so about half get 429.
    const byHost = run('');
    expect(byHost.requests).toBe(16);
    expect(byHost.outcomes['429']).toBeGreaterThanOrEqual(4);
    expect((byHost.outcomes['200'] ?? 0) + (byHost.outcomes['429'] ?? 0)).toBe(16);
    // Per client address (an ipStrategy): each client's two fit within the amount.
    const byClient = run(', sourceCriterion: {ipStrategy: {}}');
    expect(byClient.outcomes['429'] ?? 0).toBe(0);
    expect(byClient.outcomes['200']).toBe(16);
  });

  // [TRF] extractor.go: requestHost groups by "request.host", which oxy reads as req.Host.
  it('sourceCriterion.requestHost keeps a bucket per Host value', () => {
    const run = (hosts: string[]) => {
      const docs = [
        route('shop', 'Host(`shop.example.com`) || Host(`store.example.com`)', 'shop', {
          middlewares: ['limit'],
        }),
        middleware(
          'limit',
          '  rateLimit: {average: 10, burst: 5, sourceCriterion: {requestHost: true}}',
        ),
        APP('shop'),
        `apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: hosts}
spec:
  seed: 7
  duration: 1s
  traffic:
${hosts.map((h) => `    - {url: "http://${h}/import", rate: 100/s, clients: 1}`).join('\n')}`,
      ];
      const loaded = loadManifests(docs.join('\n---\n'));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return simulate(buildCluster(loaded.resources));
    };
    const alone = run(['shop.example.com']);
    const aloneOk = alone.outcomes['200'] ?? 0;
    expect(aloneOk).toBeGreaterThanOrEqual(13);
    expect(aloneOk).toBeLessThanOrEqual(16);
    // Two Hosts: a bucket each, whatever the client.
    const two = run(['shop.example.com', 'store.example.com']);
    expect(two.requests).toBe(200);
    expect(two.outcomes['200']).toBeGreaterThanOrEqual(2 * 13);
    expect(two.outcomes['200']).toBeLessThanOrEqual(2 * 16);
    // Two clients of one Host share its bucket.
    const shared = run(['shop.example.com', 'shop.example.com']);
    expect(shared.outcomes['200']).toBeLessThanOrEqual(16);
  });
});

describe('examples/traefik.yaml', () => {
  const text = readFileSync(new URL('../../../../examples/traefik.yaml', import.meta.url), 'utf8');
  const loaded = loadManifests(text);
  const cluster = buildCluster(loaded.resources);
  const go = (url: string, req: Partial<RequestSpec> = {}) =>
    trace(cluster, { url, insecure: true, ...req });

  it('loads without errors and lints clean', () => {
    const ds = lint(cluster, loaded.diagnostics);
    expect(ds.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('does what its comments say', () => {
    const api = go('https://shop.example.com/api/cart');
    expect(api.backend?.service).toBe('api');
    expect(api.forwarded?.path).toBe('/cart');
    expect(go('https://shop.example.com/apiary').backend?.service).toBe('api');
    expect(go('https://shop.example.com/').backend?.service).toBe('web');
    const plain = go('http://shop.example.com/');
    expect([plain.status, plain.redirect]).toEqual([301, 'https://shop.example.com/']);
    const preview = go('https://pr-42.example.com/', {
      insecure: false,
      resolve: [
        { host: 'pr-42.example.com', port: 443, address: cluster.controllers[0]?.address ?? '' },
      ],
    });
    expect(preview.backend?.service).toBe('web');
  });

  it('without priority: 1 the preview HostRegexp takes the shop too, and lint says so', () => {
    const changed = loadManifests(text.replace('      priority: 1\n', ''));
    const c = buildCluster(changed.resources);
    expect(
      trace(c, { url: 'https://shop.example.com/', insecure: true }).stages.find(
        (s) => s.id === 'match',
      )?.summary,
    ).toContain('HostRegexp');
    expect(lint(c, changed.diagnostics).some((d) => d.code === 'RL706')).toBe(true);
  });
});

describe("the tutorial's Ingress for Traefik (what-is-a-reverse-proxy)", () => {
  // As written there: no class, and the annotation under traefik.io/.
  const SEED = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-app
  annotations:
    traefik.io/router.entrypoints: websecure
spec:
  rules:
  - host: myapp.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: my-service
            port:
              number: 80
`;

  it('Traefik reads it and routes myapp.com to my-service', () => {
    const { t, cluster } = run([SEED, APP('my-service')], 'http://myapp.com/');
    expect(cluster.controllers.map((c) => c.family)).toEqual(['traefik']);
    expect(t.backend?.service).toBe('my-service');
  });

  it('but the traefik.io/ annotation is not read: the router is on web too, and lint says so', () => {
    const { diagnostics } = run([SEED, APP('my-service')], 'http://myapp.com/');
    expect(diagnostics.find((d) => d.code === 'RL713')?.fix?.title).toContain(
      'traefik.ingress.kubernetes.io/router.entrypoints',
    );
  });

  it("and HTTPS gets the default certificate: nothing asks Let's Encrypt for myapp.com", () => {
    const { t } = run([SEED, APP('my-service')], 'https://myapp.com/', { insecure: false });
    expect(t.status).toBeNull();
    expect(stage(t, 'tls')?.explanation).toContain('TRAEFIK DEFAULT CERT');
  });
});

describe('more Ingress features through Traefik (semantics.md D4)', () => {
  const ingress = (spec: string, annotations = '') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
${spec}`;
  const host = (h: string, svc: string) => `  rules:
    - host: "${h}"
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: ${svc}, port: {number: 80}}}
`;

  it('a wildcard host becomes a one-label HostRegexp ([TRF] kubernetes.go buildHostRule)', () => {
    const docs = [traefik(HELM_ARGS), ingress(host('*.example.com', 'a')), APP('a')];
    expect(run(docs, 'http://x.example.com/').t.backend?.service).toBe('a');
    expect(run(docs, 'http://x.y.example.com/').t.status).toBe(404);
  });

  it('router.middlewares needs <namespace>-<name>@kubernetescrd; a bare name is looked up in the Ingress provider', () => {
    const mw = middleware(
      'hdr',
      '  headers:\n    customRequestHeaders: {X-Team: shop}\n    customResponseHeaders: {X-Served-By: traefik}',
    );
    const good = run(
      [
        traefik(HELM_ARGS),
        ingress(
          host('a.example.com', 'a'),
          '    traefik.ingress.kubernetes.io/router.middlewares: default-hdr@kubernetescrd',
        ),
        mw,
        APP('a'),
      ],
      'http://a.example.com/',
    ).t;
    expect(good.forwarded?.headers['X-Team']).toBe('shop');
    expect(good.responseHeaders['X-Served-By']).toBe('traefik');
    const bare = run(
      [
        traefik(HELM_ARGS),
        ingress(
          host('a.example.com', 'a'),
          '    traefik.ingress.kubernetes.io/router.middlewares: hdr',
        ),
        mw,
        APP('a'),
      ],
      'http://a.example.com/',
    );
    expect(bare.t.status).toBe(404);
    expect(bare.diagnostics.find((d) => d.code === 'RL704')?.message).toContain(
      'middleware "hdr@kubernetes" does not exist',
    );
  });

  it('spec.defaultBackend of an Ingress without rules catches what no other router takes', () => {
    const docs = [
      traefik(HELM_ARGS),
      ingress('  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n'),
      route('a', 'Host(`a.example.com`)', 'a'),
      APP('a'),
      APP('fallback'),
    ];
    expect(run(docs, 'http://a.example.com/').t.backend?.service).toBe('a');
    expect(run(docs, 'http://other.example.com/').t.backend?.service).toBe('fallback');
  });

  it("with a default IngressClass of nginx, an Ingress without class is nginx's, not Traefik's", () => {
    const cls = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-nginx}`;
    const { cluster } = run(
      [traefik(HELM_ARGS), cls, ingress(host('a.example.com', 'a')), APP('a')],
      'http://a.example.com/',
    );
    const t = cluster.controllers.find((c) => c.family === 'traefik');
    expect(t?.claimed).toHaveLength(0);
    expect(t?.ignored[0]?.reason).toContain('"nginx" is not one of Traefik\'s');
  });
});

describe('Traefik and ingress-nginx side by side', () => {
  const NGINX = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  replicas: 1
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args: [/nginx-ingress-controller, --ingress-class=nginx]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: traefik}
spec: {controller: traefik.io/ingress-controller}`;
  const ING = (name: string, cls: string, h: string, svc: string) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}}
spec:
  ingressClassName: ${cls}
  rules:
    - host: ${h}
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: ${svc}, port: {number: 80}}}}`;

  it('each controller serves the Ingresses of its class, at its own address', () => {
    const docs = [
      NGINX,
      traefik(HELM_ARGS),
      ING('public', 'nginx', 'www.example.com', 'a'),
      ING('internal', 'traefik', 'admin.example.com', 'b'),
      APP('a'),
      APP('b'),
    ];
    const loaded = loadManifests(docs.join('\n---\n'));
    const cluster = buildCluster(loaded.resources);
    const byFamily = Object.fromEntries(cluster.controllers.map((c) => [c.family, c]));
    expect(byFamily.traefik?.claimed.map((r) => r.meta.name)).toEqual(['internal']);
    expect(byFamily.nginx?.claimed.map((r) => r.meta.name)).toEqual(['public']);
    expect(byFamily.traefik?.address).not.toBe(byFamily.nginx?.address);
    const admin = trace(cluster, { url: 'http://admin.example.com/' });
    expect(admin.backend?.service).toBe('b');
    expect(admin.stages.find((s) => s.id === 'controller')?.summary).toContain('Traefik');
    const www = trace(cluster, { url: 'http://www.example.com/' });
    expect(www.backend?.service).toBe('a');
    expect(www.stages.find((s) => s.id === 'controller')?.summary).toContain('ingress-nginx');
  });
});

describe('what the providers refuse or routelab leaves out', () => {
  it('a router.priority that is not an integer makes Traefik skip the Ingress ([TRF] ingress/annotations.go)', () => {
    const ing = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bad
  annotations:
    traefik.ingress.kubernetes.io/router.priority: high
spec:
  rules:
    - host: a.example.com
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]`;
    const { t, diagnostics } = run([traefik(HELM_ARGS), ing, APP('a')], 'http://a.example.com/');
    expect(t.status).toBe(404);
    expect(diagnostics.find((d) => d.code === 'RL713')?.message).toContain(
      'Failed to parse annotations',
    );
  });

  it('a TraefikService is not modelled: said as an assumption, not as Traefik refusing it', () => {
    const ir = `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: wrr}
spec:
  entryPoints: [web]
  routes:
    - match: PathPrefix(\`/\`)
      services: [{name: split, kind: TraefikService}]`;
    const { diagnostics } = run([ir], 'http://a.example.com/');
    const d = diagnostics.find((x) => x.code === 'RL709');
    expect(d?.severity).toBe('info');
    expect(d?.message).toContain('routelab leaves out');
  });
});

describe('IPAllowList with ipStrategy.depth ([TRF] ipallowlist.md, pkg/middlewares/forwardedheaders)', () => {
  const docs = (args: string[]) => [
    traefik(args),
    route('r', 'Host(`x.example.com`)', 'r', { middlewares: ['office'] }),
    middleware(
      'office',
      '  ipAllowList:\n    sourceRange: [192.0.2.0/24]\n    ipStrategy: {depth: 1}',
    ),
    APP('r'),
  ];
  const xff = { headers: [['X-Forwarded-For', '192.0.2.7']] as [string, string][] };

  it('reads X-Forwarded-For only when the entry point trusts it; otherwise Traefik dropped it: 403', () => {
    expect(run(docs(HELM_ARGS), 'http://x.example.com/', xff).t.status).toBe(403);
    const trusting = [...HELM_ARGS, '--entryPoints.web.forwardedHeaders.insecure=true'];
    expect(run(docs(trusting), 'http://x.example.com/', xff).t.status).toBe(200);
  });
});
