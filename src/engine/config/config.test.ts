import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  loadManifests,
  proxyConfig,
  renderNginxConf,
  type Cluster,
} from '../index.js';
import { renderTraefik, traefikRule } from './traefik.js';
import { renderXds } from './xds.js';

const YAML = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  proxy-read-timeout: "120"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "5"
    nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"
    nginx.ingress.kubernetes.io/proxy-body-size: "8m"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
    - host: "*.example.com"
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/permanent-redirect: https://new.example.com/
spec:
  ingressClassName: nginx
  rules:
    - host: old.example.com
      http:
        paths:
          - path: /something(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service:
                name: api
                port:
                  number: 80
---
apiVersion: v1
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
  replicas: 2
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
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: nothing-matches
  ports:
    - port: 80
`;

function cluster(yaml = YAML): Cluster {
  return buildCluster(loadManifests([{ text: yaml, file: 'shop.yaml' }]).resources);
}

function nginxController(c: Cluster) {
  const ctl = c.controllers.find((x) => x.family === 'nginx');
  if (!ctl) throw new Error('no ingress-nginx controller');
  return ctl;
}

/** The lines of one `location` block, found by its head. */
function location(text: string, head: string, server?: string): string {
  const from = server ? text.indexOf(`## start server ${server}`) : 0;
  const start = text.indexOf(`location ${head} {`, from);
  if (start < 0) throw new Error(`no location ${head}`);
  return text.slice(start, text.indexOf('\n        }', start));
}

