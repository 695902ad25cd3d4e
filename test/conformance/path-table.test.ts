/**
 * semantics.md A1's example table (the Kubernetes Ingress concept page, "Examples"), its
 * conformance additions, the A2 wildcard table, and the ingress-nginx specifics of B1–B3,
 * traced through the engine as ingress-nginx v1.15.
 *
 * Every row runs on a host of its own; each rule path has its own Service (and Deployment),
 * so the backend that answers names the rule that matched. Where ingress-nginx answers
 * differently from the spec's row, the row carries `nginx` with the real answer and the
 * source, and the test also follows the redirect the way a client does.
 */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/engine/index.js';
import { lab, send, followRedirect, type HarnessRequest } from '../helpers/engine.js';
import { manifestsFor, type IngressSpec, type PathType } from '../helpers/manifests.js';

type RuleText = `${'Exact' | 'Prefix'} /${string}`;

interface Row {
  readonly kind: 'Exact' | 'Prefix' | 'Mixed';
  readonly rules: readonly RuleText[];
  readonly request: string;
  /** The spec's answer: index of the rule that matches, or null (→ default backend 404). */
  readonly spec: number | null;
  readonly note?: string;
  /** ingress-nginx's real answer when it differs from the spec's row. */
  readonly nginx?: {
    readonly status: 301;
    readonly location: string;
    /** The rule the client lands on after following the redirect. */
    readonly thenRule: number;
    readonly source: string;
  };
}

const AUTO_REDIRECT =
  'semantics.md B2 "Correction": a location ending in "/" with proxy_pass gets nginx auto_redirect (ngx_http_core_module "location"; ngx_http_core_find_static_location), before any regex';

/** semantics.md A1 "The spec's example table" [K8S-ING §Examples], one request per entry. */
const TABLE: readonly Row[] = [
  { kind: 'Prefix', rules: ['Prefix /'], request: '/', spec: 0, note: 'any' },
  { kind: 'Prefix', rules: ['Prefix /'], request: '/anything/at/all', spec: 0, note: 'any' },
  { kind: 'Prefix', rules: ['Prefix /'], request: '/FOO', spec: 0, note: 'any' },
  { kind: 'Exact', rules: ['Exact /foo'], request: '/foo', spec: 0 },
  { kind: 'Exact', rules: ['Exact /foo'], request: '/bar', spec: null },
  { kind: 'Exact', rules: ['Exact /foo'], request: '/foo/', spec: null },
  {
    kind: 'Exact',
    rules: ['Exact /foo/'],
    request: '/foo',
    spec: null,
    nginx: { status: 301, location: '/foo/', thenRule: 0, source: AUTO_REDIRECT },
  },
  { kind: 'Prefix', rules: ['Prefix /foo'], request: '/foo', spec: 0 },
  { kind: 'Prefix', rules: ['Prefix /foo'], request: '/foo/', spec: 0 },
  {
    kind: 'Prefix',
    rules: ['Prefix /foo/'],
    request: '/foo',
    spec: 0,
    nginx: { status: 301, location: '/foo/', thenRule: 0, source: AUTO_REDIRECT },
  },
  { kind: 'Prefix', rules: ['Prefix /foo/'], request: '/foo/', spec: 0 },
  { kind: 'Prefix', rules: ['Prefix /aaa/bb'], request: '/aaa/bbb', spec: null },
  { kind: 'Prefix', rules: ['Prefix /aaa/bbb'], request: '/aaa/bbb', spec: 0 },
  {
    kind: 'Prefix',
    rules: ['Prefix /aaa/bbb/'],
    request: '/aaa/bbb',
    spec: 0,
    note: "rule's trailing slash ignored",
    nginx: { status: 301, location: '/aaa/bbb/', thenRule: 0, source: AUTO_REDIRECT },
  },
  {
    kind: 'Prefix',
    rules: ['Prefix /aaa/bbb'],
    request: '/aaa/bbb/',
    spec: 0,
    note: "request's trailing slash ignored",
  },
  {
    kind: 'Prefix',
    rules: ['Prefix /aaa/bbb'],
    request: '/aaa/bbb/ccc',
    spec: 0,
    note: 'sub-path',
  },
  {
    kind: 'Prefix',
    rules: ['Prefix /aaa/bbb'],
    request: '/aaa/bbbxyz',
    spec: null,
    note: 'a string prefix is not enough',
  },
  { kind: 'Prefix', rules: ['Prefix /', 'Prefix /aaa'], request: '/aaa/ccc', spec: 1 },
  {
    kind: 'Prefix',
    rules: ['Prefix /', 'Prefix /aaa', 'Prefix /aaa/bbb'],
    request: '/aaa/bbb',
    spec: 2,
  },
  {
    kind: 'Prefix',
    rules: ['Prefix /', 'Prefix /aaa', 'Prefix /aaa/bbb'],
    request: '/ccc',
    spec: 0,
  },
  { kind: 'Prefix', rules: ['Prefix /aaa'], request: '/ccc', spec: null, note: 'default backend' },
  {
    kind: 'Mixed',
    rules: ['Prefix /foo', 'Exact /foo'],
    request: '/foo',
    spec: 1,
    note: 'Exact wins',
  },
];

