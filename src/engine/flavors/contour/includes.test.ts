/**
 * The include tree against the answers Contour documents and implements:
 * [CTR] site/content/docs/main/config/inclusion-delegation.md (the examples and the
 * concatenation rules) and internal/dag/httpproxy_processor.go (the status messages).
 */
import { describe, expect, it } from 'vitest';
import type { HTTPProxy } from '../../model/contour.js';
import { loadManifests } from '../../manifest/load.js';
import { describePath } from './conditions.js';
import {
  buildIncludeForest,
  currentStatus,
  type IncludeForest,
  type TreeRoute,
} from './includes.js';
import { sortRoutes } from './precedence.js';

function proxies(yaml: string): HTTPProxy[] {
  const { resources, diagnostics } = loadManifests(yaml);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('\n'));
  return resources.filter((r): r is HTTPProxy => r.kind === 'HTTPProxy');
}

function forest(yaml: string): IncludeForest {
  return buildIncludeForest(proxies(yaml));
}

/** "prefix: /a -> ns/name" per route, in Contour's order. */
function table(routes: readonly TreeRoute[]): string[] {
  return sortRoutes(routes).map((r) => {
    const target = r.failedInclude
      ? '502'
      : (r.route?.services.map((s) => s.name).join(',') ?? '?');
    const extra = [
      ...r.headers.map((h) => `${h.name}:${h.matchType}=${h.value}`),
      ...r.query.map((q) => `?${q.name}:${q.matchType}=${q.value}`),
    ];
    return `${describePath(r.path)}${extra.length ? ` [${extra.join(' ')}]` : ''} -> ${target}`;
  });
}

function status(f: IncludeForest, name: string): { state: string; messages: string[] } {
  for (const [p, s] of f.statuses)
    if (p.meta.name === name)
      return { state: currentStatus(s), messages: s.errors.map((e) => e.message) };
  throw new Error(`no proxy ${name}`);
}

const proxyDoc = (name: string, ns: string, spec: string) => `---
apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec}`;

const chain = (include: string, child: string) =>
  proxyDoc(
    'root',
    'web',
    `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: child
    conditions:
${include}
`,
  ) + proxyDoc('child', 'web', child);

describe('include trees, as inclusion-delegation.md describes them', () => {
  it('includes within the same namespace (the docs example: /service2 and /service2/blog)', () => {
    const f = forest(
      proxyDoc(
        'include-root',
        'default',
        `  virtualhost:
    fqdn: root.bar.com
  includes:
  - name: service2
    namespace: default
    conditions:
    - prefix: /service2
  routes:
    - conditions:
      - prefix: /
      services:
        - name: s1
          port: 80
`,
      ) +
        proxyDoc(
          'service2',
          'default',
          `  routes:
    - services:
        - name: s2
          port: 80
    - conditions:
      - prefix: /blog
      services:
        - name: blog
          port: 80
`,
        ),
    );
    expect(f.roots.map((r) => r.fqdn)).toEqual(['root.bar.com']);
    expect(table(f.roots[0]?.routes ?? [])).toEqual([
      'prefix: /service2/blog -> blog',
      'prefix: /service2 -> s2',
      'prefix: / -> s1',
    ]);
    expect(status(f, 'service2').state).toBe('valid');
    expect(status(f, 'include-root').state).toBe('valid');
  });

  it('includes across namespaces (the docs example: /blog from marketing)', () => {
    const f = forest(
      proxyDoc(
        'namespace-include-root',
        'default',
        `  virtualhost:
    fqdn: ns-root.bar.com
  includes:
  - name: blog
    namespace: marketing
    conditions:
    - prefix: /blog
  routes:
    - services:
        - name: s1
          port: 80
`,
      ) +
        proxyDoc(
          'blog',
          'marketing',
          `  routes:
    - services:
        - name: s2
          port: 80
`,
        ),
    );
    const routes = f.roots[0]?.routes ?? [];
    expect(table(routes)).toEqual(['prefix: /blog -> s2', 'prefix: / -> s1']);
    const blog = routes.find((r) => r.proxy.meta.namespace === 'marketing');
    expect(blog?.chain.map((p) => `${p.meta.namespace}/${p.meta.name}`)).toEqual([
      'default/namespace-include-root',
      'marketing/blog',
    ]);
  });

  it('concatenates prefixes in order from the root: /api + /v1 is /api/v1', () => {
    const f = forest(
      chain(
        '    - prefix: /api',
        `  routes:
    - conditions:
      - prefix: /v1
      services:
        - name: v1
          port: 80
`,
      ),
    );
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['prefix: /api/v1 -> v1']);
  });

  it('turns prefix /static and exact /main.js into exact /static/main.js', () => {
    const f = forest(
      chain(
        '    - prefix: /static',
        `  routes:
    - conditions:
      - exact: /main.js
      services:
        - name: assets
          port: 80
`,
      ),
    );
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['exact: /static/main.js -> assets']);
  });

  it('turns prefix /static and regex /.*/main.js into regex /static/.*/main.js', () => {
    const f = forest(
      chain(
        '    - prefix: /static',
        `  routes:
    - conditions:
      - regex: /.*/main.js
      services:
        - name: assets
          port: 80
`,
      ),
    );
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['regex: /static/.*/main.js -> assets']);
  });

  it('collapses the double slash of /api/ + /v1 (mergePathMatchConditions)', () => {
    const f = forest(
      chain(
        '    - prefix: /api/',
        `  routes:
    - conditions:
      - prefix: /v1
      services:
        - name: v1
          port: 80
`,
      ),
    );
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['prefix: /api/v1 -> v1']);
  });

  it('merges header conditions from the include into every included route', () => {
    const f = forest(
      chain(
        `    - prefix: /api
    - header:
        name: x-team
        exact: blue`,
        `  routes:
    - conditions:
      - header:
          name: x-canary
          present: true
      services:
        - name: canary
          port: 80
    - services:
        - name: stable
          port: 80
`,
      ),
    );
    expect(table(f.roots[0]?.routes ?? [])).toEqual([
      'prefix: /api [x-canary:present= x-team:exact=blue] -> canary',
      'prefix: /api [x-team:exact=blue] -> stable',
    ]);
  });

  it('marks a proxy with repeated exact header conditions invalid and drops its routes', () => {
    const f = forest(
      chain(
        `    - prefix: /api
    - header:
        name: x-team
        exact: blue`,
        `  routes:
    - conditions:
      - header:
          name: X-Team
          exact: red
      services:
        - name: red
          port: 80
`,
      ),
    );
    expect(f.roots[0]?.routes).toEqual([]);
    expect(status(f, 'child')).toEqual({
      state: 'invalid',
      messages: ["cannot specify duplicate header 'exact match' conditions in the same route"],
    });
  });
});

