import { describe, expect, it } from 'vitest';
import {
  applyChange,
  buildCluster,
  lifecycle,
  loadManifests,
  simulate,
  simulationChange,
  trace,
  type Cluster,
  type Lifecycle,
  type LifecycleStageId,
} from '../index.js';
import type { Scenario } from '../model/scenario.js';

const CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

function ingress(
  name: string,
  host: string,
  path: string,
  extra = '',
  pathType = 'Prefix',
): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
spec:
  ingressClassName: nginx
${extra}  rules:
    - host: ${host}
      http:
        paths:
          - path: ${path}
            pathType: ${pathType}
            backend:
              service:
                name: api
                port:
                  number: 80
`;
}

function app(replicas = 2, targetPort: number | string = 8080): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: ${targetPort}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - containerPort: 8080
`;
}

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: shop-tls
  namespace: shop
type: kubernetes.io/tls
data:
  tls.crt: cGxhY2Vob2xkZXI=
  tls.key: cGxhY2Vob2xkZXI=
`;

const TLS = `  tls:
    - hosts:
        - shop.example.com
      secretName: shop-tls
`;

const BASE = [CLASS, ingress('shop', 'shop.example.com', '/api'), app()].join('---\n');

function cluster(yaml: string): Cluster {
  return buildCluster(loadManifests(yaml).resources);
}

/** The lifecycle of `change` applied on top of `base`. */
function change(base: string, changeYaml: string, del = false): Lifecycle {
  const b = loadManifests([{ text: base, file: 'base.yaml' }]);
  const c = loadManifests([{ text: changeYaml, file: 'change.yaml' }]);
  const before = buildCluster(b.resources);
  const after = buildCluster(applyChange(b.resources, c.resources, del ? { delete: true } : {}));
  return lifecycle(before, after, { loadDiagnostics: c.diagnostics, rejected: c.rejected });
}

function initial(yaml: string): Lifecycle {
  const load = loadManifests([{ text: yaml, file: 'all.yaml' }]);
  return lifecycle(undefined, buildCluster(load.resources), {
    loadDiagnostics: load.diagnostics,
    rejected: load.rejected,
  });
}

function stage(l: Lifecycle, id: LifecycleStageId) {
  const s = l.stages.find((x) => x.id === id);
  if (!s) throw new Error(`no stage ${id}`);
  return s;
}

describe('lifecycle: the eleven stages', () => {
  it('tells the story from an empty cluster, in order, on one timeline', () => {
    const l = initial(BASE);
    expect(l.mode).toBe('initial');
    expect(l.stages.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(l.stages.map((s) => s.id)).toEqual([
      'apiServer',
      'controllerWatch',
      'configGenerated',
      'tlsSecret',
      'proxyUpdate',
      'dns',
      'loadBalancer',
      'tlsTermination',
      'routeMatching',
      'backendSelection',
      'forwarded',
    ]);
    for (let i = 1; i < 5; i++)
      expect(l.stages[i]?.startMs).toBeGreaterThanOrEqual(l.stages[i - 1]?.startMs ?? 0);
    expect(l.controllers[0]?.update).toBe('reload');
    expect(l.trace?.status).toBe(200);
    expect(l.request?.url).toBe('http://shop.example.com/api');
    expect(stage(l, 'apiServer').visible).toContain('ingress.networking.k8s.io/shop created');
    expect(stage(l, 'controllerWatch').visible.join('\n')).toContain('Scheduled for sync');
    expect(stage(l, 'proxyUpdate').visible.join('\n')).toContain('Backend successfully reloaded');
    // Before the reload the controller has no route for the host yet: its default backend answers.
    expect(stage(l, 'proxyUpdate').visible.join('\n')).toMatch(
      /gets 404 from the configuration before/,
    );
    expect(stage(l, 'forwarded').outcome).toBe('ok');
    expect(stage(l, 'dns').startMs).toBe(l.programmedAtMs);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(initial(BASE))).toBe(JSON.stringify(initial(BASE)));
  });

  it('1: the API server refuses an object that fails validation', () => {
    const bad = ingress('bad', 'shop.example.com', 'api');
    const l = change(BASE, bad);
    const s = stage(l, 'apiServer');
    expect(s.outcome).toBe('fail');
    expect(s.visible.join('\n')).toMatch(
      /Error from server \(Invalid\): The Ingress "bad" is invalid/,
    );
    expect(s.problems[0]?.source?.name).toBe('bad');
  });

  it("1: ingress-nginx's webhook denies a regex in a Prefix path; nothing reaches the proxy", () => {
    const l = change(BASE, ingress('blog', 'blog.example.com', '/posts/(.*)'));
    const s = stage(l, 'apiServer');
    expect(s.outcome).toBe('fail');
    expect(s.component).toContain('admission webhook');
    expect(s.visible.join('\n')).toContain(
      'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request',
    );
    expect(s.problems.map((p) => p.code)).toContain('RL206');
    expect(l.controllers[0]?.update).toBe('refused');
    expect(stage(l, 'proxyUpdate').outcome).toBe('fail');
    // A refused object is not "ignored by the controller" as well.
    expect(stage(l, 'controllerWatch').problems.map((p) => p.code)).not.toContain('RL208');
  });

  it('2: an Ingress without a class is ignored: no ADDRESS, 404 from the default backend', () => {
    const noClass = ingress('blog', 'blog.example.com', '/').replace(
      '  ingressClassName: nginx\n',
      '',
    );
    const l = change(BASE, noClass);
    const s = stage(l, 'controllerWatch');
    expect(s.outcome).toBe('fail');
    expect(s.problems.map((p) => p.code)).toContain('RL208');
    expect(s.visible.join('\n')).toContain(
      'Ignoring ingress because of error while validating ingress class',
    );
    expect(s.visible.join('\n')).toContain('ADDRESS column stays empty');
    expect(l.controllers[0]?.update).toBe('none');
    expect(l.request?.url).toBe('http://blog.example.com/');
    expect(l.trace?.status).toBe(404);
    expect(stage(l, 'routeMatching').outcome).toBe('fail');
  });

  it('3: a path another Ingress already defines: the older one keeps it', () => {
    const dup = ingress('shop-copy', 'shop.example.com', '/api');
    const l = change(BASE, dup);
    const s = stage(l, 'configGenerated');
    expect(s.problems.map((p) => p.code)).toContain('RL210');
    expect(s.outcome).toBe('warning');
  });

  it('4: a missing TLS Secret: the fake certificate, and the log line that says so', () => {
    const l = initial(
      [CLASS, ingress('shop', 'shop.example.com', '/api', TLS), app()].join('---\n'),
    );
    const s = stage(l, 'tlsSecret');
    expect(s.outcome).toBe('fail');
    expect(s.problems.map((p) => p.symptom).join('\n')).toContain(
      'Kubernetes Ingress Controller Fake Certificate',
    );
    expect(s.visible.join('\n')).toContain(
      'Error getting SSL certificate "shop/shop-tls": local SSL certificate shop/shop-tls was not found. Using default certificate',
    );
    // The request follows over HTTPS and the client refuses the default certificate.
    expect(l.request?.url.startsWith('https://')).toBe(true);
    expect(stage(l, 'tlsTermination').outcome).toBe('fail');
  });

  it('5: a structural change reloads nginx; old workers drain', () => {
    const l = change(BASE, ingress('shop', 'shop.example.com', '/admin'));
    const u = l.controllers[0];
    expect(u?.update).toBe('reload');
    expect(u?.parts).toEqual(['routes']);
    const s = stage(l, 'proxyUpdate');
    expect(s.summary).toMatch(/^reload/);
    expect(s.problems.map((p) => p.what).join('\n')).toContain('worker-shutdown-timeout');
    expect(l.request?.url).toBe('http://shop.example.com/admin');
    expect(l.trace?.status).toBe(200);
  });

  it('5: an endpoint change goes to Lua without a reload, on the next 1 s sync', () => {
    const l = change(BASE, app(3));
    expect(l.changes).toEqual([
      expect.objectContaining({
        action: 'configured',
        kind: 'Deployment',
        detail: 'replicas 2 → 3',
      }),
    ]);
    const u = l.controllers[0];
    expect(u?.update).toBe('dynamic');
    expect(u?.parts).toEqual(['endpoints']);
    expect(u?.programmedAtMs).toBe(1000);
    expect(stage(l, 'proxyUpdate').visible).toContain(
      'no RELOAD event: nginx keeps running with the same nginx.conf',
    );
  });

  it('5: a rotated certificate is posted to Lua: no reload', () => {
    const base = [CLASS, ingress('shop', 'shop.example.com', '/api', TLS), app(), SECRET].join(
      '---\n',
    );
    const rotated = SECRET.replace(/cGxhY2Vob2xkZXI=/g, 'bmV3cGxhY2Vob2xkZXI=');
    const l = change(base, rotated);
    expect(l.changes[0]?.detail).toBe('certificate rotated (tls.crt/tls.key changed)');
    expect(l.controllers[0]?.update).toBe('dynamic');
    expect(l.controllers[0]?.parts).toEqual(['certificates']);
    // Posted as soon as the configuration is built: no wait for the endpoints' sync tick.
    expect(l.controllers[0]?.programmedAtMs).toBe(stage(l, 'configGenerated').endMs);
    expect(l.controllers[0]?.programmedAtMs).toBeLessThan(1000);
  });

  it('5: adding a TLS Secret that was missing changes certificates, not routes', () => {
    const base = [CLASS, ingress('shop', 'shop.example.com', '/api', TLS), app()].join('---\n');
    const l = change(base, SECRET);
    expect(l.controllers[0]?.update).toBe('dynamic');
    expect(l.controllers[0]?.parts).toEqual(['certificates']);
  });

  it('5: nothing the proxy serves changed', () => {
    const l = change(
      BASE,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: shop\ndata:\n  a: b\n',
    );
    expect(l.controllers[0]?.update).toBe('none');
    expect(stage(l, 'proxyUpdate').outcome).toBe('unchanged');
  });

  it('a deleted Ingress reloads and its host falls to the default backend', () => {
    const l = change(BASE, ingress('shop', 'shop.example.com', '/api'), true);
    expect(l.changes[0]?.action).toBe('deleted');
    expect(stage(l, 'apiServer').visible).toContain('ingress.networking.k8s.io "shop" deleted');
    expect(l.controllers[0]?.update).toBe('reload');
  });

  it('6: a name nothing routes does not resolve', () => {
    const b = cluster(BASE);
    const l = lifecycle(undefined, b, { request: { url: 'http://nope.example.com/' } });
    expect(stage(l, 'dns').outcome).toBe('fail');
    expect(stage(l, 'dns').visible.join('\n')).toContain('Could not resolve host');
    expect(stage(l, 'loadBalancer').outcome).toBe('skipped');
  });

  it('7: an address no load balancer has: the connection times out', () => {
    const l = lifecycle(undefined, cluster(BASE), {
      request: { url: 'http://198.51.100.99/api', headers: [['Host', 'shop.example.com']] },
    });
    expect(stage(l, 'loadBalancer').outcome).toBe('fail');
  });

  it('7: a new LoadBalancer Service: the first request waits for the cloud to allocate it', () => {
    const controller = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ingress-nginx
  template:
    metadata:
      labels:
        app: ingress-nginx
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args:
            - /nginx-ingress-controller
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  type: LoadBalancer
  selector:
    app: ingress-nginx
  ports:
    - name: http
      port: 80
      targetPort: http
`;
    const l = initial([BASE, controller].join('---\n'));
    const lb = stage(l, 'loadBalancer');
    expect(lb.visible.join('\n')).toContain('EXTERNAL-IP <pending>');
    expect(stage(l, 'dns').startMs).toBeGreaterThanOrEqual(60_000);
  });

  it('9: a path no location matches gets 404', () => {
    const l = lifecycle(undefined, cluster(BASE), {
      request: { url: 'http://shop.example.com/other' },
    });
    expect(stage(l, 'routeMatching').outcome).toBe('fail');
    expect(l.trace?.status).toBe(404);
  });

  it('10: readiness failing: no ready endpoint, 503', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: api-0
  namespace: shop
  labels:
    app: api
spec:
  containers:
    - name: api
      image: example/api:1
      ports:
        - containerPort: 8080
status:
  conditions:
    - type: Ready
      status: "False"
`;
    const yaml = [
      CLASS,
      ingress('shop', 'shop.example.com', '/api'),
      app().split('---')[0] ?? '',
      pod,
    ].join('---\n');
    const l = initial(yaml);
    expect(stage(l, 'backendSelection').outcome).toBe('fail');
    expect(l.trace?.status).toBe(503);
  });

  it('11: a Service port where nothing listens: 502', () => {
    const l = initial(
      [CLASS, ingress('shop', 'shop.example.com', '/api'), app(2, 9999)].join('---\n'),
    );
    expect(l.trace?.status).toBe(502);
    const s = stage(l, 'forwarded');
    expect(s.outcome).toBe('fail');
    expect(s.problems.map((p) => p.code)).toContain('RL306');
  });

  it('no request: stages 6–11 are skipped, 1–5 still told', () => {
    const l = lifecycle(undefined, cluster(BASE), { request: null });
    expect(l.trace).toBeNull();
    expect(l.stages.slice(5).every((s) => s.outcome === 'skipped')).toBe(true);
    expect(stage(l, 'proxyUpdate').outcome).toBe('ok');
  });

  it('never throws on odd input', () => {
    const empty = buildCluster([]);
    expect(() => lifecycle(undefined, empty)).not.toThrow();
    expect(() => lifecycle(empty, empty)).not.toThrow();
    expect(lifecycle(empty, empty).summary).toMatch(/Nothing changes/);
  });
});

describe('lifecycle: how each family takes a change', () => {
  function as(c: Cluster, family: 'contour' | 'envoy-gateway' | 'traefik' | 'nginx'): Cluster {
    return { ...c, controllers: c.controllers.map((x) => ({ ...x, family })) };
  }
  const before = cluster(BASE);
  const structural = cluster(
    [CLASS, ingress('shop', 'shop.example.com', '/admin'), app()].join('---\n'),
  );
  const scaled = cluster(
    [CLASS, ingress('shop', 'shop.example.com', '/api'), app(3)].join('---\n'),
  );
  const run = (family: Parameters<typeof as>[1], after: Cluster) =>
    lifecycle(as(before, family), as(after, family), { request: null });

  it('structural: ingress-nginx reloads, Envoy families push xDS, Traefik swaps in memory', () => {
    const nginx = run('nginx', structural);
    const contour = run('contour', structural);
    const eg = run('envoy-gateway', structural);
    const traefik = run('traefik', structural);
    expect(nginx.controllers[0]?.update).toBe('reload');
    expect(contour.controllers[0]?.update).toBe('push');
    expect(eg.controllers[0]?.update).toBe('push');
    expect(traefik.controllers[0]?.update).toBe('memory');
    // The webhook, the reload: ingress-nginx is the slowest, Traefik the quickest.
    const at = (l: Lifecycle) => l.programmedAtMs ?? Infinity;
    expect(at(nginx)).toBe(350);
    expect(at(contour)).toBe(260);
    expect(at(traefik)).toBe(150);
    expect(at(traefik)).toBeLessThan(at(eg));
    expect(at(eg)).toBeLessThan(at(nginx));
    expect(stage(contour, 'configGenerated').happens).toContain('holds events back 100 ms');
    expect(stage(contour, 'proxyUpdate').happens).toContain('without a restart');
    expect(stage(traefik, 'proxyUpdate').happens).toContain('no process reload');
  });

  it('endpoints only: ingress-nginx waits for its Lua sync, Envoy gets EDS', () => {
    const nginx = run('nginx', scaled);
    const contour = run('contour', scaled);
    const traefik = run('traefik', scaled);
    expect(nginx.controllers[0]?.update).toBe('dynamic');
    expect(nginx.programmedAtMs).toBe(1000);
    expect(contour.controllers[0]?.update).toBe('push');
    expect(contour.controllers[0]?.parts).toEqual(['endpoints']);
    expect(contour.programmedAtMs).toBe(30 + 100 + 100 + 20 + 10);
    expect(stage(contour, 'proxyUpdate').happens).toContain('EDS');
    expect(traefik.controllers[0]?.update).toBe('memory');
    expect(traefik.programmedAtMs).toBeLessThan(nginx.programmedAtMs ?? 0);
  });
});

describe('trace: a request before the change is programmed', () => {
  const before = cluster(BASE);
  const after = cluster(
    [CLASS, ingress('shop', 'shop.example.com', '/admin'), app()].join('---\n'),
  );

  it('is answered by the old configuration, and says so', () => {
    const t = trace(
      after,
      { url: 'http://shop.example.com/admin' },
      {
        programming: { atMs: 100, programmedAtMs: 350, previous: before },
      },
    );
    expect(t.status).toBe(404);
    expect(t.summary).toContain('not yet programmed');
    const controller = t.stages.find((s) => s.id === 'controller');
    expect(controller?.summary).toContain('old configuration');
    expect(controller?.explanation).toContain('only from 350 ms');
  });

  it('after the reload it is answered by the new one', () => {
    const t = trace(
      after,
      { url: 'http://shop.example.com/admin' },
      {
        programming: { atMs: 400, programmedAtMs: 350, previous: before },
      },
    );
    expect(t.status).toBe(200);
    expect(t.assumptions.join('\n')).toContain('served the new configuration since 350 ms');
  });

  it('tells times of a minute and more as the lifecycle stages do', () => {
    const t = trace(
      after,
      { url: 'http://shop.example.com/admin' },
      {
        programming: { atMs: 90_000, programmedAtMs: 60_000, previous: before },
      },
    );
    expect(t.status).toBe(200);
    expect(t.assumptions.join('\n')).toContain(
      'served the new configuration since 1 min; the request comes at 1 min 30 s.',
    );
  });
});

describe('simulate across a change', () => {
  const before = cluster(BASE);
  const scenario = (url: string) =>
    ({
      name: 'change',
      seed: 1,
      durationMs: 6_000,
      network: {
        clientRttMs: 30,
        podRttMs: 1,
        tlsRoundTrips: 1,
        loadBalancerIdleTimeoutMs: 60_000,
      },
      backends: [],
      traffic: [
        {
          url,
          method: 'GET',
          headers: [],
          bodyBytes: 0,
          ratePerSec: 20,
          clients: 2,
          pattern: 'constant',
          startMs: 0,
          source: before.controllers[0]?.source,
        },
      ],
      faults: [],
      source: before.controllers[0]?.source,
    }) as unknown as Scenario;

  it('a new path answers 404 until the reload, 200 after', () => {
    const after = cluster(
      [CLASS, ingress('shop', 'shop.example.com', '/admin'), app()].join('---\n'),
    );
    const change = simulationChange(before, after, 2_000);
    expect(change.reload).toBe(true);
    expect(change.programmedAtMs).toBe(2_350);
    const run = simulate(before, { scenario: scenario('http://shop.example.com/admin'), change });
    expect(run.outcomes['404']).toBeGreaterThan(30);
    expect(run.outcomes['200']).toBeGreaterThan(60);
    const requests = Object.values(run.outcomes).reduce((a, b) => a + b, 0);
    expect(requests).toBe(run.requests);
    expect(run.events.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'kubectl apply: the change is stored',
        'ingress-nginx reloads: the new configuration serves',
      ]),
    );
    // Requests sent after the reload all reach the new /admin location.
    const late = run.samples.filter((s) => s.arrivalMs > 2_400);
    expect(late.every((s) => s.status === 200)).toBe(true);
  });

  it('an endpoint change needs no reload', () => {
    const after = cluster(
      [CLASS, ingress('shop', 'shop.example.com', '/api'), app(3)].join('---\n'),
    );
    const change = simulationChange(before, after, 1_000);
    expect(change.reload).toBe(false);
    expect(change.programmedAtMs).toBe(2_000);
    const run = simulate(before, { scenario: scenario('http://shop.example.com/api'), change });
    expect(run.outcomes['200']).toBe(run.requests);
    expect(Object.keys(run.perPod)).toHaveLength(3);
  });
});