/** semantics.md A1 "The conformance suite adds three cases" ([CONF] features/path_rules.feature). */
const CONFORMANCE_ADDITIONS: readonly Row[] = [
  {
    kind: 'Exact',
    rules: ['Exact /foo'],
    request: '/FOO',
    spec: null,
    note: 'case-sensitive (404)',
  },
  {
    kind: 'Prefix',
    rules: ['Prefix /foo'],
    request: '/FOO',
    spec: null,
    note: 'case-sensitive (404)',
  },
  {
    kind: 'Exact',
    rules: ['Exact /foo/'],
    request: '/foo',
    spec: null,
    note: 'Exact /foo/ does not match /foo',
    nginx: { status: 301, location: '/foo/', thenRule: 0, source: AUTO_REDIRECT },
  },
  {
    kind: 'Prefix',
    rules: ['Prefix /aaa', 'Exact /bbb'],
    request: '/zzz',
    spec: null,
    note: 'unmatched → 404',
  },
];

const hostOf = (group: string, i: number): string =>
  `${group}-${String(i).padStart(2, '0')}.path-table.test`;
const serviceOf = (group: string, i: number, r: number): string =>
  `${group}-${String(i).padStart(2, '0')}-rule-${r}`;

function parseRule(text: RuleText): { pathType: PathType; path: string } {
  const [pathType, path] = text.split(' ') as [PathType, string];
  return { pathType, path };
}

function ingressesFor(group: string, rows: readonly Row[]): IngressSpec[] {
  return rows.map((row, i) => ({
    name: `${group}-${i}`,
    host: hostOf(group, i),
    paths: row.rules.map((text, r) => ({ ...parseRule(text), service: serviceOf(group, i, r) })),
  }));
}

function expectRule(t: Trace, service: string): void {
  expect(t.error, t.summary).toBeNull();
  expect(t.status, t.summary).toBe(200);
  expect(t.backend?.service, t.summary).toBe(service);
  expect(t.backend?.assumed).toBeUndefined();
}

function expectDefaultBackend404(t: Trace): void {
  expect(t.error, t.summary).toBeNull();
  expect(t.status, t.summary).toBe(404);
  expect(t.backend).toBeNull();
  expect(t.stages.find((s) => s.id === 'match')?.outcome).toBe('fail');
}

