/**
 * Properties over random HTTPProxy forests (includes that point anywhere, cycles, missing
 * children, roots including roots, odd conditions and policies): nothing throws, the same
 * input gives the same answer, and the route order does not depend on the YAML order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster, lint, loadManifests, trace } from '../../index.js';
import type { HeaderCondition, PathCondition } from './conditions.js';
import { sortRoutes } from './precedence.js';

const NAMES = ['p0', 'p1', 'p2', 'p3'];
const NAMESPACES = ['a', 'b'];
const PATHS = ['/', '/a', '/a/', '/ab', '/b/c', '/.*', '/(', 'x', '/a/b'];

const condition = fc.oneof(
  fc.constantFrom(...PATHS).map((p) => `{prefix: '${p}'}`),
  fc.constantFrom(...PATHS).map((p) => `{exact: '${p}'}`),
  fc.constantFrom(...PATHS).map((p) => `{regex: '${p}'}`),
  fc
    .tuple(
      fc.constantFrom('x-a', 'X-A', 'x-b'),
      fc.constantFrom(
        'present: true',
        'notpresent: true',
        'exact: v',
        'notexact: v',
        'contains: v',
        'regex: "v.*"',
        'ignoreCase: true',
      ),
    )
    .map(([n, op]) => `{header: {name: ${n}, ${op}}}`),
  fc
    .tuple(
      fc.constantFrom('q', 'Q'),
      fc.constantFrom('exact: v', 'prefix: v', 'present: true', 'regex: "("', 'present: false'),
    )
    .map(([n, op]) => `{queryParameter: {name: ${n}, ${op}}}`),
);

const route = fc
  .record({
    conditions: fc.array(condition, { maxLength: 3 }),
    services: fc.array(
      fc.record({
        name: fc.constantFrom('s1', 's2'),
        port: fc.constantFrom(80, 81),
        weight: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        mirror: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    extra: fc.constantFrom(
      '',
      '      retryPolicy: {count: -1}\n',
      '      retryPolicy: {count: 2, perTryTimeout: 1s, retryOn: [reset]}\n',
      '      timeoutPolicy: {response: infinity}\n',
      '      requestRedirectPolicy: {hostname: other.example.com}\n',
      '      pathRewritePolicy: {replacePrefix: [{replacement: /z}]}\n',
      '      permitInsecure: true\n',
    ),
  })
  .map(
    (r) =>
      `    - conditions: [${r.conditions.join(', ')}]\n      services: [${r.services
        .map(
          (s) =>
            `{name: ${s.name}, port: ${s.port}${s.weight !== undefined ? `, weight: ${s.weight}` : ''}${s.mirror ? ', mirror: true' : ''}}`,
        )
        .join(', ')}]\n${r.extra}`,
  );

const include = fc
  .record({
    name: fc.constantFrom(...NAMES, 'missing'),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    conditions: fc.array(condition, { maxLength: 2 }),
  })
  .map(
    (i) =>
      `    - name: ${i.name}${i.namespace ? `\n      namespace: ${i.namespace}` : ''}\n      conditions: [${i.conditions.join(', ')}]\n`,
  );

const proxyDoc = fc
  .record({
    name: fc.constantFrom(...NAMES),
    namespace: fc.constantFrom(...NAMESPACES),
    fqdn: fc.option(fc.constantFrom('x.example.com', 'y.example.com', '*.example.com'), {
      nil: undefined,
    }),
    tls: fc.boolean(),
    includes: fc.array(include, { maxLength: 3 }),
    routes: fc.array(route, { maxLength: 3 }),
  })
  .map(
    (p) => `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata: {name: ${p.name}, namespace: ${p.namespace}}
spec:
${p.fqdn ? `  virtualhost:\n    fqdn: '${p.fqdn}'\n${p.tls ? '    tls: {secretName: cert}\n' : ''}` : ''}${p.includes.length ? `  includes:\n${p.includes.join('')}` : ''}${p.routes.length ? `  routes:\n${p.routes.join('')}` : ''}`,
  );

const forestYaml = fc
  .array(proxyDoc, { minLength: 1, maxLength: 6 })
  .map((docs) => docs.join('---\n'));
const request = fc.record({
  scheme: fc.constantFrom('http', 'https'),
  host: fc.constantFrom('x.example.com', 'y.example.com', 'z.example.com', 'a.b.example.com'),
  path: fc.constantFrom('/', '/a', '/a/b', '/ab', '/b/c/d', '/a/.', '//a', '/%2e'),
  header: fc.constantFrom<[string, string][]>([], [['x-a', 'v1']], [['X-B', 'w']]),
});

describe('random HTTPProxy forests', () => {
  it('never throw, and answer the same twice', () => {
    fc.assert(
      fc.property(forestYaml, fc.array(request, { minLength: 1, maxLength: 3 }), (yaml, reqs) => {
        const run = (): string => {
          const loaded = loadManifests(yaml);
          const cluster = buildCluster(loaded.resources);
          const ds = lint(cluster, loaded.diagnostics);
          const traces = reqs.map((r) =>
            trace(
              cluster,
              { url: `${r.scheme}://${r.host}${r.path}`, headers: r.header, insecure: true },
              { seed: 7 },
            ),
          );
          for (const t of traces) expect(t.status !== null || t.error !== null).toBe(true);
          return JSON.stringify([ds, traces]);
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 100, seed: 0xc0470e },
    );
  });

  it('order routes the same whatever order the YAML lists them in', () => {
    const path = fc.oneof(
      fc.constantFrom(...PATHS).map((value): PathCondition => ({ kind: 'prefix', value })),
      fc.constantFrom(...PATHS).map((value): PathCondition => ({ kind: 'exact', value })),
      fc.constantFrom(...PATHS).map((value): PathCondition => ({ kind: 'regex', value })),
    );
    // At most one header condition: with more, Contour's own comparison is not a strict
    // order (it returns true as soon as one pair compares less), and neither is ours.
    const header = fc.option(
      fc.record({
        name: fc.constantFrom('x-a', 'x-b'),
        matchType: fc.constantFrom<HeaderCondition['matchType']>(
          'exact',
          'regex',
          'contains',
          'present',
        ),
        value: fc.constantFrom('', 'v', 'w'),
        invert: fc.boolean(),
        ignoreCase: fc.constant(false),
        treatMissingAsEmpty: fc.constant(false),
      }),
      { nil: undefined },
    );
    const entry = fc.record({ path, header }).map((r) => ({
      path: r.path,
      // A present match has no value (headerMatchConditions never sets one).
      headers: r.header
        ? [{ ...r.header, value: r.header.matchType === 'present' ? '' : r.header.value }]
        : [],
      query: [],
    }));
    fc.assert(
      fc.property(
        fc
          .uniqueArray(entry, { maxLength: 8, selector: (e) => JSON.stringify(e) })
          .chain((rs) =>
            fc.tuple(
              fc.constant(rs),
              fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }),
            ),
          ),
        ([routes, shuffled]) => {
          const key = (rs: readonly unknown[]) => rs.map((r) => JSON.stringify(r));
          expect(key(sortRoutes(shuffled))).toEqual(key(sortRoutes(routes)));
        },
      ),
      { numRuns: 300, seed: 0x5047 },
    );
  });
});