describe('invalid include trees, with the status Contour writes', () => {
  it('refuses a root that includes a root, and answers 502 for the include conditions', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: other-root
    conditions:
    - prefix: /other
  routes:
  - services:
    - name: web
      port: 80
`,
      ) +
        proxyDoc(
          'other-root',
          'web',
          `  virtualhost:
    fqdn: other.example.com
  routes:
  - services:
    - name: other
      port: 80
`,
        ),
    );
    expect(status(f, 'root')).toEqual({
      state: 'invalid',
      messages: ['root httpproxy cannot include another root httpproxy (web/other-root)'],
    });
    const www = f.roots.find((r) => r.fqdn === 'www.example.com');
    expect(table(www?.routes ?? [])).toEqual(['prefix: /other -> 502', 'prefix: / -> web']);
    // The included root still serves its own host.
    expect(status(f, 'other-root').state).toBe('valid');
  });

  it('reports an include of a missing proxy; without conditions there is no 502 route', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: gone
    namespace: team
    conditions:
    - prefix: /team
  - name: also-gone
  routes:
  - services:
    - name: web
      port: 80
`,
      ),
    );
    expect(status(f, 'root').messages).toEqual([
      'include team/gone not found',
      'include web/also-gone not found',
    ]);
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['prefix: /team -> 502', 'prefix: / -> web']);
  });

  it('reports an include cycle on the proxy reached twice', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: a
    conditions:
    - prefix: /a
`,
      ) +
        proxyDoc(
          'a',
          'web',
          `  includes:
  - name: b
    conditions:
    - prefix: /b
  routes:
  - services:
    - name: a
      port: 80
`,
        ) +
        proxyDoc(
          'b',
          'web',
          `  includes:
  - name: a
    conditions:
    - prefix: /again
`,
        ),
    );
    expect(status(f, 'a')).toEqual({
      state: 'invalid',
      messages: ['include creates an include cycle: web/root -> web/a -> web/b -> web/a'],
    });
    // The walk stops at the repeat; what was reached before still routes.
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['prefix: /a -> a']);
  });

  it('calls a proxy that no root includes orphaned', () => {
    const f = forest(
      proxyDoc(
        'api-proxy',
        'default',
        `  routes:
  - services:
    - name: api-service
      port: 80
`,
      ),
    );
    expect(f.roots).toEqual([]);
    expect(status(f, 'api-proxy')).toEqual({
      state: 'orphaned',
      messages: ['this HTTPProxy is not part of a delegation chain from a root HTTPProxy'],
    });
  });

  it('marks both roots of one fqdn invalid, and their children orphaned', () => {
    const root = (name: string) =>
      proxyDoc(
        name,
        'web',
        `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: child-${name}
`,
      ) +
      proxyDoc(
        `child-${name}`,
        'web',
        `  routes:
  - services:
    - name: web
      port: 80
`,
      );
    const f = forest(root('one') + root('two'));
    expect(f.roots).toEqual([]);
    const msg = 'fqdn "www.example.com" is used in multiple HTTPProxies: web/one, web/two';
    expect(status(f, 'one')).toEqual({ state: 'invalid', messages: [msg] });
    expect(status(f, 'two')).toEqual({ state: 'invalid', messages: [msg] });
    expect(status(f, 'child-one').state).toBe('orphaned');
  });

  it('refuses exact and regex conditions on an include', () => {
    const f = forest(
      chain(
        '    - exact: /api',
        `  routes:
  - services:
    - name: api
      port: 80
`,
      ),
    );
    expect(status(f, 'root').messages).toEqual([
      'include: exact conditions are not allowed in includes block',
    ]);
    expect(status(f, 'child').state).toBe('orphaned');
  });

  it('refuses two includes with the same conditions', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: a
    conditions:
    - prefix: /x
  - name: b
    conditions:
    - prefix: /x
`,
      ) +
        proxyDoc('a', 'web', '  routes:\n  - services:\n    - name: a\n      port: 80\n') +
        proxyDoc('b', 'web', '  routes:\n  - services:\n    - name: b\n      port: 80\n'),
    );
    expect(status(f, 'root').messages).toEqual(['duplicate conditions defined on an include']);
    expect(table(f.roots[0]?.routes ?? [])).toEqual(['prefix: /x -> a']);
    expect(status(f, 'b').state).toBe('orphaned');
  });

  it('refuses two path conditions in one route block and drops the proxy routes', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  routes:
  - conditions:
    - prefix: /a
    - prefix: /b
    services:
    - name: web
      port: 80
  - services:
    - name: fallback
      port: 80
`,
      ),
    );
    expect(status(f, 'root').messages).toEqual([
      'route: more than one prefix, exact or regex is not allowed in a condition block',
    ]);
    expect(f.roots[0]?.routes).toEqual([]);
  });

  it('needs exactly one action per route', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  routes:
  - conditions:
    - prefix: /
`,
      ),
    );
    expect(status(f, 'root').messages).toEqual([
      'must set exactly one of route.services or route.requestRedirectPolicy or route.directResponsePolicy',
    ]);
  });

  it('refuses TLS with neither a Secret nor passthrough, and serves nothing for that root', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
    tls:
      minimumProtocolVersion: "1.3"
  routes:
  - services:
    - name: web
      port: 80
`,
      ),
    );
    expect(f.roots).toEqual([]);
    expect(status(f, 'root').messages).toEqual([
      'Spec.VirtualHost.TLS: neither Passthrough nor SecretName were specified',
    ]);
  });
});

describe('prefix replacement (request-rewriting.md, expandPrefixMatches)', () => {
  it('picks the replacement whose prefix equals the routing prefix, else the default', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  includes:
  - name: app
    conditions:
    - prefix: /v1
`,
      ) +
        proxyDoc(
          'app',
          'web',
          `  routes:
  - services:
    - name: app
      port: 80
    pathRewritePolicy:
      replacePrefix:
      - prefix: /v1
        replacement: /api/v1
      - replacement: /
`,
        ),
    );
    const routes = sortRoutes(f.roots[0]?.routes ?? []);
    // "/v1" and "/v1/" so that "/v1x" and "/v1/x" both rewrite sensibly.
    expect(routes.map((r) => [r.path.value, r.prefixRewrite])).toEqual([
      ['/v1/', '/api/v1/'],
      ['/v1', '/api/v1'],
    ]);
  });

  it('refuses a prefix replacement on a route without a prefix condition', () => {
    const f = forest(
      proxyDoc(
        'root',
        'web',
        `  virtualhost:
    fqdn: www.example.com
  routes:
  - conditions:
    - exact: /old
    services:
    - name: web
      port: 80
    pathRewritePolicy:
      replacePrefix:
      - replacement: /new
`,
      ),
    );
    expect(status(f, 'root').messages).toEqual([
      'cannot specify prefix replacements without a prefix condition',
    ]);
  });
});

describe('a tree that multiplies', () => {
  it('stops expanding a diamond chain instead of hanging (routelab limit, not Contour)', () => {
    // p0 includes p1 twice (different prefixes), p1 includes p2 twice, ...: 2^20 paths.
    const docs = Array.from({ length: 21 }, (_, i) =>
      i === 20
        ? proxyDoc(`p${i}`, 'web', '  routes:\n  - services:\n    - name: s\n      port: 80\n')
        : proxyDoc(
            `p${i}`,
            'web',
            `${i === 0 ? '  virtualhost:\n    fqdn: www.example.com\n' : ''}  includes:\n  - name: p${i + 1}\n    conditions:\n    - prefix: /a\n  - name: p${i + 1}\n    conditions:\n    - prefix: /b\n`,
          ),
    ).join('');
    const f = forest(docs);
    expect(status(f, 'p0').messages[0]).toContain('routelab stopped expanding it');
    expect((f.roots[0]?.routes.length ?? 0) > 0).toBe(true);
  });
});