describe('nginx.conf as ingress-nginx renders it', () => {
  const c = cluster();
  const text = renderNginxConf(c, nginxController(c)).text;

  it('has the catch-all first, then one server per host, each linked to its YAML', () => {
    const servers = [...text.matchAll(/## start server (\S+)/g)].map((m) => m[1]);
    expect(servers).toEqual(['_', '*.example.com', 'old.example.com', 'shop.example.com']);
    expect(text).toContain('server_name ~^(?<subdomain>[\\w-]+)\\.example\\.com$ ;');
    expect(text).toMatch(
      /# Ingress shop\/shop \(shop\.yaml lines \d+-\d+\): host shop\.example\.com/,
    );
  });

  it("keeps the controller's location order: longest first, Prefix as /x/ plus = /x", () => {
    const shop = text.slice(text.indexOf('## start server shop.example.com'));
    const heads = [...shop.matchAll(/location (.+) \{/g)].map((m) => m[1]);
    expect(heads.slice(0, 3)).toEqual(['/api/', '= /api', '/']);
    expect(shop).toContain('the exact location ingress-nginx adds beside location /api/');
  });

  it('writes the directives annotations and the ConfigMap set', () => {
    const api = location(text, '/api/', 'shop.example.com');
    expect(api).toContain('client_max_body_size 8m;');
    expect(api).toContain('allow 10.0.0.0/8;');
    expect(api).toContain('deny all;');
    expect(api).toContain('limit_req zone=shop_shop_rps burst=25 nodelay;');
    expect(api).toContain('proxy_read_timeout    120s;');
    expect(api).toContain('set $proxy_upstream_name "shop-api-80";');
    expect(api).toContain('proxy_pass http://upstream_balancer;');
    expect(text).toContain('limit_req_zone $binary_remote_addr zone=shop_shop_rps:5m rate=5r/s;');
    expect(text).toContain('ConfigMap ingress-nginx/ingress-nginx-controller');
  });

  it('rewrite-target makes the host regex and writes the rewrite', () => {
    const loc = location(text, '~* "^/something(/|$)(.*)"', 'old.example.com');
    expect(loc).toContain('rewrite "(?i)/something(/|$)(.*)" /$2 break;');
    expect(loc).toContain('return 301 https://new.example.com/;');
  });

  it('lists the endpoints the Lua balancer holds, in comments', () => {
    expect(text).toMatch(
      /# {3}shop-api-80: Service shop\/api port 80 → 10\.\S+:8080, 10\.\S+:8080/,
    );
    expect(text).toContain('shop-web-80: Service shop/web port 80 →');
    expect(text).toContain('server 0.0.0.1; # placeholder');
  });

  it('is the same text for the same input', () => {
    expect(renderNginxConf(c, nginxController(c)).text).toBe(text);
  });
});

describe('nginx.conf for plain nginx', () => {
  const c = cluster();
  const conf = renderNginxConf(c, nginxController(c), {
    mode: 'plain',
    prefix: '/tmp/x',
    listen: { http: '127.0.0.1:8080' },
    endpointAddress: (t) =>
      t.service === 'api' ? `127.0.0.1:${9000 + Number(t.ip.split('.')[3])}` : undefined,
  });
  const text = conf.text;

  it('writes real upstreams of the mapped endpoints', () => {
    expect(text).toMatch(
      /upstream shop-api-80 \{\n\s+server 127\.0\.0\.1:90\d+ max_fails=0 fail_timeout=0;\n\s+server 127\.0\.0\.1:90\d+/,
    );
    expect(text).toContain('proxy_pass http://shop-api-80;');
    expect(text).not.toContain('lua');
    expect(text).toContain('pid /tmp/x/nginx.pid;');
  });

  it('answers 503 where a backend has no ready endpoint, 404 from the default backend', () => {
    expect(location(text, '/', 'shop.example.com')).toContain('return 503;');
    expect(location(text, '/', '_')).toContain('return 404;');
  });
});

describe('xDS for an Envoy-based controller', () => {
  const c = cluster();
  const xds = renderXds(c, nginxController(c));
  const doc = xds.document as unknown as {
    listeners: { name: string }[];
    routes: {
      virtual_hosts: {
        name: string;
        domains: string[];
        routes: { match: Record<string, unknown>; metadata: unknown }[];
      }[];
    }[];
    clusters: { name: string; type: string }[];
    endpoints: { cluster_name: string; endpoints: { lb_endpoints: unknown[] }[] }[];
  };

  it('has listeners, a route configuration per listener, clusters and endpoints', () => {
    expect(doc.listeners.map((l) => l.name)).toEqual(['http-80', 'https-443']);
    const vhost = doc.routes[0]?.virtual_hosts.find((v) => v.name === 'shop.example.com');
    expect(vhost?.domains).toEqual(['shop.example.com', 'shop.example.com:*']);
    expect(vhost?.routes[0]?.match).toEqual({ prefix: '/api/' });
    expect(JSON.stringify(vhost?.routes[0]?.metadata)).toContain('Ingress shop/shop (shop.yaml');
    expect(doc.clusters.map((x) => x.name)).toContain('shop/api/80');
    expect(doc.clusters[0]?.type).toBe('EDS');
    const api = doc.endpoints.find((e) => e.cluster_name === 'shop/api/80');
    expect(api?.endpoints[0]?.lb_endpoints).toHaveLength(2);
    expect(xds.sources.length).toBeGreaterThan(0);
  });
});

describe('Traefik dynamic configuration', () => {
  it('writes routers with rules and priorities, services and middlewares', () => {
    const c = cluster();
    const t = renderTraefik(c, nginxController(c));
    const http = (
      t.document as unknown as {
        http: {
          routers: Record<
            string,
            { rule: string; priority: number; service: string; middlewares?: string[] }
          >;
          services: Record<string, unknown>;
          middlewares: Record<string, unknown>;
        };
      }
    ).http;
    const routers = Object.values(http.routers);
    const api = routers.find((r) => r.rule === 'Host(`shop.example.com`) && PathPrefix(`/api/`)');
    expect(api?.priority).toBe(api?.rule.length);
    expect(api?.service).toBe('shop-api-80');
    expect(api?.middlewares?.length).toBeGreaterThan(0);
    expect(Object.keys(http.services)).toContain('shop-api-80');
    expect(JSON.stringify(http.middlewares)).toContain('"ipAllowList"');
  });

  it('prints rule expressions as Traefik writes them', () => {
    expect(
      traefikRule({
        op: 'and',
        args: [
          { op: 'host', kind: 'exact', value: 'a.example.com' },
          {
            op: 'or',
            args: [
              { op: 'path', match: { kind: 'prefix', value: '/api', semantics: 'string' } },
              { op: 'not', arg: { op: 'method', methods: ['POST'] } },
            ],
          },
        ],
      }),
    ).toBe('Host(`a.example.com`) && (PathPrefix(`/api`) || !Method(`POST`))');
  });
});

describe('proxyConfig', () => {
  it("picks the family's own form", () => {
    const c = cluster();
    const r = proxyConfig(c, nginxController(c));
    expect(r.format).toBe('nginx');
    const contour = { ...nginxController(c), family: 'contour' as const };
    expect(proxyConfig(c, contour).format).toBe('xds');
    expect(proxyConfig(c, { ...contour, family: 'traefik' }).format).toBe('traefik');
  });

  it('never throws on an empty cluster', () => {
    const c = buildCluster([]);
    for (const ctl of c.controllers) expect(() => proxyConfig(c, ctl)).not.toThrow();
  });
});
