/**
 * fast-check arbitraries for the property tests: YAML-ish text built from fragments,
 * mutations of a valid manifest, plausible clusters (Ingresses with annotations, TLS,
 * Services with and without pods) and requests.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import type { RequestSpec } from '../../src/engine/index.js';
import { DEFAULT_LB_ADDRESS } from './engine.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../conformance/fixtures/${name}`, import.meta.url), 'utf8');
export const FIXTURE_CERT = fixture('foo.bar.com.crt.pem');
export const FIXTURE_KEY = fixture('foo.bar.com.key.pem');
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The type of the values an arbitrary generates. */
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

// ------------------------------------------------------------------ a valid manifest

/** A realistic multi-document manifest: controller ConfigMap, class, Ingresses, Services, pods, Secrets. */
export const VALID_MANIFEST = `# helm template output, more or less
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  use-forwarded-headers: "true"
  proxy-body-size: 8m
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  creationTimestamp: "2024-01-01T00:00:00Z"
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "5"
    nginx.ingress.kubernetes.io/whitelist-source-range: 198.51.100.0/24,10.0.0.0/8
spec:
  ingressClassName: nginx
  tls:
    - hosts: [foo.bar.com]
      secretName: foo-tls
  rules:
    - host: foo.bar.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  name: http
          - path: /static/
            pathType: Exact
            backend:
              service:
                name: web
                port:
                  number: 80
    - http:
        paths:
          - path: /
            pathType: ImplementationSpecific
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
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/canary: "false"
spec:
  rules:
    - host: foo.bar.com
      http:
        paths:
          - path: /something(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service:
                name: missing
                port:
                  number: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: private
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/auth-secret: basic-auth
    nginx.ingress.kubernetes.io/auth-realm: Authentication Required
spec:
  ingressClassName: nginx
  rules:
    - host: foo.bar.com
      http:
        paths:
          - path: /private
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: v1
kind: Secret
metadata:
  name: basic-auth
  namespace: shop
stringData:
  auth: |
    alice:$apr1$Oc8QdfGA$0wq3Oe0rZ0Eopw8MqBZs71
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
    - name: http
      port: 80
      targetPort: web
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
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
  replicas: 3
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
          image: api:1
          ports:
            - name: web
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: web
---
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: shop
  labels:
    app: web
spec:
  containers:
    - name: web
      image: web:1
---
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: foo-tls
  namespace: shop
data:
  tls.crt: ${b64(FIXTURE_CERT)}
  tls.key: ${b64(FIXTURE_KEY)}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Endpoints
    metadata:
      name: legacy
      namespace: shop
    subsets:
      - addresses:
          - ip: 10.1.2.3
        ports:
          - port: 8080
`;

// ------------------------------------------------------------------ requests

export const URLS: readonly RequestSpec[] = [
  { url: `http://${DEFAULT_LB_ADDRESS}/` },
  { url: 'http://foo.bar.com/api/v1?x=1' },
  { url: 'https://foo.bar.com/static/', method: 'POST', bodyBytes: 10_000_000 },
  {
    url: `https://${DEFAULT_LB_ADDRESS}/something/new`,
    headers: [['Host', 'foo.bar.com']],
    insecure: true,
  },
  { url: 'http://nowhere.invalid/' },
  { url: 'http://foo.bar.com/private/x', headers: [['Authorization', 'Basic YWxpY2U6cHc=']] },
  {
    url: 'https://foo.bar.com/../x',
    resolve: [{ host: 'foo.bar.com', port: 443, address: DEFAULT_LB_ADDRESS }],
    clientIp: '10.9.8.7',
  },
];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'LOCK', 'get'];
const REQUEST_HOSTS = [
  'shop.example.com',
  'api.example.com',
  'a.b.example.com',
  'example.com',
  'unknown.test',
  'SHOP.EXAMPLE.COM',
  'shop.example.com.',
  DEFAULT_LB_ADDRESS,
];
const REQUEST_PATHS = [
  '/',
  '/api',
  '/api/',
  '/api/v1/users',
  '/foo',
  '/foo/',
  '/FOO',
  '/foo/bar',
  '/something',
  '/something/new',
  '/a/../api',
  '//api',
  '/./foo',
  '/..',
  '/%2e%2e/x',
  '/%zz',
  '/app',
  '/.well-known/acme-challenge/t',
];
const HEADERS: readonly (readonly [string, string])[] = [
  ['Host', 'api.example.com'],
  ['Host', 'shop.example.com:8080'],
  ['X-Forwarded-Proto', 'https'],
  ['X-Forwarded-For', '203.0.113.99, 10.0.0.1'],
  ['X-Canary', 'always'],
  ['X-Canary', 'never'],
  ['Cookie', 'canary=always; INGRESSCOOKIE=abc'],
  ['Authorization', 'Basic dXNlcjpwYXNz'],
  ['Origin', 'https://app.example.com'],
  ['Content-Length', '5000000'],
  ['Authorization', 'Basic 9YCAgA=='],
  ['Authorization', 'Basic !!!'],
];

