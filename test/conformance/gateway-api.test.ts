/**
 * Every case of the Gateway API conformance suite (test/conformance/data/gateway-api/*.json,
 * transcribed from kubernetes-sigs/gateway-api conformance/tests) traced through the engine
 * as Envoy Gateway, and compared the way the suite compares (data/README.md, from
 * conformance/utils/http):
 *  - the suite's base manifests plus the test's own, with "{GATEWAY_CLASS_NAME}" naming a
 *    GatewayClass of Envoy Gateway, and the TLS Secret the suite generates at run time;
 *  - each request sent to the address of the Gateway under test, with the Host header and
 *    TLS server name the case gives (curl --resolve and -H Host);
 *  - backends are the suite's echo server (echo-basic), whose answers follow the query
 *    (delay, responseCode, succeedAfter, delayRetry) and X-Echo-Set-Header;
 *  - weight and percentage-mirror cases are checked as distributions over many requests,
 *    each traced with its own fixed seed.
 * A case whose feature the engine does not claim is listed in NOT_CLAIMED with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  loadManifests,
  trace,
  type Cluster,
  type Resource,
  type Trace,
} from '../../src/engine/index.js';
import { gatewayApiStatus } from '../../src/engine/flavors/gateway/build.js';

const DATA = new URL('./data/gateway-api/', import.meta.url);

interface GatewayRef {
  readonly namespace: string;
  readonly name: string;
}

interface CaseRequest {
  readonly gateway: GatewayRef;
  readonly listener?: string;
  readonly scheme: 'http' | 'https';
  readonly port: number;
  readonly sni?: string;
  readonly host?: string;
  readonly method: string;
  readonly path: string;
  readonly query?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly protocol?: string;
  readonly backendResponseHeaders?: Readonly<Record<string, string>>;
  readonly backendSimulation?: Readonly<Record<string, string>>;
}

interface MirrorExpect {
  readonly backend: string;
  readonly namespace: string;
  readonly percent?: number;
}

interface CaseExpect {
  readonly status?: number;
  readonly statusOneOf?: readonly number[];
  readonly backend?: string;
  readonly namespace?: string;
  readonly noBackendRequest?: boolean;
  readonly rewrittenPath?: string;
  readonly rewrittenHost?: string;
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly absentRequestHeaders?: readonly string[];
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly responseHeadersOneOf?: Readonly<Record<string, readonly string[]>>;
  readonly absentResponseHeaders?: readonly string[];
  readonly ignoreWhitespaceInHeaderValues?: boolean;
  readonly redirect?: {
    readonly scheme?: string;
    readonly host?: string;
    readonly port?: number;
    readonly path?: string;
  };
  readonly mirroredTo?: readonly MirrorExpect[];
  readonly distribution?: Readonly<Record<string, number>>;
  readonly distributionCheck?: { readonly requests: number; readonly tolerance: number };
  readonly backendOneOf?: readonly string[];
  readonly requestHeaderMatchesBackend?: string;
}

interface Mutation {
  readonly action: 'delete';
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

interface Case {
  readonly name: string;
  readonly request: CaseRequest;
  readonly expect: CaseExpect;
  readonly mutationsBefore?: readonly Mutation[];
}

interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

interface CaseFile {
  readonly file: string;
  readonly name: string;
  readonly manifests: string;
  readonly cases: readonly Case[];
  readonly routeConditions?: readonly {
    readonly route: ObjectRef;
    readonly parent: ObjectRef;
    readonly type: string;
    readonly status: string;
    readonly reason?: string;
  }[];
  readonly listenerAttachedRoutes?: readonly {
    readonly gateway: GatewayRef;
    readonly listener: string;
    readonly attachedRoutes: number;
  }[];
  readonly gatewayAttachedRoutes?: readonly {
    readonly gateway: GatewayRef;
    readonly attachedRoutes: number;
  }[];
}

/**
 * Cases whose feature the engine does not claim, by `file` or `file#case name`, with the
 * reason. The one place where a case may be left out.
 */
const NOT_CLAIMED: ReadonlyMap<string, string> = new Map<string, string>([]);

