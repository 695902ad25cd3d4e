/**
 * Every case of the Ingress conformance suite (test/conformance/data/ingress/*.json,
 * transcribed from kubernetes-sigs/ingress-controller-conformance features/*.feature)
 * traced through the engine as ingress-nginx v1.15.
 *
 * The harness is reproduced the way upstream runs it (test/kubernetes/*.go, test/http/http.go):
 * IngressClass "conformance" (controller k8s.io/ingress-nginx) set on Ingresses without a
 * class; echo Deployments behind the harness Services; TLS Secrets from a real self-signed
 * certificate (fixtures/); requests sent to the load balancer's address with the name under
 * test as Host (and SNI, with InsecureSkipVerify).
 *
 * Where ingress-nginx answers differently from the upstream expectation, the `QUIRKS` table
 * asserts the real answer and names its source, then follows the redirect as the harness does
 * (CaptureRoundTrip: `if isRedirect(resp.StatusCode) { return CaptureRoundTrip(method,
 * redirectURL.Scheme, redirectURL.Hostname(), redirectURL.Path, location) }`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Cluster, Trace } from '../../src/engine/index.js';
import {
  harnessYaml,
  INGRESS_CASES_DIR,
  loadIngressCaseFiles,
  type Fixture,
  type IngressCase,
  type IngressCaseExpect,
  type IngressCaseFile,
} from '../helpers/conformance.js';
import {
  DEFAULT_LB_ADDRESS,
  followRedirect,
  lab,
  send,
  type HarnessRequest,
} from '../helpers/engine.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Made once with `openssl req -x509` (see fixtures/README.md): SAN DNS:foo.bar.com. */
const CERTIFICATES: ReadonlyMap<string, Fixture> = new Map([
  [
    'foo.bar.com',
    {
      certPem: fixture('foo.bar.com.crt.pem'),
      keyPem: fixture('foo.bar.com.key.pem'),
      hosts: ['foo.bar.com'],
    },
  ],
]);

/** What the Go client sends on every request (DisableCompression: no Accept-Encoding). */
const GO_CLIENT_HEADERS: readonly (readonly [string, string])[] = [
  ['User-Agent', 'Go-http-client/1.1'],
];

/**
 * Expectation fields the engine does not model, so they are not asserted: HTTP versions
 * (every request here is HTTP/1.1), and response headers the echo pod and nginx add
 * (Date, Server, Content-Type, Content-Length).
 */
const NOT_MODELLED: ReadonlySet<keyof IngressCaseExpect> = new Set([
  'requestProto',
  'responseProto',
  'responseHeaders',
]);
const ASSERTED: ReadonlySet<keyof IngressCaseExpect> = new Set([
  'status',
  'backend',
  'requestHost',
  'requestPath',
  'requestMethod',
  'requestHeaders',
  'tlsCertificateHostname',
  'distinctPods',
]);

interface Quirk {
  /** Case file id and the request that shows the quirk. */
  readonly file: string;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly path: string;
  readonly what: string;
  /** Where the real behaviour is written down. */
  readonly source: string;
  /** The real first answer. */
  readonly status: number;
  readonly location: string;
  /**
   * After the harness follows the redirect: 'upstream' = the case's own expectation holds;
   * otherwise what really comes back (the case then fails upstream against ingress-nginx).
   */
  readonly afterRedirect:
    'upstream' | { readonly status: number; readonly backend: string; readonly why: string };
  /** The certificate the followed https request is served, when it is one. */
  readonly followedTls?: { readonly secret: string | null; readonly defaultCertificate: boolean };
}