export const requestArb: fc.Arbitrary<RequestSpec> = fc
  .record({
    scheme: fc.constantFrom('http', 'https'),
    host: fc.constantFrom(...REQUEST_HOSTS),
    port: fc.constantFrom('', ':80', ':443', ':8443'),
    path: fc.constantFrom(...REQUEST_PATHS),
    query: fc.constantFrom('', '?a=1', '?a=1&b=/x/'),
    method: fc.option(fc.constantFrom(...METHODS), { nil: undefined }),
    headers: fc.subarray([...HEADERS], { maxLength: 3 }),
    clientIp: fc.option(fc.constantFrom('198.51.100.7', '10.1.2.3', '2001:db8::1', 'bogus'), {
      nil: undefined,
    }),
    bodyBytes: fc.option(fc.constantFrom(0, 1, 1024, 2_000_000), { nil: undefined }),
    insecure: fc.boolean(),
    resolve: fc.boolean(),
  })
  .map((r) => {
    const portNumber = r.port ? Number(r.port.slice(1)) : r.scheme === 'https' ? 443 : 80;
    return {
      url: `${r.scheme}://${r.host}${r.port}${r.path}${r.query}`,
      ...(r.method !== undefined ? { method: r.method } : {}),
      headers: r.headers,
      ...(r.clientIp !== undefined ? { clientIp: r.clientIp } : {}),
      ...(r.bodyBytes !== undefined ? { bodyBytes: r.bodyBytes } : {}),
      insecure: r.insecure,
      ...(r.resolve
        ? {
            resolve: [
              { host: r.host.toLowerCase(), port: portNumber, address: DEFAULT_LB_ADDRESS },
            ],
          }
        : {}),
    };
  });

// ------------------------------------------------------------------ plausible clusters