/** The GatewayClass the suite is run with: Envoy Gateway's. */
const GATEWAY_CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: envoy-gateway
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
`;

/**
 * The suite generates this Secret at run time (conformance/utils/kubernetes/certificate.go,
 * a self-signed certificate for `*`, `*.org` and `*.wildcard.org`). A placeholder Secret of
 * type kubernetes.io/tls stands in: the engine assumes it covers the names it serves
 * (cluster/certificates.ts), and the requests, like the suite's, do not verify it.
 */
const GENERATED_SECRETS = `apiVersion: v1
kind: Secret
metadata:
  name: tls-validity-checks-certificate
  namespace: gateway-conformance-infra
type: kubernetes.io/tls
stringData:
  tls.crt: generated-by-the-suite-at-run-time
  tls.key: generated-by-the-suite-at-run-time
`;

/** What the suite puts where the test writes <random-uuid>. */
const UUID = '6f1c1f0e-5d2b-4c89-9a3e-2b1e7c4d9a10';

const BASE = readFileSync(new URL('base/base.yaml', DATA), 'utf8');

function loadFiles(): CaseFile[] {
  return readdirSync(DATA)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file: file.replace(/\.json$/, ''),
      ...(JSON.parse(readFileSync(new URL(file, DATA), 'utf8')) as Omit<CaseFile, 'file'>),
    }));
}

function yamlFor(manifests: string): string {
  return [GATEWAY_CLASS, GENERATED_SECRETS, BASE, manifests]
    .join('\n---\n')
    .replaceAll('{GATEWAY_CLASS_NAME}', 'envoy-gateway');
}

/**
 * httproute-service-types: "Before sending requests the test fills the manual
 * EndpointSlices (*-ip4/*-ip6) with the IPs of the infra-backend-v1 pods" (the case note).
 * The pods have IPv4 addresses only, so the IPv6 slices stay empty.
 */
function fillManualEndpointSlices(manifests: string, cluster: Cluster): string {
  const pods = cluster.pods.filter(
    (p) => p.namespace === 'gateway-conformance-infra' && p.name.startsWith('infra-backend-v1-'),
  );
  return parseAllDocuments(manifests)
    .map((doc) => {
      const obj = doc.toJS() as Record<string, unknown> | null;
      if (obj && obj.kind === 'EndpointSlice' && obj.addressType === 'IPv4')
        obj.endpoints = pods.map((p) => ({
          addresses: [p.ip],
          conditions: { ready: true },
          targetRef: { kind: 'Pod', name: p.name, namespace: p.namespace },
        }));
      return JSON.stringify(obj);
    })
    .join('\n---\n');
}

interface Lab {
  resources: Resource[];
  cluster: Cluster;
}

function buildLab(file: CaseFile): Lab {
  let yaml = yamlFor(file.manifests);
  let load = loadManifests(yaml);
  let cluster = buildCluster(load.resources);
  if (file.file === 'httproute-service-types') {
    yaml = yamlFor(fillManualEndpointSlices(file.manifests, cluster));
    load = loadManifests(yaml);
    cluster = buildCluster(load.resources);
  }
  expect(load.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { resources: [...load.resources], cluster };
}

function applyMutations(lab: Lab, mutations: readonly Mutation[]): void {
  for (const m of mutations) {
    const before = lab.resources.length;
    lab.resources = lab.resources.filter(
      (r) => !(r.kind === m.kind && r.meta.namespace === m.namespace && r.meta.name === m.name),
    );
    expect(lab.resources.length, `mutation ${m.action} ${m.kind} ${m.name}`).toBe(before - 1);
  }
  lab.cluster = buildCluster(lab.resources);
}

function gatewayAddress(cluster: Cluster, g: GatewayRef): string {
  const c = cluster.controllers.find((x) =>
    x.claimed.some(
      (r) => r.kind === 'Gateway' && r.meta.namespace === g.namespace && r.meta.name === g.name,
    ),
  );
  if (!c) throw new Error(`no controller serves Gateway ${g.namespace}/${g.name}`);
  return c.address;
}

/** Sends the request as the suite does: to the Gateway's address, with its Host and SNI. */
function send(cluster: Cluster, r: CaseRequest, seed: number): Trace {
  const address = gatewayAddress(cluster, r.gateway);
  const query = r.query ? `?${r.query.replaceAll('<random-uuid>', UUID)}` : '';
  const headers: [string, string][] = Object.entries(r.headers ?? {});
  if (r.backendResponseHeaders)
    headers.push([
      'X-Echo-Set-Header',
      Object.entries(r.backendResponseHeaders)
        .map(([k, v]) => `${k}:${v}`)
        .join(','),
    ]);
  if (r.scheme === 'https') {
    const name = r.sni ?? r.host ?? address;
    if (r.host !== undefined && r.host !== name) headers.push(['Host', r.host]);
    return trace(
      cluster,
      {
        url: `https://${name}:${r.port}${r.path}${query}`,
        method: r.method,
        headers,
        resolve: [{ host: name, port: r.port, address }],
        insecure: true,
      },
      { seed },
    );
  }
  if (r.host !== undefined) headers.push(['Host', r.host]);
  return trace(
    cluster,
    { url: `http://${address}:${r.port}${r.path}${query}`, method: r.method, headers },
    { seed },
  );
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function statusMatches(expected: CaseExpect, actual: number | null): boolean {
  const allowed = expected.statusOneOf ?? (expected.status !== undefined ? [expected.status] : []);
  // "408 and 504 are treated as the same timeout status: an expected 504 also accepts 408."
  return actual !== null && (allowed.includes(actual) || (actual === 408 && allowed.includes(504)));
}