function describeRows(title: string, group: string, rows: readonly Row[]): void {
  describe(title, () => {
    const { cluster, lint: diagnostics } = lab(manifestsFor(ingressesFor(group, rows)));

    it('loads without errors and routes every row through ingress-nginx', () => {
      expect(diagnostics.filter((d) => d.severity === 'error')).toStrictEqual([]);
      expect(cluster.controllers[0]?.claimed).toHaveLength(rows.length);
    });

    rows.forEach((row, i) => {
      const label = `${row.kind} ${row.rules.join(' + ')} | ${row.request} → ${
        row.spec === null ? 'no match' : `yes, via ${row.rules[row.spec]}`
      }${row.note ? ` (${row.note})` : ''}`;
      const req: HarnessRequest = { scheme: 'http', host: hostOf(group, i), path: row.request };

      if (!row.nginx) {
        it(label, () => {
          const t = send(cluster, req);
          if (row.spec === null) expectDefaultBackend404(t);
          else {
            expectRule(t, serviceOf(group, i, row.spec));
            expect(t.forwarded?.path).toBe(row.request);
          }
        });
        return;
      }
      const nginx = row.nginx;
      it(`${label} — ingress-nginx: ${nginx.status} → ${nginx.location} [${nginx.source}]`, () => {
        const t = send(cluster, req);
        expect(t.error, t.summary).toBeNull();
        expect(t.status, t.summary).toBe(nginx.status);
        expect(t.redirect).toBe(`http://${hostOf(group, i)}${nginx.location}`);
        expect(t.responseHeaders.Location).toBe(t.redirect);
        expect(t.backend).toBeNull();
        // Following the Location lands on the rule (what the spec row says for Prefix; for
        // Exact /foo/ the client ends up served although the spec says "no match").
        const followed = followRedirect(cluster, t, req);
        expectRule(followed, serviceOf(group, i, nginx.thenRule));
        expect(followed.forwarded?.path).toBe(nginx.location);
      });
    });
  });
}

describeRows("semantics.md A1: the spec's example table", 'a1', TABLE);
describeRows('semantics.md A1: conformance additions', 'a1c', CONFORMANCE_ADDITIONS);

describe('semantics.md A2: wildcard hosts (ingress-nginx server_name ~^(?<subdomain>[\\w-]+)\\.foo\\.com$)', () => {
  const { cluster } = lab(
    manifestsFor([
      {
        name: 'wildcard',
        host: '*.foo.com',
        paths: [{ path: '/', pathType: 'Prefix', service: 'wildcard-foo-com' }],
      },
    ]),
  );
  it.each([
    ['bar.foo.com', true],
    ['baz.bar.foo.com', false],
    ['foo.com', false],
  ] as const)('*.foo.com with Host %s → match: %s', (host, matches) => {
    const t = send(cluster, { scheme: 'http', host, path: '/' });
    if (matches) {
      expectRule(t, 'wildcard-foo-com');
      expect(t.forwarded?.host).toBe(host);
    } else expectDefaultBackend404(t);
  });
});

describe('semantics.md B1/B2: use-regex on one Ingress turns the whole host case-insensitive', () => {
  const plain: IngressSpec = {
    name: 'plain',
    host: 'regex.example.test',
    paths: [{ path: '/foo', pathType: 'Prefix', service: 'foo' }],
  };
  const regex: IngressSpec = {
    name: 'other',
    host: 'regex.example.test',
    annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' },
    paths: [{ path: '/bar', pathType: 'ImplementationSpecific', service: 'bar' }],
  };
  const req = (path: string): HarnessRequest => ({
    scheme: 'http',
    host: 'regex.example.test',
    path,
  });

  it('without use-regex on the host, /FOO does not match Prefix /foo (404)', () => {
    const { cluster } = lab(manifestsFor([plain]));
    expectDefaultBackend404(send(cluster, req('/FOO')));
  });

  it('with use-regex on another Ingress of the host, /FOO matches Prefix /foo (~* "^/foo")', () => {
    const { cluster } = lab(manifestsFor([plain, regex]));
    const t = send(cluster, req('/FOO'));
    expectRule(t, 'foo');
    const vhost = cluster.controllers[0]?.listeners[0]?.table.virtualHosts.find(
      (v) => v.hostname === 'regex.example.test',
    );
    expect(vhost?.regexMode?.name).toBe('other');
    expect(vhost?.routes.map((r) => r.match.path.kind)).toStrictEqual(
      vhost?.routes.map(() => 'regex'),
    );
    expect(vhost?.routes.map((r) => r.label)).toContain('location ~* "^/foo"');
  });

  it('with regex enforced, the element-wise rule is lost too: /foobar matches Prefix /foo (B2 Derived)', () => {
    const { cluster } = lab(manifestsFor([plain, regex]));
    expectRule(send(cluster, req('/foobar')), 'foo');
    // ...while without regex mode it does not.
    expectDefaultBackend404(send(lab(manifestsFor([plain])).cluster, req('/foobar')));
  });

  it('with regex enforced, the trailing-slash 301 is gone (regex locations have no auto_redirect)', () => {
    const slash: IngressSpec = {
      name: 'slash',
      host: 'regex.example.test',
      paths: [{ path: '/baz/', pathType: 'Prefix', service: 'baz' }],
    };
    const without = send(lab(manifestsFor([slash])).cluster, req('/baz'));
    expect(without.status).toBe(301);
    const t = send(lab(manifestsFor([slash, regex])).cluster, req('/baz'));
    // ~* "^/baz/" does not match "/baz"; only the server's root location, now ~* "^/",
    // does, and it is the default backend: 404.
    expectDefaultBackend404(t);
  });
});