const HOSTS = ['shop.example.com', '*.example.com', 'api.example.com', undefined] as const;
const PATHS = [
  '/',
  '/api',
  '/api/',
  '/foo',
  '/foo/bar',
  '/something(/|$)(.*)',
  '/FOO',
  '/a/b/c/',
  '/app',
  '/[unclosed',
];
const SERVICES = ['api', 'web', 'canary', 'ghost'];
const ANNOTATION_SETS: readonly Readonly<Record<string, string>>[] = [
  {},
  { 'nginx.ingress.kubernetes.io/use-regex': 'true' },
  { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' },
  { 'nginx.ingress.kubernetes.io/rewrite-target': '/' },
  { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
  { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' },
  {
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-weight': '50',
  },
  {
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
    'nginx.ingress.kubernetes.io/canary-by-cookie': 'canary',
  },
  { 'nginx.ingress.kubernetes.io/limit-rps': '1', 'nginx.ingress.kubernetes.io/limit-rpm': 'x' },
  { 'nginx.ingress.kubernetes.io/whitelist-source-range': '10.0.0.0/8, bogus' },
  { 'nginx.ingress.kubernetes.io/denylist-source-range': '198.51.100.0/24' },
  { 'nginx.ingress.kubernetes.io/proxy-body-size': '1k' },
  { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' },
  { 'nginx.ingress.kubernetes.io/app-root': '/app' },
  { 'nginx.ingress.kubernetes.io/permanent-redirect': 'https://elsewhere.example/' },
  {
    'nginx.ingress.kubernetes.io/temporal-redirect': 'https://elsewhere.example/',
    'nginx.ingress.kubernetes.io/temporal-redirect-code': '999',
  },
  { 'nginx.ingress.kubernetes.io/affinity': 'cookie' },
  { 'nginx.ingress.kubernetes.io/upstream-hash-by': '$request_uri' },
  {
    'nginx.ingress.kubernetes.io/auth-type': 'basic',
    'nginx.ingress.kubernetes.io/auth-secret': 'nope',
  },
  {
    'nginx.ingress.kubernetes.io/auth-type': 'basic',
    'nginx.ingress.kubernetes.io/auth-secret': 'basic-auth',
  },
  { 'nginx.ingress.kubernetes.io/default-backend': 'web' },
  { 'nginx.ingress.kubernetes.io/backend-protocol': 'https' },
  { 'nginx.ingress.kubernetes.io/enable-cors': 'true' },
  { 'nginx.ingress.kubernetes.io/load-balance': 'ewma' },
  { 'nginx.ingress.kubernetes.io/service-upstream': 'true' },
  { 'nginx.ingress.kubernetes.io/x-forwarded-prefix': '/p' },
  // "0" is nginx's "no limit"; with refusing pods the trace must still stop (a5afcde).
  {
    'nginx.ingress.kubernetes.io/proxy-next-upstream-tries': '0',
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '-1',
  },
  {
    'nginx.ingress.kubernetes.io/proxy-next-upstream-tries': '1',
    'nginx.ingress.kubernetes.io/proxy-next-upstream': 'error timeout http_502 http_503',
  },
  { 'nginx.ingress.kubernetes.io/rate-limit': '10' },
  { 'kubernetes.io/ingress.class': 'nginx' },
  { 'kubernetes.io/ingress.class': 'traefik' },
];
const CONFIG_SETS: readonly Readonly<Record<string, string>>[] = [
  {},
  { 'use-forwarded-headers': 'true' },
  { 'ssl-redirect': 'false', 'http-redirect-code': '301' },
  { 'force-ssl-redirect': 'true', 'use-forwarded-headers': 'true' },
  { 'proxy-body-size': '10', 'limit-req-status-code': '429' },
  { 'compute-full-forwarded-for': 'true', 'enable-real-ip': 'true', 'proxy-real-ip-cidr': 'bogus' },
  { 'proxy-next-upstream': 'error timeout http_502 non_idempotent', 'load-balance': 'ewma' },
];

const pathArb = fc.record({
  path: fc.constantFrom(...PATHS),
  pathType: fc.constantFrom('Exact', 'Prefix', 'ImplementationSpecific'),
  service: fc.constantFrom(...SERVICES),
  port: fc.constantFrom<Record<string, unknown>>(
    { number: 80 },
    { name: 'http' },
    { number: 9999 },
  ),
});

const ingressArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd'),
  namespace: fc.constantFrom('default', 'shop'),
  creationTimestamp: fc.option(
    fc.constantFrom(
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00.5Z',
      '2025-06-01T12:00:00Z',
      'not a date',
    ),
    { nil: undefined },
  ),
  className: fc.constantFrom<string | undefined>('nginx', undefined, 'other'),
  annotations: fc.constantFrom(...ANNOTATION_SETS),
  defaultBackend: fc.boolean(),
  rules: fc.array(
    fc.record({ host: fc.constantFrom(...HOSTS), paths: fc.array(pathArb, { maxLength: 3 }) }),
    { maxLength: 3 },
  ),
  tls: fc.option(
    fc.record({
      hosts: fc.subarray(['shop.example.com', '*.example.com', 'foo.bar.com', 'other.example']),
      secretName: fc.constantFrom<string | undefined>(
        'real-tls',
        'placeholder-tls',
        'missing',
        undefined,
      ),
    }),
    { nil: undefined },
  ),
});

function ingressDoc(i: ValueOf<typeof ingressArb>): Record<string, unknown> {
  const backend = (p: { service: string; port: Record<string, unknown> }): unknown => ({
    service: { name: p.service, port: p.port },
  });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: i.name,
      namespace: i.namespace,
      ...(i.creationTimestamp ? { creationTimestamp: i.creationTimestamp } : {}),
      annotations: i.annotations,
    },
    spec: {
      ...(i.className ? { ingressClassName: i.className } : {}),
      ...(i.defaultBackend
        ? { defaultBackend: backend({ service: 'web', port: { number: 80 } }) }
        : {}),
      ...(i.tls
        ? {
            tls: [
              { hosts: i.tls.hosts, ...(i.tls.secretName ? { secretName: i.tls.secretName } : {}) },
            ],
          }
        : {}),
      rules: i.rules.map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        http: {
          paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backend(p) })),
        },
      })),
    },
  };
}