/** The suite's comparisons for one response; returns what differs. */
function compare(t: Trace, r: CaseRequest, e: CaseExpect): string[] {
  const problems: string[] = [];
  if (!statusMatches(e, t.status))
    return [
      `status ${t.status ?? t.error} instead of ${e.statusOneOf?.join('|') ?? e.status}: ${t.summary}`,
    ];
  const norm = (v: string | undefined): string | undefined =>
    e.ignoreWhitespaceInHeaderValues && v !== undefined ? v.replace(/\s+/g, '') : v;
  for (const [name, values] of Object.entries(e.responseHeadersOneOf ?? {})) {
    const got = norm(header(t.responseHeaders, name));
    if (got === undefined || !values.map((v) => norm(v)).includes(got))
      problems.push(`response header ${name}: ${got} not one of ${values.join(' | ')}`);
  }
  for (const name of e.absentResponseHeaders ?? [])
    if (header(t.responseHeaders, name) !== undefined)
      problems.push(`response header ${name} should be absent`);
  if (e.noBackendRequest && (t.attempts.length > 0 || t.backend !== null))
    problems.push(`the pod received the request (${t.backend?.pod ?? ''})`);
  if (e.redirect) {
    const loc = t.redirect ? new URL(t.redirect) : undefined;
    if (!loc) problems.push(`no redirect: ${t.summary}`);
    else {
      const scheme = loc.protocol.replace(':', '');
      const wantScheme = e.redirect.scheme ?? r.scheme;
      if (scheme !== wantScheme) problems.push(`redirect scheme ${scheme}, not ${wantScheme}`);
      if (e.redirect.host !== undefined && loc.hostname !== e.redirect.host)
        problems.push(`redirect host ${loc.hostname}, not ${e.redirect.host}`);
      const defaultPort = scheme === 'https' ? 443 : 80;
      const port = loc.port === '' ? defaultPort : Number(loc.port);
      if ((e.redirect.port ?? defaultPort) !== port)
        problems.push(`redirect port ${loc.port || '(none)'}, not ${e.redirect.port ?? '(none)'}`);
      const wantPath = e.redirect.path ?? r.path;
      if (loc.pathname !== wantPath)
        problems.push(`redirect path ${loc.pathname}, not ${wantPath}`);
    }
  }
  // Backend, path and header checks only apply to 200 and 204 answers.
  if (t.status !== 200 && t.status !== 204) return problems;
  if (e.noBackendRequest) return problems;
  if (!t.backend || !t.forwarded) return [...problems, `no pod answered: ${t.summary}`];
  if (e.backend !== undefined && !t.backend.pod.startsWith(e.backend))
    problems.push(`pod ${t.backend.pod} is not a ${e.backend} pod`);
  if (e.namespace !== undefined && t.backend.namespace !== e.namespace)
    problems.push(`pod namespace ${t.backend.namespace}, not ${e.namespace}`);
  const sentPath = `${r.path}${r.query ? `?${r.query.replaceAll('<random-uuid>', UUID)}` : ''}`;
  const wantPath = e.rewrittenPath ?? sentPath;
  if (t.forwarded.path !== wantPath)
    problems.push(`the pod received path ${t.forwarded.path}, not ${wantPath}`);
  if (e.rewrittenHost !== undefined && t.forwarded.host !== e.rewrittenHost)
    problems.push(`the pod received Host ${t.forwarded.host}, not ${e.rewrittenHost}`);
  for (const [name, value] of Object.entries(e.requestHeaders ?? {})) {
    const got =
      name.toLowerCase() === 'host' ? t.forwarded.host : header(t.forwarded.headers, name);
    if (norm(got) !== norm(value)) problems.push(`request header ${name}: ${got}, not ${value}`);
  }
  for (const name of e.absentRequestHeaders ?? [])
    if (header(t.forwarded.headers, name) !== undefined)
      problems.push(`request header ${name} should be absent`);
  for (const [name, value] of Object.entries(e.responseHeaders ?? {})) {
    const got = header(t.responseHeaders, name);
    if (norm(got) !== norm(value)) problems.push(`response header ${name}: ${got}, not ${value}`);
  }
  for (const m of e.mirroredTo ?? [])
    if (
      m.percent === undefined &&
      !t.mirrored.some(
        (x) => x.namespace === m.namespace && x.pod !== null && x.pod.startsWith(m.backend),
      )
    )
      problems.push(`no copy mirrored to ${m.namespace}/${m.backend}`);
  return problems;
}

