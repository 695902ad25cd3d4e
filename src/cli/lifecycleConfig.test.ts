import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './program.js';

const CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

function ingress(path: string, extra = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
${extra}spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: ${path}
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
`;
}

function app(replicas: number): string {
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
      targetPort: 8080
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

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend
  namespace: default
spec:
  parentRefs:
    - name: eg
  hostnames:
    - www.example.com
  rules:
    - backendRefs:
        - name: backend
          port: 3000
---
apiVersion: v1
kind: Service
metadata:
  name: backend
  namespace: default
spec:
  selector:
    app: backend
  ports:
    - port: 3000
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'routelab-lifecycle-'));
  await writeFile(path.join(dir, 'shop.yaml'), [CLASS, ingress('/api'), app(2)].join('---\n'));
  await writeFile(path.join(dir, 'scale.yaml'), app(3));
  await writeFile(path.join(dir, 'path.yaml'), ingress('/admin'));
  await writeFile(
    path.join(dir, 'regex.yaml'),
    ingress('/posts/(.*)').replace('name: shop\n  namespace', 'name: blog\n  namespace'),
  );
  await writeFile(path.join(dir, 'gateway.yaml'), GATEWAY);
  await writeFile(
    path.join(dir, "it's.yaml"),
    [
      CLASS,
      ingress('/api', '  annotations:\n    nginx.ingress.kubernetes.io/proxy-body-sise: 8m\n'),
      app(2),
    ].join('---\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    stdin: '',
    color: false,
    columns: 100,
    cwd: dir,
    now: () => new Date('2025-06-01T12:00:00Z'),
  });
  return { code, out, err };
}

interface LifecycleJson {
  mode: string;
  summary: string;
  programmedAtMs: number | null;
  controllers: { update: string; parts: string[]; programmedAtMs: number | null }[];
  stages: {
    id: string;
    step: number;
    outcome: string;
    startMs: number;
    endMs: number;
    visible: string[];
  }[];
  trace: { status: number | null } | null;
}

describe('routelab lifecycle', () => {
  it('tells the eleven stages from an empty cluster, exit 0', async () => {
    const r = await cli(['lifecycle', '-f', 'shop.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('kubectl apply -f shop.yaml (on an empty cluster)');
    for (let step = 1; step <= 11; step++) expect(r.out).toMatch(new RegExp(`^ ?${step}\\. `, 'm'));
    expect(r.out).toContain('$ ingress.networking.k8s.io/shop created');
    expect(r.out).toContain('"Backend successfully reloaded"');
  });

  it('-o json: an endpoint change is a dynamic update on the next 1 s Lua sync', async () => {
    const r = await cli(['lifecycle', '-f', 'shop.yaml', '--change', 'scale.yaml', '-o', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as LifecycleJson;
    expect(j.mode).toBe('change');
    expect(j.controllers[0]).toMatchObject({
      update: 'dynamic',
      parts: ['endpoints'],
      programmedAtMs: 1000,
    });
    expect(j.stages).toHaveLength(11);
    expect(j.trace?.status).toBe(200);
  });

  it('a new path is a reload; --url chooses the request', async () => {
    const r = await cli([
      'lifecycle',
      '-f',
      'shop.yaml',
      '--change',
      'path.yaml',
      '--url',
      'http://shop.example.com/api',
      '-o',
      'json',
    ]);
    const j = JSON.parse(r.out) as LifecycleJson;
    expect(j.controllers[0]?.update).toBe('reload');
    // The new Ingress no longer has /api: after the reload it falls to the default backend.
    expect(j.trace?.status).toBe(404);
    expect(r.code).toBe(1);
  });

  it('a change the webhook refuses exits 1 and says why', async () => {
    const r = await cli(['lifecycle', '-f', 'shop.yaml', '--change', 'regex.yaml']);
    expect(r.code).toBe(1);
    expect(r.out.replace(/\s+/g, ' ')).toContain(
      'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request',
    );
  });

  it('--delete removes the objects', async () => {
    const r = await cli(['lifecycle', '-f', 'shop.yaml', '--delete', 'path.yaml', '-o', 'json']);
    const j = JSON.parse(r.out) as LifecycleJson;
    expect(j.controllers[0]?.update).toBe('reload');
  });

  it('counts the warnings it does not show, with a lint command the shell can run', async () => {
    const r = await cli(['lifecycle', '-f', "it's.yaml"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("routelab: 1 warning not shown; see routelab lint -f 'it'\\''s.yaml'\n");
  });

  it('bad usage exits 3', async () => {
    expect((await cli(['lifecycle', '-f', 'missing.yaml'])).code).toBe(3);
    const nope = await cli(['lifecycle', '-f', 'shop.yaml', '--controller', 'nope']);
    expect(nope.code).toBe(3);
    expect(nope.err).toContain('no controller nope; the cluster has ingress-nginx/');
    expect(
      (
        await cli([
          'lifecycle',
          '-f',
          'shop.yaml',
          '--change',
          'scale.yaml',
          '--delete',
          'path.yaml',
        ])
      ).code,
    ).toBe(3);
  });
});

describe('routelab config', () => {
  it("prints ingress-nginx's nginx.conf by default", async () => {
    const r = await cli(['config', '-f', 'shop.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('## start server shop.example.com');
    expect(r.out).toContain('location /api/ {');
    expect(r.out).toMatch(/# Ingress shop\/shop \(shop\.yaml lines \d+-\d+\): Prefix \/api/);
  });

  it('--plain prints nginx.conf for plain nginx', async () => {
    const r = await cli(['config', '-f', 'shop.yaml', '--plain']);
    expect(r.out).toContain('upstream shop-api-80 {');
    expect(r.out).not.toContain('balancer_by_lua_block');
  });

  it('-o json wraps every controller', async () => {
    const r = await cli(['config', '-f', 'shop.yaml', '-o', 'json']);
    const j = JSON.parse(r.out) as { configs: { format: string; text: string }[] };
    expect(j.configs[0]?.format).toBe('nginx');
  });

  it('an Envoy Gateway prints xDS as YAML, with the YAML that made each part', async () => {
    const r = await cli(['config', '-f', 'gateway.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('# xDS of');
    expect(r.out).toContain('virtual_hosts:');
    expect(r.out).toMatch(/# HTTPRoute default\/backend \(gateway\.yaml lines/);
    const j = JSON.parse((await cli(['config', '-f', 'gateway.yaml', '-o', 'json'])).out) as {
      configs: { format: string; config: { clusters: { name: string }[] } }[];
    };
    expect(j.configs[0]?.format).toBe('xds');
    expect(j.configs[0]?.config.clusters[0]?.name).toBe('default/backend/3000');
  });

  it("--controller chooses by name; an unknown one exits 3, naming the cluster's", async () => {
    const r = await cli(['config', '-f', 'gateway.yaml', '--controller', 'nope']);
    expect(r.code).toBe(3);
    expect(r.err).toContain(
      'no controller nope; the cluster has envoy-gateway-system/envoy-default-eg',
    );
    const byName = await cli(['config', '-f', 'gateway.yaml', '--controller', 'envoy-default-eg']);
    expect(byName.code).toBe(0);
    expect(byName.out).toContain('# xDS of envoy-gateway-system/envoy-default-eg');
  });

  it('-o nginx for a controller that does not run nginx exits 3', async () => {
    const r = await cli(['config', '-f', 'gateway.yaml', '-o', 'nginx']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('does not run nginx.conf');
  });
});