const serviceArb = fc.record({
  name: fc.constantFrom(...SERVICES),
  namespace: fc.constantFrom('default', 'shop'),
  replicas: fc.integer({ min: 0, max: 3 }),
  targetPort: fc.constantFrom<number | string>(8080, 'http', 1234),
  containerPort: fc.constantFrom<number | undefined>(8080, 9090, undefined),
  ready: fc.boolean(),
});

function serviceDocs(s: ValueOf<typeof serviceArb>): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.name, namespace: s.namespace },
      spec: {
        selector: { app: s.name },
        ports: [{ name: 'http', port: 80, targetPort: s.targetPort }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: s.name, namespace: s.namespace },
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: { app: s.name } },
        template: {
          metadata: { labels: { app: s.name } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'i:1',
                ...(s.containerPort !== undefined
                  ? { ports: [{ name: 'http', containerPort: s.containerPort }] }
                  : {}),
              },
            ],
          },
        },
      },
    },
  ];
}

const SECRETS = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 'real-tls', namespace: 'default' },
    data: { 'tls.crt': b64(FIXTURE_CERT), 'tls.key': b64(FIXTURE_KEY) },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 'placeholder-tls', namespace: 'shop' },
    stringData: { 'tls.crt': 'base64 encoded cert', 'tls.key': 'base64 encoded key' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'basic-auth', namespace: 'default' },
    stringData: { auth: 'user:$apr1$abc$def' },
  },
];

/** A plausible cluster: Ingresses from pools, some Services with pods, a ConfigMap, Secrets. */
export const clusterYamlArb: fc.Arbitrary<string> = fc
  .record({
    ingresses: fc.array(ingressArb, { minLength: 1, maxLength: 4 }),
    services: fc.array(serviceArb, { maxLength: 4 }),
    config: fc.constantFrom(...CONFIG_SETS),
    secrets: fc.subarray(SECRETS),
    defaultClass: fc.boolean(),
  })
  .map((c) => {
    const docs: unknown[] = [
      ...c.ingresses.map(ingressDoc),
      ...c.services.flatMap(serviceDocs),
      ...c.secrets,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
        data: c.config,
      },
    ];
    if (c.defaultClass)
      docs.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: {
          name: 'nginx',
          annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
        },
        spec: { controller: 'k8s.io/ingress-nginx' },
      });
    return docs.map((d) => stringify(d, { version: '1.1' })).join('---\n');
  });

// ------------------------------------------------------------------ YAML-ish text from fragments

const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'spec',
  'rules',
  'host',
  'http',
  'paths',
  'path',
  'pathType',
  'backend',
  'service',
  'port',
  'number',
  'tls',
  'hosts',
  'secretName',
  'defaultBackend',
  'ingressClassName',
  'selector',
  'ports',
  'targetPort',
  'template',
  'containers',
  'replicas',
  'data',
  'stringData',
  'items',
  'controller',
  'creationTimestamp',
  'subsets',
  'addresses',
  'endpoints',
];
const SCALARS = [
  'Ingress',
  'Service',
  'Deployment',
  'Secret',
  'IngressClass',
  'List',
  'Endpoints',
  'EndpointSlice',
  'ConfigMap',
  'networking.k8s.io/v1',
  'v1',
  'apps/v1',
  'Prefix',
  'Exact',
  'ImplementationSpecific',
  '/',
  '/api',
  'shop.example.com',
  '*.example.com',
  'nginx',
  80,
  -1,
  0,
  65536,
  1e308,
  true,
  null,
  '',
  'yes',
  '0x1F',
  '2024-01-01T00:00:00Z',
];