describe('semantics.md B2: the docs example, ^/foo/bar/[A-Z0-9]{3} beats /foo/bar/bar', () => {
  // ingress-nginx docs/user-guide/ingress-path-matching.md: locations are sorted by
  // descending path length, and regex locations are tried in order: the longer regex
  // `/foo/bar/[A-Z0-9]{3}` comes first and captures /foo/bar/bar (case-insensitively).
  const { cluster } = lab(
    manifestsFor([
      {
        name: 'test-ingress',
        host: 'test.com',
        annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' },
        paths: [
          { path: '/foo/bar/bar', pathType: 'Prefix', service: 'literal' },
          { path: '/foo/bar/[A-Z0-9]{3}', pathType: 'ImplementationSpecific', service: 'regex' },
        ],
      },
    ]),
  );
  const req = (path: string): HarnessRequest => ({ scheme: 'http', host: 'test.com', path });
  it('/foo/bar/bar → the regex path, although the literal path equals the request', () => {
    expectRule(send(cluster, req('/foo/bar/bar')), 'regex');
  });
  it('the regex is anchored at the start only and case-insensitive', () => {
    expectRule(send(cluster, req('/foo/bar/XYZ')), 'regex');
    expectRule(send(cluster, req('/foo/bar/xyz')), 'regex');
    expectRule(send(cluster, req('/FOO/BAR/barista')), 'regex');
  });
  it('/foo/bar/ba matches neither (the root location answers 404)', () => {
    expectDefaultBackend404(send(cluster, req('/foo/bar/ba')));
  });
  it('the locations are written longest first', () => {
    const vhost = cluster.controllers[0]?.listeners[0]?.table.virtualHosts.find(
      (v) => v.hostname === 'test.com',
    );
    expect(vhost?.routes.map((r) => r.label)).toStrictEqual([
      'location ~* "^/foo/bar/[A-Z0-9]{3}"',
      'location ~* "^/foo/bar/bar"',
      'location ~* "^/" (default backend)',
    ]);
  });
});

describe('semantics.md B2: URL normalization before matching (blog "Before You Migrate", section 5)', () => {
  const { cluster } = lab(
    manifestsFor([
      {
        name: 'uuid',
        host: 'norm.example.test',
        paths: [{ path: '/uuid', pathType: 'Exact', service: 'uuid' }],
      },
    ]),
  );
  it.each(['/uuid', '/a/../uuid', '/./uuid', '//uuid'])('%s matches Exact /uuid', (path) => {
    const t = send(cluster, { scheme: 'http', host: 'norm.example.test', path });
    expectRule(t, 'uuid');
  });
  it('/uuid/ and /UUID still do not', () => {
    for (const path of ['/uuid/', '/UUID'])
      expectDefaultBackend404(send(cluster, { scheme: 'http', host: 'norm.example.test', path }));
  });
});