/** Requests with their own seed each: distributions, as the suite measures them. */
function many(cluster: Cluster, r: CaseRequest, n: number): Trace[] {
  return Array.from({ length: n }, (_, i) => send(cluster, r, 1000 + i));
}

function checkMirrorPercent(lab: Lab, c: Case, m: MirrorExpect): void {
  // "The percentage check sends 500 requests per case and accepts mirrored counts within
  // 3 standard deviations of Binomial(n, percent/100)" (the case file's note).
  const n = 500;
  const p = (m.percent ?? 100) / 100;
  const mirrored = many(lab.cluster, c.request, n).filter((t) =>
    t.mirrored.some((x) => x.namespace === m.namespace && x.pod?.startsWith(m.backend)),
  ).length;
  const sd = Math.sqrt(n * p * (1 - p));
  expect(
    Math.abs(mirrored - n * p),
    `${mirrored} of ${n} mirrored, expected ${n * p}`,
  ).toBeLessThanOrEqual(3 * sd);
}

function checkDistribution(lab: Lab, c: Case): void {
  const e = c.expect;
  const n = e.distributionCheck?.requests ?? 500;
  const tolerance = e.distributionCheck?.tolerance ?? 0.05;
  const traces = many(lab.cluster, c.request, n);
  const counts = new Map<string, number>();
  for (const t of traces) {
    expect(statusMatches(e, t.status), t.summary).toBe(true);
    const backend = Object.keys(e.distribution ?? {}).find((b) => t.backend?.pod.startsWith(b));
    expect(backend, `pod ${t.backend?.pod}`).toBeDefined();
    if (backend) counts.set(backend, (counts.get(backend) ?? 0) + 1);
  }
  for (const [backend, share] of Object.entries(e.distribution ?? {})) {
    const got = (counts.get(backend) ?? 0) / n;
    // "a 0 weight means the backend must receive no traffic".
    if (share === 0) expect(got, backend).toBe(0);
    else
      expect(Math.abs(got - share), `${backend}: ${got} of the requests`).toBeLessThanOrEqual(
        tolerance,
      );
  }
}