const QUIRKS: readonly Quirk[] = [
  {
    file: 'host-rules',
    scheme: 'http',
    host: 'foo.bar.com',
    path: '/',
    what: 'ssl-redirect: the host has a certificate (tls.hosts: foo.bar.com), so plain HTTP gets 308 to https; the redirect strips the trailing "/" unless preserve-trailing-slash',
    source:
      'semantics.md B6 "When ssl-redirect fires" and B5 http-redirect-code 308; ingress-nginx rootfs/etc/nginx/lua/lua_ingress.lua redirect_to_https',
    status: 308,
    location: 'https://foo.bar.com',
    afterRedirect: 'upstream',
    followedTls: { secret: 'conformance-host-rules/conformance-tls', defaultCertificate: false },
  },
  {
    file: 'host-rules',
    scheme: 'http',
    host: 'bar.foo.com',
    path: '/',
    what: '"*.foo.com" is in the rules of an Ingress that has a tls: section but not in its tls.hosts, and conformance-tls does not cover it: the server gets the default certificate, so ssl-redirect fires for it too (certificate.lua finds "*.foo.com" for bar.foo.com)',
    source:
      'semantics.md B6 "Default certificate" last bullet (Derived: such a host also gets the 308); ingress-nginx internal/ingress/controller/controller.go createServers + extractTLSSecretName, rootfs/etc/nginx/lua/certificate.lua get_pem_cert_uid',
    status: 308,
    location: 'https://bar.foo.com',
    afterRedirect: 'upstream',
    followedTls: { secret: null, defaultCertificate: true },
  },
  {
    file: 'path-rules',
    scheme: 'http',
    host: 'trailing-slash-path-rules',
    path: '/aaa/bbb',
    what: 'Prefix /aaa/bbb/ becomes `location /aaa/bbb/` + `location = /aaa/bbb/`; nginx auto_redirect answers /aaa/bbb with 301 to /aaa/bbb/',
    source:
      'semantics.md B2 "Correction"; nginx ngx_http_core_module "location" (a prefix ending in "/" with proxy_pass → 301), ngx_http_core_find_static_location auto_redirect',
    status: 301,
    location: 'http://trailing-slash-path-rules/aaa/bbb/',
    afterRedirect: 'upstream',
  },
  {
    file: 'path-rules',
    scheme: 'http',
    host: 'trailing-slash-path-rules',
    path: '/foo',
    what: 'Exact /foo/ becomes `location = /foo/`, which also gets nginx auto_redirect: /foo → 301 /foo/. The harness follows it and lands on foo-slash-exact, so ingress-nginx answers 200 where upstream expects 404: it fails this upstream case',
    source:
      'semantics.md B2 "Correction" (`Prefix /foo/` or `Exact /foo/`); nginx ngx_http_core_find_static_location (auto_redirect is set on exact nodes too); ingress-controller-conformance test/http/http.go CaptureRoundTrip follows redirects',
    status: 301,
    location: 'http://trailing-slash-path-rules/foo/',
    afterRedirect: {
      status: 200,
      backend: 'foo-slash-exact',
      why: 'the followed request /foo/ equals Exact /foo/',
    },
  },
];

const files = loadIngressCaseFiles();

