/**
 * Exercise packs and route tests come from files and links: whatever they hold, reading
 * and grading them gives diagnostics and results, never an exception or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCluster,
  gradeExercise,
  loadExercisePack,
  loadManifests,
  routeTestsOf,
  runRouteTests,
} from '../index.js';

const EXPECT_FIELDS = [
  'status',
  'noResponse',
  'backend',
  'redirect',
  'path',
  'host',
  'forwardedHeaders',
  'responseHeaders',
  'maxAttempts',
  'certificate',
  'controller',
];
const METRICS = ['errorRate', 'p99', 'retries', 'statusShare', 'serviceShare', 'bogus'];

const MANIFESTS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;

const url = fc.oneof(
  fc.constantFrom(
    'http://shop.example.com/',
    'https://shop.example.com/a?b=c',
    'shop.example.com',
    'ftp://x',
    'http://[::1',
    'http://203.0.113.10:99999/',
  ),
  fc.string(),
);
const expectation = fc.dictionary(fc.constantFrom(...EXPECT_FIELDS), fc.jsonValue(), {
  maxKeys: 4,
});
const request = fc.record(
  {
    url,
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'get'), fc.jsonValue()),
    headers: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), fc.jsonValue()),
    bodySize: fc.oneof(fc.constantFrom('5m', '1g', 12), fc.jsonValue()),
    resolve: fc.jsonValue(),
    expect: fc.oneof(expectation, fc.jsonValue()),
  },
  { requiredKeys: ['url'] },
);
const goal = fc.oneof(
  fc.record({ title: fc.string(), request }),
  fc.record({
    title: fc.string(),
    diagnostic: fc.record({ code: fc.oneof(fc.constant('RL208'), fc.string()) }),
  }),
  fc.record({
    title: fc.string(),
    simulation: fc.dictionary(fc.constantFrom(...METRICS), fc.jsonValue(), { maxKeys: 3 }),
  }),
  fc.jsonValue(),
);
/** Mostly the right shape, sometimes anything at all. */
function mostly<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: fc.jsonValue(), weight: 1 });
}
const spec = fc.record(
  {
    title: mostly(fc.string({ minLength: 1 })),
    difficulty: mostly(fc.constantFrom('beginner', 'advanced', 'hard')),
    start: mostly(
      fc.record({
        manifests: fc.oneof(fc.constant(MANIFESTS), fc.string(), fc.array(fc.jsonValue())),
      }),
    ),
    goals: mostly(fc.array(goal, { maxLength: 4 })),
    hints: fc.jsonValue(),
    solution: mostly(fc.record({ manifests: fc.constant(MANIFESTS) })),
    explanation: fc.jsonValue(),
  },
  { requiredKeys: ['title', 'start', 'solution'] },
);

// JSON is YAML: the documents are written as JSON so that any value can be expressed.
function document(kind: string, body: unknown): string {
  return JSON.stringify({
    apiVersion: 'routelab.dev/v1alpha1',
    kind,
    metadata: { name: 'x' },
    spec: body,
  });
}

describe('hostile exercises and route tests', () => {
  it('any Exercise reads and grades without throwing', () => {
    let graded = 0;
    fc.assert(
      fc.property(spec, (s) => {
        const pack = loadExercisePack(document('Exercise', s));
        for (const e of pack.exercises) {
          graded++;
          const grade = gradeExercise(e, e.start.text, { simulate: false });
          expect(grade.goals).toHaveLength(e.goals.length);
        }
      }),
      { numRuns: 300 },
    );
    // Enough of them are valid enough to be graded, not only refused.
    expect(graded).toBeGreaterThan(10);
  });

  it('any RouteTest reads and runs without throwing', () => {
    const cluster = buildCluster(loadManifests(MANIFESTS).resources);
    fc.assert(
      fc.property(fc.array(request, { maxLength: 4 }), (requests) => {
        const loaded = loadManifests(document('RouteTest', { requests }));
        const report = runRouteTests(cluster, routeTestsOf(loaded.resources));
        expect(report.passed + report.failed).toBe(report.results.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a pattern that backtracks for ever elsewhere runs in linear time on RE2', () => {
    const cluster = buildCluster(loadManifests(MANIFESTS).resources);
    const loaded = loadManifests(
      document('RouteTest', {
        requests: [
          {
            url: 'http://shop.example.com/',
            headers: { 'X-Long': 'a'.repeat(5000) + '!' },
            expect: { responseHeaders: { 'X-Long': { matches: '^(a+)+$' } } },
          },
        ],
      }),
    );
    const started = performance.now();
    const report = runRouteTests(cluster, routeTestsOf(loaded.resources));
    expect(report.failed).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('an alias bomb in a pack is refused with a diagnostic', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'apiVersion: routelab.dev/v1alpha1',
      'kind: Exercise',
    ].join('\n');
    const pack = loadExercisePack(bomb);
    expect(pack.exercises).toEqual([]);
    expect(pack.diagnostics.map((d) => d.code)).toEqual(['RL105']);
  });
});
