/**
 * The runnable nginx.conf against Debian's nginx: for each example, the plain variant of
 * the configuration routelab renders must pass `nginx -t`, and real nginx, with one small
 * Node backend per pod on 127.0.0.1, must answer the same requests as the engine: the
 * same status, the same Service (and a pod of it), the same redirect, the same path at
 * the pod.
 *
 * Left out, because plain nginx cannot do them as ingress-nginx does: canaries and the
 * Lua balancer's algorithms (EWMA, hashing, cookies: plain nginx balances round robin),
 * basic auth (its htpasswd file comes from a Secret), HSTS and X-Forwarded-Proto for the
 * redirect. A Service with no ready endpoint is written as `return 503`, which is what
 * the Lua balancer answers, so that case checks the routing only.
 *
 * Skipped, with the reason, when nginx is not installed (`.ci/run` installs nginx-light).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildCluster,
  loadManifests,
  renderNginxConf,
  trace,
  type Controller,
  type Route,
  type VirtualHost,
} from '../../src/engine/index.js';
import {
  freePort,
  nginxTest,
  nginxVersion,
  send,
  startBackend,
  startNginx,
  type Backend,
  type RunningNginx,
} from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CERT = path.join(ROOT, 'test/conformance/fixtures/foo.bar.com.crt.pem');
const KEY = path.join(ROOT, 'test/conformance/fixtures/foo.bar.com.key.pem');

const CASES: readonly {
  readonly name: string;
  readonly file: string;
  readonly extraPaths?: Readonly<Record<string, readonly string[]>>;
}[] = [
  { name: 'examples/shop.yaml', file: 'examples/shop.yaml' },
  { name: 'examples/slow-import.yaml', file: 'examples/slow-import.yaml' },
  { name: 'examples/rate-limit.yaml', file: 'examples/rate-limit.yaml' },
  { name: 'examples/typos.yaml', file: 'examples/typos.yaml' },
  {
    name: 'test/real-nginx/features.yaml',
    file: 'test/real-nginx/features.yaml',
    extraPaths: {
      'rw.example.com': ['/something', '/something/', '/something/new', '/SOMETHING/x/y'],
      'root.example.com': ['/', '/app1'],
      'app.example.com': ['/docs', '/exact/', '/apix'],
    },
  },
];

const nginx = nginxVersion();
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Paths that exercise a route: its own path, with and without a trailing slash, below it. */
function samplePaths(route: Route): string[] {
  const p = route.match.path;
  switch (p.kind) {
    case 'exact':
      return [p.value];
    case 'prefix': {
      if (p.value === '/') return ['/', '/some/page'];
      const bare = p.value.replace(/\/$/, '');
      return [bare, `${bare}/`, `${bare}/x`];
    }
    case 'regex':
      return [];
  }
}

function requestsFor(controller: Controller, extra: Readonly<Record<string, readonly string[]>>) {
  const out: { scheme: 'http' | 'https'; host: string; path: string }[] = [];
  const vhosts: VirtualHost[] = controller.listeners[0]?.table.virtualHosts.slice() ?? [];
  for (const v of vhosts) {
    const host = v.hostname;
    if (!host || host.startsWith('*')) continue;
    const paths = new Set<string>([
      ...v.routes.flatMap(samplePaths),
      ...(extra[host] ?? []),
      '/no-such-path-here',
    ]);
    for (const p of paths) {
      out.push({ scheme: 'http', host, path: p });
      if (v.tls) out.push({ scheme: 'https', host, path: p });
    }
  }
  out.push({ scheme: 'http', host: 'unknown.example.org', path: '/' });
  out.push({ scheme: 'https', host: 'unknown.example.org', path: '/' });
  return out;
}

interface Row {
  readonly request: string;
  readonly engine: string;
  readonly nginx: string;
}