describe('semantics.md B3: rewrite-target /$2 with path /something(/|$)(.*)', () => {
  // ingress-nginx docs/examples/rewrite/README.md
  const { cluster } = lab(
    manifestsFor([
      {
        name: 'rewrite',
        host: 'rewrite.bar.com',
        annotations: {
          'nginx.ingress.kubernetes.io/use-regex': 'true',
          'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
        },
        paths: [
          { path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific', service: 'http-svc' },
        ],
      },
    ]),
  );
  it.each([
    ['/something', '/'],
    ['/something/', '/'],
    ['/something/new', '/new'],
  ])('%s reaches the pod as %s', (path, rewritten) => {
    const t = send(cluster, { scheme: 'http', host: 'rewrite.bar.com', path });
    expectRule(t, 'http-svc');
    expect(t.forwarded?.path).toBe(rewritten);
  });
});

describe('semantics.md B1: duplicate host + path across Ingresses (store.go sortIngressSlice)', () => {
  const dup = (name: string, service: string, creationTimestamp?: string): IngressSpec => ({
    name,
    host: 'dup.example.test',
    paths: [{ path: '/api', pathType: 'Prefix', service }],
    ...(creationTimestamp ? { creationTimestamp } : {}),
  });
  const req: HarnessRequest = { scheme: 'http', host: 'dup.example.test', path: '/api' };

  it('the oldest Ingress wins, whatever its name or document order', () => {
    const older = dup('zeta', 'from-zeta', '2024-01-01T00:00:00Z');
    const newer = dup('alpha', 'from-alpha', '2024-06-01T00:00:00Z');
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const { cluster, lint: diagnostics } = lab(manifestsFor(order));
      expectRule(send(cluster, req), 'from-zeta');
      const rl210 = diagnostics.filter((d) => d.code === 'RL210');
      expect(rl210).toHaveLength(1);
      expect(rl210[0]?.message).toContain('default/zeta');
    }
    // Swap the timestamps: now alpha is older and wins.
    const { cluster } = lab(
      manifestsFor([
        dup('zeta', 'from-zeta', '2024-06-01T00:00:00Z'),
        dup('alpha', 'from-alpha', '2024-01-01T00:00:00Z'),
      ]),
    );
    expectRule(send(cluster, req), 'from-alpha');
  });

  it('equal timestamps: `in > jn`, the greater namespace/name sorts first and wins', () => {
    const ts = '2024-01-01T00:00:00Z';
    for (const order of [
      [dup('alpha', 'from-alpha', ts), dup('beta', 'from-beta', ts)],
      [dup('beta', 'from-beta', ts), dup('alpha', 'from-alpha', ts)],
    ]) {
      const { cluster } = lab(manifestsFor(order));
      // "default/beta" > "default/alpha", so beta comes first in ingress-nginx's order.
      expectRule(send(cluster, req), 'from-beta');
    }
    // Namespace takes part in the comparison: "prod/a" > "dev/z".
    const { cluster } = lab(
      manifestsFor([
        { ...dup('z', 'from-dev', ts), namespace: 'dev' },
        { ...dup('a', 'from-prod', ts), namespace: 'prod' },
      ]),
    );
    const t = send(cluster, req);
    expectRule(t, 'from-prod');
    expect(t.backend?.namespace).toBe('prod');
  });

  // The API server reads an unquoted timestamp as the string it is written as (sigs.k8s.io/yaml →
  // go-yaml v2 keeps timestamp-looking values as strings when decoding into interface{}), so
  // YAML 1.1's timestamp type must not swallow it.
  it('an unquoted creationTimestamp still decides the order', () => {
    const yaml = manifestsFor([
      dup('zeta', 'from-zeta', '2024-06-01T00:00:00Z'),
      dup('alpha', 'from-alpha', '2024-01-01T00:00:00Z'),
    ]).replace(/creationTimestamp: "([^"]+)"/g, 'creationTimestamp: $1');
    expect(yaml).toContain('creationTimestamp: 2024-01-01T00:00:00Z');
    expectRule(send(lab(yaml).cluster, req), 'from-alpha');
  });

  it('the same path with a different pathType is kept: Exact and Prefix /api both serve', () => {
    const { cluster } = lab(
      manifestsFor([
        dup('old', 'prefix-api', '2024-01-01T00:00:00Z'),
        {
          name: 'new',
          host: 'dup.example.test',
          creationTimestamp: '2024-06-01T00:00:00Z',
          paths: [{ path: '/api', pathType: 'Exact', service: 'exact-api' }],
        },
      ]),
    );
    expectRule(send(cluster, req), 'exact-api');
    expectRule(send(cluster, { ...req, path: '/api/v1' }), 'prefix-api');
  });
});
