import { describe, expect, it } from 'vitest';
import { loadExercisePack, sortDiagnostics, type Exercise } from '../../index.js';

const EXERCISE = `apiVersion: routelab.dev/v1alpha1
kind: Exercise
metadata:
  name: body-size
spec:
  title: Photos bigger than a megabyte
  difficulty: intermediate
  tags: [ingress-nginx, 413]
  story: |
    Uploads fail.
  start:
    manifests: |
      apiVersion: v1
      kind: Service
      metadata:
        name: web
    scenario:
      duration: 10s
      traffic:
        - url: http://shop.example.com/
          rate: 5/s
  goals:
    - id: upload
      title: An 8 MB upload goes through
      request:
        url: http://media.example.com/upload
        bodySize: 8m
        expect: { status: 200 }
    - title: No RL208
      diagnostic: { code: RL208, resource: Ingress/shop/web }
    - title: Fast and healthy
      simulation:
        errorRate: 1%
        p99: { max: 500ms }
        upstreamConnections: { min: 1, max: 100 }
        statusShare: { '503': { max: 0.05 }, error: 0 }
        serviceShare: { shop/web-v2: { min: 5%, max: 20% } }
  hints:
    - Look at the match stage.
    - 'Set proxy-body-size: 10m.'
  solution:
    manifests:
      - apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
  explanation: Because nginx checks the size first.
`;

function only(yaml: string): Exercise {
  const pack = loadExercisePack(yaml);
  expect(pack.diagnostics).toEqual([]);
  expect(pack.exercises).toHaveLength(1);
  return pack.exercises[0] as Exercise;
}

describe('Exercise documents', () => {
  it('reads every part of an exercise', () => {
    const e = only(EXERCISE);
    expect(e.name).toBe('body-size');
    expect(e.title).toBe('Photos bigger than a megabyte');
    expect(e.difficulty).toBe('intermediate');
    expect(e.tags).toEqual(['ingress-nginx', '413']);
    expect(e.story).toBe('Uploads fail.\n');
    expect(e.start.text).toBe('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    // The embedded text starts on the line after "manifests: |".
    expect(e.start.firstLine).toBe(13);
    expect(e.scenario?.text).toContain('kind: Scenario');
    expect(e.scenario?.text).toContain('rate: 5/s');
    expect(e.hints).toEqual(['Look at the match stage.', 'Set proxy-body-size: 10m.']);
    expect(e.solution.text).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n',
    );
    expect(e.explanation).toBe('Because nginx checks the size first.');
    expect(e.goals.map((g) => [g.id, g.kind])).toEqual([
      ['upload', 'request'],
      ['goal-2', 'diagnostic'],
      ['goal-3', 'simulation'],
    ]);
    const [request, diagnostic, simulation] = e.goals;
    expect(request?.kind === 'request' && request.request.bodyBytes).toBe(8 * 1024 * 1024);
    expect(diagnostic).toMatchObject({
      code: 'RL208',
      present: false,
      resource: 'Ingress/shop/web',
    });
    expect(
      simulation?.kind === 'simulation' &&
        simulation.thresholds.map(({ metric, status, service, min, max }) => ({
          metric,
          status,
          service,
          min,
          max,
        })),
    ).toEqual([
      { metric: 'errorRate', max: 0.01 },
      { metric: 'p99', max: 500 },
      { metric: 'upstreamConnections', min: 1, max: 100 },
      { metric: 'statusShare', status: '503', max: 0.05 },
      { metric: 'statusShare', status: 'error', max: 0 },
      { metric: 'serviceShare', service: 'shop/web-v2', min: 0.05, max: 0.2 },
    ]);
  });

  it('reports what is missing or wrong, on its line', () => {
    const pack = loadExercisePack(`apiVersion: routelab.dev/v1alpha1
kind: Exercise
metadata:
  name: broken
spec:
  difficulty: impossible
  stroy: typo
  start: {}
  goals:
    - title: two kinds
      diagnostic: { code: RL208 }
      simulation: { errorRate: 1% }
    - title: bad bounds
      simulation:
        errorRate: { min: 50%, max: 10% }
        p99: fast
        retries: -1
        statusShare: { ok: 1% }
        latency: 1s
    - title: nothing to check
      request: { url: http://a.example.com/ }
    - id: same
      title: a
      diagnostic: { code: nope }
    - id: same
      title: b
      diagnostic: { code: RL201, present: maybe }
  solution:
    manifests: 42
`);
    expect(pack.exercises).toEqual([]);
    const found = sortDiagnostics(pack.diagnostics).map((d) => [d.code, d.source?.range.startLine]);
    expect(found).toEqual([
      ['RL130', 5],
      ['RL130', 6],
      ['RL131', 7],
      ['RL130', 8],
      ['RL130', 10],
      ['RL133', 14],
      ['RL130', 15],
      ['RL130', 16],
      ['RL130', 17],
      ['RL130', 18],
      ['RL131', 19],
      ['RL133', 21],
      ['RL130', 24],
      ['RL130', 25],
      ['RL130', 27],
      ['RL130', 29],
    ]);
  });

  it('a pack is a multi-document file; other kinds in it are named and left out', () => {
    const second = EXERCISE.replace('name: body-size', 'name: second');
    const pack = loadExercisePack(
      `${EXERCISE}---\n${second}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: stray\n`,
    );
    expect(pack.exercises.map((e) => e.name)).toEqual(['body-size', 'second']);
    expect(pack.diagnostics.map((d) => [d.code, d.severity, d.source?.name])).toEqual([
      ['RL134', 'warning', 'stray'],
    ]);
  });

  it('takes a pack of files, each named in its diagnostics', () => {
    const pack = loadExercisePack([
      { text: EXERCISE, file: 'a.yaml' },
      {
        text: EXERCISE.replace('name: body-size', 'name: b').replace(
          'title: Photos',
          'titel: Photos',
        ),
        file: 'b.yaml',
      },
    ]);
    expect(pack.exercises.map((e) => e.name)).toEqual(['body-size']);
    expect(pack.diagnostics.map((d) => [d.code, d.source?.file])).toEqual([
      ['RL131', 'b.yaml'],
      ['RL130', 'b.yaml'],
    ]);
  });

  it('a list of the wrong kind is a diagnostic, not the end of the exercise', () => {
    const pack = loadExercisePack(
      EXERCISE.replace('tags: [ingress-nginx, 413]', 'tags: none').replace(
        "  hints:\n    - Look at the match stage.\n    - 'Set proxy-body-size: 10m.'\n",
        '  hints: read the docs\n',
      ),
    );
    expect(pack.exercises.map((e) => [e.tags, e.hints])).toEqual([[[], []]]);
    expect(pack.diagnostics.map((d) => [d.code, d.source?.range.startLine])).toEqual([
      ['RL130', 8],
      ['RL130', 38],
    ]);
  });

  it('keeps text within its limits', () => {
    const huge = EXERCISE.replace('Uploads fail.', 'x'.repeat(30_000));
    const pack = loadExercisePack(huge);
    expect(pack.diagnostics.map((d) => d.code)).toEqual(['RL132']);
    expect(pack.exercises[0]?.story.length).toBe(20_000);
  });
});