describe.skipIf(!nginx.ok)(`real nginx (${nginx.ok ? nginx.version : 'skipped'})`, () => {
  for (const c of CASES) {
    it(`${c.name}: nginx -t passes and real nginx answers as the engine does`, async () => {
      const load = loadManifests([
        { text: readFileSync(path.join(ROOT, c.file), 'utf8'), file: c.file },
      ]);
      // The Scenario's pod behaviour (slow imports) is not what the Node backends do.
      const cluster = buildCluster(load.resources.filter((r) => r.kind !== 'Scenario'));
      const controller = cluster.controllers.find((x) => x.family === 'nginx');
      expect(controller).toBeDefined();
      if (!controller) return;

      const backends = new Map<string, Backend>();
      const closed = await freePort();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'routelab-real-nginx-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const httpPort = await freePort();
      const httpsPort = await freePort();
      for (const b of new Set(
        controller.listeners[0]?.table.virtualHosts
          .flatMap((v) => v.routes)
          .flatMap((r) => (r.action.kind === 'forward' ? r.action.backends : [])),
      )) {
        for (const e of cluster.resolveService(b.namespace, b.service, b.port).endpoints) {
          if (!e.listening || backends.has(e.pod)) continue;
          const server = await startBackend({ pod: e.pod, service: `${b.namespace}/${b.service}` });
          backends.set(e.pod, server);
          cleanups.push(() => server.close());
        }
      }
      const conf = renderNginxConf(cluster, controller, {
        mode: 'plain',
        prefix: dir,
        listen: { http: `127.0.0.1:${httpPort}`, https: `127.0.0.1:${httpsPort}` },
        endpointAddress: (t) => `127.0.0.1:${backends.get(t.pod)?.port ?? closed}`,
        certificateFiles: () => ({ cert: CERT, key: KEY }),
      });
      mkdirSync(path.join(dir, 'conf'), { recursive: true });
      writeFileSync(path.join(dir, 'conf', 'nginx.conf'), conf.text);
      expect(nginxTest(dir), `nginx -t on ${dir}/conf/nginx.conf`).toBeNull();

      const running: RunningNginx = await startNginx(dir, {
        port: httpPort,
        host: 'routelab-probe.invalid',
        path: '/healthz',
      });
      cleanups.push(() => running.stop());

      const rows: Row[] = [];
      const mismatches: Row[] = [];
      for (const r of requestsFor(controller, c.extraPaths ?? {})) {
        const port = r.scheme === 'https' ? 443 : 80;
        const t = trace(cluster, {
          url: `${r.scheme}://${r.host}${r.path}`,
          resolve: [{ host: r.host, port, address: controller.address }],
          insecure: true,
        });
        const a = await send({
          port: r.scheme === 'https' ? httpsPort : httpPort,
          scheme: r.scheme,
          host: r.host,
          path: r.path,
        });
        const body = a.headers['x-pod']
          ? (JSON.parse(a.body) as { pod: string; service: string; path: string })
          : undefined;
        const pods = t.backend
          ? cluster
              .resolveService(
                t.backend.namespace,
                t.backend.service,
                typeof t.backend.port === 'number'
                  ? { number: t.backend.port }
                  : { name: t.backend.port },
              )
              .endpoints.map((e) => e.pod)
          : [];
        const engine = [
          t.status,
          t.backend ? `${t.backend.namespace}/${t.backend.service}` : '-',
          t.redirect ?? '-',
          t.backend ? (t.forwarded?.path ?? '-') : '-',
        ].join(' ');
        const real = [
          a.status,
          body?.service ?? '-',
          a.headers.location ?? '-',
          body ? body.path : '-',
        ].join(' ');
        const row = { request: `${r.scheme}://${r.host}${r.path}`, engine, nginx: real };
        rows.push(row);
        if (engine !== real || (body && !pods.includes(body.pod))) mismatches.push(row);
      }
      // ROUTELAB_REAL_NGINX_ROWS=/some/prefix keeps every comparison, matched or not.
      const keep = process.env.ROUTELAB_REAL_NGINX_ROWS;
      if (keep)
        writeFileSync(`${keep}-${path.basename(c.file)}.json`, JSON.stringify(rows, null, 1));
      expect(rows.length).toBeGreaterThan(3);
      expect(mismatches, `${c.name}: engine vs nginx (status service redirect path)`).toEqual([]);
    });
  }
});

describe.skipIf(nginx.ok)('real nginx', () => {
  it(`is skipped: ${nginx.ok ? '' : nginx.why}`, () => {
    expect(nginx.ok).toBe(false);
  });
});
