/**
 * Re-evaluating after an edit reuses what did not change: the loader keeps an unchanged
 * document's objects, and the cluster build caches by them (annotations per Ingress, the
 * ConfigMap's settings, ingress-nginx's virtual hosts per server). Whatever was reused, the
 * answer must be the one a fresh load of the edited text gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ManifestLoader,
  buildCluster,
  loadManifests,
  trace,
  type Cluster,
  type VirtualHost,
} from '../../src/engine/index.js';
import { stringify } from 'yaml';
import { DEFAULT_LB_ADDRESS } from '../helpers/engine.js';
import { manifestsFor } from '../helpers/manifests.js';

const HOSTS = ['a.example.com', 'b.example.com', 'c.example.com'];
const ANNOTATIONS: readonly Readonly<Record<string, string>>[] = [
  {},
  {},
  { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '5' },
  { 'nginx.ingress.kubernetes.io/rewrite-target': '/$1' },
  { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
  {
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-weight': '50',
  },
  {
    'nginx.ingress.kubernetes.io/auth-type': 'basic',
    'nginx.ingress.kubernetes.io/auth-secret': 'basic-auth',
  },
  { 'nginx.ingress.kubernetes.io/limit-rps': '2' },
  { 'nginx.ingress.kubernetes.io/default-backend': 'web' },
  { 'nginx.ingress.kubernetes.io/app-root': '/web' },
];

/** Ingresses that ingress-nginx serves, sharing a few hosts and paths. */
const ingressDocArb = fc
  .record({
    name: fc.constantFrom('i0', 'i1', 'i2', 'i3', 'i4', 'i5'),
    created: fc.constantFrom(
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:01Z',
      '2025-01-01T00:00:00Z',
    ),
    annotations: fc.constantFrom(...ANNOTATIONS),
    defaultBackend: fc.boolean(),
    rules: fc.array(
      fc.record({
        host: fc.constantFrom(...HOSTS),
        paths: fc.array(
          fc.record({
            path: fc.constantFrom('/', '/api', '/api/v1', '/web', '/(.*)'),
            pathType: fc.constantFrom('Prefix', 'Exact', 'ImplementationSpecific'),
            service: fc.constantFrom('api', 'web'),
          }),
          { minLength: 1, maxLength: 2 },
        ),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    tls: fc.option(fc.constantFrom('tls-a', 'missing'), { nil: undefined }),
  })
  .map((i) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: i.name,
      namespace: 'default',
      creationTimestamp: i.created,
      annotations: i.annotations,
    },
    spec: {
      ingressClassName: 'nginx',
      ...(i.defaultBackend
        ? { defaultBackend: { service: { name: 'web', port: { number: 80 } } } }
        : {}),
      ...(i.tls ? { tls: [{ hosts: [i.rules[0]?.host], secretName: i.tls }] } : {}),
      rules: i.rules.map((r) => ({
        host: r.host,
        http: {
          paths: r.paths.map((p) => ({
            path: p.path,
            pathType: p.pathType,
            backend: { service: { name: p.service, port: { number: 80 } } },
          })),
        },
      })),
    },
  }));