/** Random JSON-like values biased towards Kubernetes keys and values; shared objects become YAML aliases. */
export const k8sishValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.string({ maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const resourceLikeArb: fc.Arbitrary<unknown> = fc
  .record({
    kind: fc.constantFrom(
      'Ingress',
      'Service',
      'Deployment',
      'List',
      'Secret',
      'IngressClass',
      'Pod',
    ),
    apiVersion: fc.constantFrom('networking.k8s.io/v1', 'v1', 'apps/v1', 'extensions/v1beta1', 7),
    metadata: fc.oneof(fc.record({ name: fc.constantFrom('x', 'y', '', 'UPPER') }), k8sishValueArb),
    spec: k8sishValueArb,
    items: fc.option(fc.array(k8sishValueArb, { maxLength: 3 }), { nil: undefined }),
  })
  .map((r) => {
    // Reuse one object twice so that the YAML writer emits an anchor and an alias.
    const shared = r.spec;
    return { ...r, status: shared, extra: [shared, shared] };
  });

const TEXT_FRAGMENTS = [
  '---\n',
  '...\n',
  'apiVersion: networking.k8s.io/v1\n',
  'kind: Ingress\n',
  'kind: Service\n',
  'metadata:\n  name: x\n',
  'spec:\n',
  '  rules:\n  - host: a.example.com\n',
  '    http:\n      paths:\n      - path: /\n        pathType: Prefix\n',
  '        backend:\n          service:\n            name: s\n            port: {number: 80}\n',
  'base: &a {kind: Ingress, spec: {rules: [*a]}}\n',
  'x: &b [1, 2]\ny: [*b, *b, *b]\n',
  '<<: *undefinedAlias\n',
  'merge:\n  <<: {a: 1}\n',
  'key: !!binary aGVsbG8=\n',
  'when: !!timestamp 2001-12-14t21:59:43.10-05:00\n',
  'set: !!set {a, b}\n',
  'omap: !!omap [a: 1, b: 2]\n',
  'pairs: !!pairs [a: 1, a: 2]\n',
  'tag: !custom value\n',
  '%YAML 1.2\n---\n',
  '%TAG ! tag:example.com,2000:\n---\n',
  'dup: 1\ndup: 2\n',
  '\t- tab indented\n',
  '  - [unclosed\n',
  '"unterminated\n',
  "key: 'it''s'\n",
  'block: |\n  line one\n  line two\n',
  'folded: >-\n  a\n  b\n',
  '? complex key\n: value\n',
  '[a, b]: flow key\n',
  'items:\n- kind: Ingress\n  metadata: {name: listed}\n',
  '# comment only\n',
  '\n\n',
  '\uFEFFkind: Service\n',
  'name: \u0000\n',
  'emoji: "🙂\uD800"\n',
];

/** YAML-ish text: fragments, serialized random values (with anchors/aliases), and very long lines. */
export const yamlishTextArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TEXT_FRAGMENTS),
      resourceLikeArb.map(
        (v) => `${stringify(v, { version: '1.1', aliasDuplicateObjects: true })}---\n`,
      ),
      k8sishValueArb.map((v) => `${stringify(v)}\n`),
      fc
        .record({
          key: fc.constantFrom(...KEYS),
          n: fc.integer({ min: 1_000, max: 20_000 }),
          c: fc.constantFrom('a', '/', ' ', '*', '#', '"', ':', '{', '['),
        })
        .map(({ key, n, c }) => `${key}: ${c.repeat(n)}\n`),
      fc
        .record({
          indent: fc.integer({ min: 0, max: 40 }),
          key: fc.constantFrom(...KEYS),
          value: fc.constantFrom(...SCALARS.map(String)),
        })
        .map(({ indent, key, value }) => `${' '.repeat(indent)}${key}: ${value}\n`),
    ),
    { maxLength: 25 },
  )
  .map((parts) => parts.join(''));

// ------------------------------------------------------------------ mutations of the valid manifest

const lines = VALID_MANIFEST.split('\n');