function checkBackendHeaderPairs(lab: Lab, c: Case): void {
  // "The Go test sends 100 identical requests; for each, the backend must see exactly one
  // 'Backend' header, and the serving pod name must start with that header's value."
  const name = c.expect.requestHeaderMatchesBackend ?? 'Backend';
  for (const t of many(lab.cluster, c.request, 100)) {
    expect(compare(t, c.request, c.expect)).toEqual([]);
    const value = header(t.forwarded?.headers ?? {}, name);
    expect(value, t.summary).toBeDefined();
    expect(value?.includes(','), `one ${name} header`).toBe(false);
    expect(t.backend?.pod.startsWith(value ?? '\u0000'), `${t.backend?.pod} / ${value}`).toBe(true);
    expect(c.expect.backendOneOf?.some((b) => t.backend?.pod.startsWith(b))).toBe(true);
  }
}

const files = loadFiles();

describe('Gateway API conformance case files', () => {
  it('are all here (62 files, 361 cases)', () => {
    expect(files).toHaveLength(62);
    expect(files.reduce((n, f) => n + f.cases.length, 0)).toBe(361);
  });
  it('name only cases that exist in NOT_CLAIMED', () => {
    for (const key of NOT_CLAIMED.keys()) {
      const [file, name] = key.split('#');
      const f = files.find((x) => x.file === file);
      expect(f, key).toBeDefined();
      if (name !== undefined)
        expect(
          f?.cases.some((c) => c.name === name),
          key,
        ).toBe(true);
    }
  });
});

for (const file of files) {
  describe(`${file.file} (${file.name})`, () => {
    const lab = buildLab(file);
    const claimedFile = !NOT_CLAIMED.has(file.file);
    if (file.routeConditions || file.listenerAttachedRoutes || file.gatewayAttachedRoutes)
      it.runIf(claimedFile)('route conditions and attached routes', () => {
        const status = gatewayApiStatus(lab.resources);
        for (const rc of file.routeConditions ?? []) {
          const parent = status.routes.find(
            (s) =>
              s.route.meta.namespace === rc.route.namespace &&
              s.route.meta.name === rc.route.name &&
              s.parent.kind === rc.parent.kind &&
              s.parent.namespace === rc.parent.namespace &&
              s.parent.name === rc.parent.name,
          );
          expect(parent, `${rc.route.name} → ${rc.parent.kind} ${rc.parent.name}`).toBeDefined();
          const cond = parent?.conditions.find((x) => x.type === rc.type);
          expect(
            { type: rc.type, status: cond?.status, ...(rc.reason ? { reason: cond?.reason } : {}) },
            `${rc.route.name} → ${rc.parent.name}`,
          ).toEqual({
            type: rc.type,
            status: rc.status,
            ...(rc.reason ? { reason: rc.reason } : {}),
          });
        }
        for (const l of file.listenerAttachedRoutes ?? []) {
          const got = status.listeners.find(
            (x) =>
              x.gateway.meta.namespace === l.gateway.namespace &&
              x.gateway.meta.name === l.gateway.name &&
              x.listener === l.listener,
          );
          expect(got?.attachedRoutes, `${l.gateway.name}/${l.listener}`).toBe(l.attachedRoutes);
        }
        for (const g of file.gatewayAttachedRoutes ?? []) {
          const ls = status.listeners.filter(
            (x) =>
              x.gateway.meta.namespace === g.gateway.namespace &&
              x.gateway.meta.name === g.gateway.name,
          );
          expect(ls.length, g.gateway.name).toBeGreaterThan(0);
          for (const l of ls)
            expect(l.attachedRoutes, `${g.gateway.name}/${l.listener}`).toBe(g.attachedRoutes);
        }
      });
    // Cases run in order: mutationsBefore accumulate, as the suite applies them.
    for (const c of file.cases) {
      const skip = NOT_CLAIMED.has(file.file) || NOT_CLAIMED.has(`${file.file}#${c.name}`);
      it.runIf(!skip)(c.name, () => {
        if (c.mutationsBefore) applyMutations(lab, c.mutationsBefore);
        if (c.expect.distribution) return checkDistribution(lab, c);
        if (c.expect.requestHeaderMatchesBackend) return checkBackendHeaderPairs(lab, c);
        const t = send(lab.cluster, c.request, 1);
        expect(compare(t, c.request, c.expect), t.explanation).toEqual([]);
        for (const m of c.expect.mirroredTo ?? [])
          if (m.percent !== undefined && (t.status === 200 || t.status === 204))
            checkMirrorPercent(lab, c, m);
      });
    }
  });
}