/** What the Ingresses name: Services, a TLS Secret, the auth Secret, the ConfigMap. */
const supportDocArb = fc.constantFrom<unknown>(
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'default' },
    spec: { ports: [{ port: 80 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { ports: [{ port: 80 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name: 'tls-a', namespace: 'default' },
    stringData: { 'tls.crt': 'a certificate', 'tls.key': 'a key' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'basic-auth', namespace: 'default' },
    stringData: { auth: 'ann:$apr1$x$y' },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    data: { 'ssl-redirect': 'false' },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    data: { 'proxy-read-timeout': '20' },
  },
);

const docsArb = fc.array(fc.oneof(ingressDocArb, supportDocArb), {
  minLength: 3,
  maxLength: 10,
});

/** Requests to those hosts, over HTTP and HTTPS. */
const requestArb = fc
  .record({
    https: fc.boolean(),
    host: fc.constantFrom(...HOSTS),
    path: fc.constantFrom('/', '/api', '/api/v1/x', '/web/', '/other'),
  })
  .map((r) => ({
    url: `${r.https ? 'https' : 'http'}://${r.host}${r.path}`,
    insecure: true,
    resolve: [{ host: r.host, port: r.https ? 443 : 80, address: DEFAULT_LB_ADDRESS }],
  }));

/** One line per document, so that replacing one leaves every other where it was. */
const oneLine = (doc: unknown): string =>
  stringify(doc, { version: '1.1', collectionStyle: 'flow', lineWidth: 0 }).trimEnd();

/**
 * Two files of the same length: the second keeps each document of the first at the same line
 * (the loader keeps its objects), or puts another document there. Kept Ingresses then meet
 * other Ingresses of their hosts, other Secrets and another ConfigMap.
 */
const editArb = fc
  .tuple(docsArb, docsArb, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }))
  .map(([mine, theirs, keep]) => {
    const before = mine.map(oneLine);
    const after = before.map((doc, i) => {
      const other = theirs[i];
      return keep[i] || other === undefined ? doc : oneLine(other);
    });
    return { before: before.join('\n---\n'), after: after.join('\n---\n') };
  });

/** What the route tables, the problems and the controllers say, as text. */
function answer(cluster: Cluster): string {
  return JSON.stringify({
    diagnostics: cluster.diagnostics,
    controllers: cluster.controllers.map((c) => ({
      id: c.id,
      summary: c.summary,
      listeners: c.listeners.map((l) => ({ port: l.port, table: l.table })),
      claimed: c.claimed.map((r) => r.source),
    })),
  });
}

describe('an edit re-evaluated with what the last evaluation kept', () => {
  it('gives the answer a fresh load of the edited text gives', () => {
    fc.assert(
      fc.property(
        editArb,
        fc.array(requestArb, { minLength: 1, maxLength: 3 }),
        (edit, requests) => {
          const loader = new ManifestLoader();
          buildCluster(loader.load(edit.before).resources);
          const reused = buildCluster(loader.load(edit.after).resources);
          const fresh = buildCluster(loadManifests(edit.after).resources);
          expect(answer(reused)).toBe(answer(fresh));
          for (const request of requests)
            expect(JSON.stringify(trace(reused, request, { seed: 7 }))).toBe(
              JSON.stringify(trace(fresh, request, { seed: 7 })),
            );
        },
      ),
      { numRuns: 300, seed: 0x1c4e01 },
    );
  });

  it('reuses an unchanged host: the same VirtualHost object after an edit elsewhere', () => {
    const hostsOf = hostsAfterEachLoad();
    const first = hostsOf(
      twoIngresses(['a.example.com', '/api', '30'], ['b.example.com', '/api', '30']),
    );
    const second = hostsOf(
      twoIngresses(['a.example.com', '/api', '30'], ['b.example.com', '/api', '90']),
    );
    expect(second.get('a.example.com')).toBe(first.get('a.example.com'));
    expect(second.get('b.example.com')).not.toBe(first.get('b.example.com'));
    expect(second.get('b.example.com')?.routes[0]?.policy.timeouts.readMs).toBe(90_000);
  });

  it('rebuilds a host when an Ingress that is not its first changes in place', () => {
    // Same creation time: ingress-nginx takes b before a (names in descending order), so b
    // opens the server and a adds /api to it. The edit keeps every line where it was.
    const hostsOf = hostsAfterEachLoad();
    const before = hostsOf(
      twoIngresses(['shop.example.com', '/api', '30'], ['shop.example.com', '/web', '30']),
    );
    const after = hostsOf(
      twoIngresses(['shop.example.com', '/api', '90'], ['shop.example.com', '/web', '30']),
    );
    const readMs = (
      host: Map<string, VirtualHost> | undefined,
      label: string,
    ): number | undefined =>
      host?.get('shop.example.com')?.routes.find((r) => r.label === label)?.policy.timeouts.readMs;
    expect(readMs(before, 'location /api/')).toBe(30_000);
    expect(readMs(after, 'location /api/')).toBe(90_000);
    expect(readMs(after, 'location /web/')).toBe(30_000);
  });
});

/**
 * Ingresses a and b (host, path, proxy-read-timeout each) with a Service and Deployment
 * per backend. Texts that differ only in a timeout have the same lines.
 */
function twoIngresses(
  a: readonly [string, string, string],
  b: readonly [string, string, string],
): string {
  return manifestsFor(
    [a, b].map(([host, path, timeout], i) => ({
      name: i === 0 ? 'a' : 'b',
      host,
      paths: [{ path, pathType: 'Prefix' as const, service: 'api' }],
      annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': timeout },
    })),
  );
}

/** Loads each text with one loader, as the page's worker does, and gives the hosts built. */
function hostsAfterEachLoad(): (text: string) => Map<string, VirtualHost> {
  const loader = new ManifestLoader();
  return (text) => {
    const table = buildCluster(loader.load(text).resources).controllers[0]?.listeners[0]?.table;
    return new Map(table?.virtualHosts.map((vh) => [vh.hostname ?? '', vh]));
  };
}
