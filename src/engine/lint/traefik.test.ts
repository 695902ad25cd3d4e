import { describe, expect, it } from 'vitest';
import { buildCluster, lint, loadManifests, type Diagnostic } from '../index.js';

const APP = (name: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: example/${name}}]
`;

const ROUTE = (name: string, match: string, service: string, priority?: number) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: ${name}}
spec:
  entryPoints: [web]
  routes:
    - match: ${match}
      ${priority !== undefined ? `priority: ${priority}` : ''}
      services: [{name: ${service}, port: 80}]
`;

function diagnostics(docs: string[]): Diagnostic[] {
  const loaded = loadManifests(docs.join('\n---\n'));
  return lint(buildCluster(loaded.resources), loaded.diagnostics);
}

const codes = (ds: readonly Diagnostic[], code: string) =>
  ds.filter((d) => d.code === code).map((d) => [d.source?.range.startLine, d.message] as const);

describe('lintTraefik', () => {
  it('RL706: Host(`foobar.traefik.com`) never wins against the longer HostRegexp ([TRF] rules-and-priority.md)', () => {
    const ds = diagnostics([
      ROUTE('router-1', 'HostRegexp(`[a-z]+\\.traefik\\.com`)', 'a'),
      ROUTE('router-2', 'Host(`foobar.traefik.com`)', 'b'),
      APP('a'),
      APP('b'),
    ]);
    const found = codes(ds, 'RL706');
    expect(found).toHaveLength(1);
    // router-2's route, in the second document.
    expect(found[0]?.[0]).toBeGreaterThan(10);
    expect(found[0]?.[1]).toContain('never wins');
    expect(found[0]?.[1]).toContain('priority 34 > 26');
  });

  it('RL706: a catch-all with a high priority shadows every path under it', () => {
    const ds = diagnostics([
      ROUTE('all', 'PathPrefix(`/`)', 'a', 1000),
      ROUTE('api', 'PathPrefix(`/api`)', 'b'),
      APP('a'),
      APP('b'),
    ]);
    expect(codes(ds, 'RL706')).toHaveLength(1);
  });

  it('no RL706 when the lower router is not covered (different hosts, narrower first)', () => {
    const ds = diagnostics([
      ROUTE('a', 'Host(`a.example.com`) && PathPrefix(`/`)', 'a'),
      ROUTE('b', 'Host(`b.example.com`)', 'b'),
      ROUTE('c', 'PathPrefix(`/api/v1`)', 'a'),
      ROUTE('d', 'PathPrefix(`/api`)', 'b'),
      APP('a'),
      APP('b'),
    ]);
    expect(codes(ds, 'RL706')).toEqual([]);
  });

  it('RL711: two overlapping routers with the same priority have no defined order', () => {
    const ds = diagnostics([
      ROUTE('shop-all', 'Host(`shop.example.com`)', 'a', 10),
      ROUTE('shop-api', 'Host(`shop.example.com`) && PathPrefix(`/api`)', 'b', 10),
      APP('a'),
      APP('b'),
    ]);
    expect(codes(ds, 'RL711')).toHaveLength(1);
  });

  it('RL705: a Middleware Traefik cannot build is reported even before a router uses it', () => {
    const ds = diagnostics([
      `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: broken}
spec:
  replacePathRegex: {regex: "(", replacement: /x}`,
    ]);
    expect(codes(ds, 'RL705')[0]?.[1]).toContain('does not compile');
  });

  it('RL712: an IngressRoute naming a TLS Secret that does not exist', () => {
    const ds = diagnostics([
      `${ROUTE('t', 'Host(`t.example.com`)', 'a')}  tls: {secretName: missing}`,
      APP('a'),
    ]);
    expect(codes(ds, 'RL712')[0]?.[1]).toContain('TRAEFIK DEFAULT CERT');
  });
});

describe('annotations on Ingresses Traefik serves', () => {
  const ING = (annotations: string) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-app
  annotations:
${annotations}
spec:
  rules:
    - host: myapp.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: a, port: {number: 80}}}
`;
  const TRAEFIK = `
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
          image: traefik:v3.7
          args: [--entryPoints.web.address=:8000, --entryPoints.websecure.address=:8443, --entryPoints.websecure.http.tls=true, --providers.kubernetesingress]
`;

  it("RL713: the tutorial's traefik.io/router.entrypoints is not read; the fix writes the right prefix", () => {
    const ds = diagnostics([
      TRAEFIK,
      ING('    traefik.io/router.entrypoints: websecure'),
      APP('a'),
    ]);
    const d = ds.find((x) => x.code === 'RL713');
    expect(d?.message).toContain('traefik.ingress.kubernetes.io/router.entrypoints');
    expect(d?.fix?.edit).toMatchObject({
      replace: 'traefik.ingress.kubernetes.io/router.entrypoints',
    });
  });

  it('RL713: a misspelt router annotation gets a suggestion', () => {
    const ds = diagnostics([
      TRAEFIK,
      ING('    traefik.ingress.kubernetes.io/router.entrypoint: web'),
      APP('a'),
    ]);
    expect(ds.find((x) => x.code === 'RL713')?.message).toContain(
      'did you mean traefik.ingress.kubernetes.io/router.entrypoints',
    );
  });

  it('RL708: ingress-nginx annotations on an Ingress Traefik serves, with the Traefik way', () => {
    const ds = diagnostics([
      TRAEFIK,
      ING('    nginx.ingress.kubernetes.io/rewrite-target: /'),
      APP('a'),
    ]);
    const d = ds.find((x) => x.code === 'RL708');
    expect(d?.message).toContain('StripPrefix or ReplacePathRegex');
    // ingress-nginx's own lint does not also speak about this Ingress.
    expect(ds.filter((x) => x.code.startsWith('RL20'))).toEqual([]);
  });
});