export type Mutation =
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'dupLine'; readonly line: number }
  | { readonly op: 'swapLines'; readonly a: number; readonly b: number }
  | { readonly op: 'reindent'; readonly line: number; readonly indent: number }
  | { readonly op: 'replaceValue'; readonly line: number; readonly value: string }
  | { readonly op: 'truncate'; readonly at: number };

const VALUE_REPLACEMENTS = [
  '',
  '~',
  '[]',
  '{}',
  '[1, 2]',
  '{a: b}',
  '-1',
  '99999999999999999999',
  '"0x10"',
  'yes',
  '*nope',
  '&anchor',
  '!!binary aGVsbG8=',
  '!!set {a}',
  '"\\u0000"',
  '/weird path/..',
  'Exact',
  'ImplementationSpecific',
  "'*'",
  '1.5',
  'x'.repeat(5000),
];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(VALID_MANIFEST.length),
    length: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(VALID_MANIFEST.length),
    text: fc.oneof(fc.constantFrom(...TEXT_FRAGMENTS), fc.string({ maxLength: 20 })),
  }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat(lines.length - 1) }),
  fc.record({
    op: fc.constant('swapLines' as const),
    a: fc.nat(lines.length - 1),
    b: fc.nat(lines.length - 1),
  }),
  fc.record({
    op: fc.constant('reindent' as const),
    line: fc.nat(lines.length - 1),
    indent: fc.integer({ min: 0, max: 16 }),
  }),
  fc.record({
    op: fc.constant('replaceValue' as const),
    line: fc.nat(lines.length - 1),
    value: fc.constantFrom(...VALUE_REPLACEMENTS),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(VALID_MANIFEST.length) }),
);

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const ls = out.split('\n');
    const line = (n: number): number => (ls.length === 0 ? 0 : n % ls.length);
    switch (m.op) {
      case 'delete':
        out = out.slice(0, m.at) + out.slice(m.at + m.length);
        break;
      case 'insert':
        out = out.slice(0, m.at) + m.text + out.slice(m.at);
        break;
      case 'truncate':
        out = out.slice(0, m.at);
        break;
      case 'dupLine': {
        const i = line(m.line);
        ls.splice(i, 0, ls[i] ?? '');
        out = ls.join('\n');
        break;
      }
      case 'swapLines': {
        const a = line(m.a);
        const b = line(m.b);
        const t = ls[a] ?? '';
        ls[a] = ls[b] ?? '';
        ls[b] = t;
        out = ls.join('\n');
        break;
      }
      case 'reindent': {
        const i = line(m.line);
        ls[i] = ' '.repeat(m.indent) + (ls[i] ?? '').trimStart();
        out = ls.join('\n');
        break;
      }
      case 'replaceValue': {
        const i = line(m.line);
        const l = ls[i] ?? '';
        const colon = l.indexOf(': ');
        ls[i] = colon >= 0 ? `${l.slice(0, colon + 2)}${m.value}` : `${l}${m.value}`;
        out = ls.join('\n');
        break;
      }
    }
  }
  return out;
}

/** Structural mutation: parse the valid manifest's documents and overwrite one path with a random value. */
export const structuralMutationArb = fc.record({
  doc: fc.nat(20),
  path: fc.array(fc.oneof(fc.constantFrom(...KEYS), fc.nat(3)), { minLength: 1, maxLength: 6 }),
  value: k8sishValueArb,
});

export function applyStructuralMutation(
  text: string,
  m: ValueOf<typeof structuralMutationArb>,
): string {
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  if (docs.length === 0) return text;
  const index = m.doc % docs.length;
  const root: unknown = docs[index];
  if (root === null || typeof root !== 'object') docs[index] = m.value;
  else {
    let node = root as Record<string | number, unknown>;
    m.path.forEach((seg, i) => {
      const last = i === m.path.length - 1;
      const key = Array.isArray(node) && typeof seg === 'number' ? seg % (node.length + 1) : seg;
      if (last) {
        node[key] = m.value;
        return;
      }
      const next = node[key];
      if (next !== null && typeof next === 'object')
        node = next as Record<string | number, unknown>;
      else {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      }
    });
  }
  return docs.map((d) => stringify(d, { version: '1.1' })).join('---\n');
}