function harnessRequest(c: IngressCase): HarnessRequest {
  return {
    scheme: c.request.scheme,
    ...(c.request.host !== undefined ? { host: c.request.host } : {}),
    path: c.request.path,
    method: c.request.method,
    headers: GO_CLIENT_HEADERS,
  };
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The upstream suite's comparisons (ingress-controller-conformance test/conformance/*). */
function assertUpstream(cluster: Cluster, t: Trace, exp: IngressCaseExpect): void {
  for (const key of Object.keys(exp) as (keyof IngressCaseExpect)[])
    expect(
      ASSERTED.has(key) || NOT_MODELLED.has(key),
      `expectation field "${key}" is neither asserted nor listed as not modelled`,
    ).toBe(true);
  expect(t.error, t.summary).toBeNull();
  expect(t.status, t.summary).toBe(exp.status);
  if (exp.backend !== undefined) {
    expect(t.backend, t.summary).not.toBeNull();
    expect(t.backend?.service).toBe(exp.backend);
    // The harness deploys every backend: nothing may be assumed.
    expect(t.backend?.assumed).toBeUndefined();
    expect(t.stages.find((s) => s.id === 'endpoints')?.assumptions ?? []).toStrictEqual([]);
  }
  if (exp.requestHost !== undefined) expect(t.forwarded?.host).toBe(exp.requestHost);
  if (exp.requestPath !== undefined) expect(t.forwarded?.path).toBe(exp.requestPath);
  // nginx proxies the client's method unchanged (no proxy_method in ingress-nginx's template);
  // the trace records it on the request, the pod receives the same.
  if (exp.requestMethod !== undefined) {
    expect(t.forwarded).not.toBeNull();
    expect(t.request.method).toBe(exp.requestMethod);
  }
  for (const [name, value] of Object.entries(exp.requestHeaders ?? {})) {
    const got = headerValue(t.forwarded?.headers ?? {}, name);
    if (value === '*') expect(got, `request header ${name}`).toBeDefined();
    else expect(got, `request header ${name}`).toBe(value);
  }
  if (exp.tlsCertificateHostname !== undefined) {
    // The harness reads certs[0].DNSNames[0] of the served certificate.
    expect(t.tls).not.toBeNull();
    expect(t.tls?.defaultCertificate).toBe(false);
    const secret = t.tls?.secret ?? '';
    const cert = cluster.certificates.get(secret);
    expect(cert, `certificate of ${secret}`).toBeDefined();
    expect(cert?.placeholder).toBe(false);
    expect(cert?.dnsNames[0]).toBe(exp.tlsCertificateHostname);
    expect(t.tls?.verified).toBe(true);
  }
}

function quirkFor(file: IngressCaseFile, c: IngressCase): Quirk | undefined {
  return QUIRKS.find(
    (q) =>
      q.file === file.id &&
      q.scheme === c.request.scheme &&
      q.host === c.request.host &&
      q.path === c.request.path,
  );
}

describe('conformance case files', () => {
  it(`are found in ${INGRESS_CASES_DIR}`, () => {
    expect(files.map((f) => f.id)).toStrictEqual([
      'default-backend',
      'host-rules',
      'ingress-class',
      'load-balancing',
      'path-rules',
    ]);
    // README.md "Counts": 29 cases (6 + 6 + 0 + 1 + 16).
    expect(files.reduce((n, f) => n + f.cases.length, 0)).toBe(29);
  });

  it('every quirk names a case that exists', () => {
    for (const q of QUIRKS) {
      const file = files.find((f) => f.id === q.file);
      expect(file, q.file).toBeDefined();
      expect(
        file?.cases.some((c) => quirkFor(file, c) === q),
        `${q.file} ${q.host}${q.path}`,
      ).toBe(true);
    }
  });
});

for (const file of files) {
  describe(`${file.id}.json: ${file.name}`, () => {
    const namespace = `conformance-${file.id}`;
    const { cluster, lint: diagnostics } = lab(harnessYaml(file, namespace, CERTIFICATES));

    it('loads with the harness objects and the assumed load balancer', () => {
      expect(cluster.controllers).toHaveLength(1);
      expect(cluster.controllers[0]?.address).toBe(DEFAULT_LB_ADDRESS);
      expect(cluster.controllers[0]?.classNames).toStrictEqual(['conformance']);
      expect(diagnostics.filter((d) => d.severity === 'error' && d.code !== 'RL208')).toStrictEqual(
        [],
      );
    });

    file.cases.forEach((c, index) => {
      const quirk = quirkFor(file, c);
      const title = `#${index + 1} ${c.name}${c.comment ? ` ${c.comment}` : ''}`;
      const req = harnessRequest(c);

      if (!quirk) {
        it(title, () => {
          const repeat = c.request.repeat ?? 1;
          const pods = new Set<string>();
          for (let seed = 1; seed <= repeat; seed++) {
            const t = send(cluster, req, { seed });
            assertUpstream(cluster, t, c.expect);
            if (t.backend) pods.add(t.backend.pod);
          }
          if (c.expect.distinctPods !== undefined) expect(pods.size).toBe(c.expect.distinctPods);
        });
        return;
      }

      it(`${title} [quirk: ${quirk.status} — ${quirk.source}]`, () => {
        const first = send(cluster, req, { seed: 1 });
        expect(first.error, first.summary).toBeNull();
        expect(first.status, first.summary).toBe(quirk.status);
        expect(first.redirect).toBe(quirk.location);
        expect(first.backend).toBeNull();
        expect(first.forwarded).toBeNull();

        const followed = followRedirect(cluster, first, req, { seed: 1 });
        if (quirk.followedTls) {
          expect(followed.tls?.secret).toBe(quirk.followedTls.secret);
          expect(followed.tls?.defaultCertificate).toBe(quirk.followedTls.defaultCertificate);
        }
        if (quirk.afterRedirect === 'upstream') {
          assertUpstream(cluster, followed, c.expect);
        } else {
          // Upstream's expectation does not hold for ingress-nginx, even after the redirect.
          expect(followed.status, followed.summary).not.toBe(c.expect.status);
          expect(followed.status, quirk.afterRedirect.why).toBe(quirk.afterRedirect.status);
          expect(followed.backend?.service).toBe(quirk.afterRedirect.backend);
        }
      });
    });

    for (const se of file.statusExpectations ?? []) {
      it(`status: ${se.scenario} (loadBalancerAddress ${se.loadBalancerAddress})`, () => {
        const controller = cluster.controllers[0];
        const names = (list: readonly { meta: { name: string } }[]): string[] =>
          list.map((i) => i.meta.name);
        if (se.loadBalancerAddress === 'absent') {
          // Not claimed → ingress-nginx writes no status address (semantics.md B1, G stage 2).
          expect(names(controller?.claimed ?? [])).not.toContain(se.ingress);
          expect(names((controller?.ignored ?? []).map((i) => i.resource))).toContain(se.ingress);
          const rl208 = diagnostics.filter(
            (d) =>
              d.code === 'RL208' && d.source?.kind === 'Ingress' && d.source.name === se.ingress,
          );
          expect(rl208).toHaveLength(1);
          // And its host is not served: the request falls to the default backend (404).
          const ing = cluster.resources.find(
            (r) => r.kind === 'Ingress' && r.meta.name === se.ingress,
          );
          const host = ing?.kind === 'Ingress' ? ing.rules[0]?.host : undefined;
          expect(host).toBeDefined();
          const t = send(cluster, { scheme: 'http', host: host ?? '', path: '/' });
          expect(t.status).toBe(404);
          expect(t.backend).toBeNull();
        } else {
          expect(names(controller?.claimed ?? [])).toContain(se.ingress);
        }
      });
    }
  });
}
