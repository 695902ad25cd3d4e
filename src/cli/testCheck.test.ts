import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './program.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXERCISES = path.join(root, 'src/exercises');
let dir: string;

const TESTS = `apiVersion: routelab.dev/v1alpha1
kind: RouteTest
metadata:
  name: shop
spec:
  requests:
    - name: the API
      url: https://shop.example.com/api/cart
      expect:
        status: 200
        backend: shop/api
    - url: https://shop.example.com/
      expect:
        backend: shop/frontend
`;

const FAILING = `apiVersion: routelab.dev/v1alpha1
kind: RouteTest
metadata:
  name: wrong <&>
spec:
  requests:
    - name: 'the "API"'
      url: http://shop.example.com/api/cart
      expect:
        status: 200
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'routelab-test-check-'));
  await copyFile(path.join(root, 'examples/shop.yaml'), path.join(dir, 'shop.yaml'));
  await writeFile(path.join(dir, 'tests.yaml'), TESTS);
  await writeFile(path.join(dir, 'failing.yaml'), FAILING);
  await writeFile(path.join(dir, 'typo.yaml'), TESTS.replace('status: 200', 'stauts: 200'));
  await mkdir(path.join(dir, 'k8s'));
  await copyFile(path.join(root, 'examples/shop.yaml'), path.join(dir, 'k8s/shop.yaml'));
  await writeFile(path.join(dir, 'k8s/tests.yaml'), TESTS);
  await mkdir(path.join(dir, 'k8s-typo'));
  await copyFile(path.join(root, 'examples/shop.yaml'), path.join(dir, 'k8s-typo/shop.yaml'));
  await writeFile(
    path.join(dir, 'k8s-typo/tests.yaml'),
    TESTS.replace('status: 200', 'stauts: 200'),
  );
  await copyFile(path.join(EXERCISES, '06-upload-body-size.yaml'), path.join(dir, 'exercise.yaml'));
  // The exercise's own solution, as a learner would save it.
  const exercise = await readFile(path.join(dir, 'exercise.yaml'), 'utf8');
  const solution = exercise
    .slice(
      exercise.indexOf('  solution:\n    manifests: |\n') + 29,
      exercise.indexOf('  explanation:'),
    )
    .split('\n')
    .map((l) => l.slice(6))
    .join('\n');
  await writeFile(path.join(dir, 'fix.yaml'), solution);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdin: '',
    color: false,
    columns: 100,
    cwd: dir,
    now: () => new Date('2025-06-01T12:00:00Z'),
  });
  return { code, out, err };
}

describe('routelab test', () => {
  it('prints each request, the counts and the coverage; exit 0 when all pass', async () => {
    const { code, out, err } = await cli(['test', '-f', 'shop.yaml', '-t', 'tests.yaml']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('RouteTest shop');
    expect(out).toContain('  ✓ the API: GET https://shop.example.com/api/cart → 200 from api-');
    expect(out).toContain('2 requests: 2 passed, 0 failed');
    expect(out).toContain('Route coverage: 2 of 3 routes reached (66.6%)');
    expect(out).toContain(
      '    ✗ shop.example.com location = /api: no request reached it; Ingress shop/shop (shop.yaml:21)',
    );
  });

  it('exits 1 on a failed request, naming the field and its line', async () => {
    const { code, out } = await cli(['test', '-f', 'shop.yaml', '-t', 'failing.yaml']);
    expect(code).toBe(1);
    expect(out).toContain('- status: expected 200, got 308 (failing.yaml:10)');
    expect(out).toContain('1 request: 0 passed, 1 failed');
  });

  it('--fail-under: exit 1 when coverage is below it', async () => {
    const low = await cli(['test', '-f', 'shop.yaml', '-t', 'tests.yaml', '--fail-under', '80']);
    expect(low.code).toBe(1);
    expect(low.out).toContain('Coverage 66.6% is under --fail-under 80%.');
    const ok = await cli(['test', '-f', 'shop.yaml', '-t', 'tests.yaml', '--fail-under', '60%']);
    expect(ok.code).toBe(0);
  });

  it('exits 1 when a test has an error, even if every request passes', async () => {
    const { code, err } = await cli(['test', '-f', 'shop.yaml', '-t', 'typo.yaml']);
    expect(code).toBe(1);
    expect(err).toContain('typo.yaml:10: error RL131 expect has no field "stauts"');
    expect(err).toContain('routelab: the tests have an error');
  });

  it('finds RouteTests among the manifests of a directory', async () => {
    const { code, out } = await cli(['test', '-f', 'k8s']);
    expect(code).toBe(0);
    expect(out).toContain('2 requests: 2 passed, 0 failed');
    // The RouteTest is not a route: coverage still counts the Ingress's three.
    expect(out).toContain('2 of 3 routes');
    const typo = await cli(['test', '-f', 'k8s-typo']);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('k8s-typo/tests.yaml:10: error RL131');
  });

  it('-o json: results, checks and coverage', async () => {
    const { code, out } = await cli([
      'test',
      '-f',
      'shop.yaml',
      '-t',
      'failing.yaml',
      '-o',
      'json',
    ]);
    expect(code).toBe(1);
    const json = JSON.parse(out) as {
      passed: number;
      failed: number;
      results: { name: string; pass: boolean; checks: { field: string; line: number }[] }[];
      coverage: { percent: number; ok: boolean; routes: { label: string; requests: number }[] };
      diagnostics: unknown[];
    };
    expect(Object.keys(json)).toEqual(['passed', 'failed', 'results', 'coverage', 'diagnostics']);
    expect(json.results[0]?.checks[0]).toEqual({
      field: 'status',
      expected: '200',
      actual: '308',
      pass: false,
      line: 10,
    });
    expect(json.coverage.routes.map((r) => [r.label, r.requests])).toEqual([
      ['location /api/', 1],
      ['location = /api', 0],
      ['location /', 0],
    ]);
  });

  it('-o json: a problem in the tests is a diagnostic with its file and line', async () => {
    const { code, out } = await cli(['test', '-f', 'shop.yaml', '-t', 'typo.yaml', '-o', 'json']);
    expect(code).toBe(1);
    const json = JSON.parse(out) as { diagnostics: Record<string, unknown>[] };
    expect(json.diagnostics).toHaveLength(1);
    expect(json.diagnostics[0]).toEqual({
      code: 'RL131',
      severity: 'error',
      message: expect.stringMatching(/^expect has no field "stauts"; did you mean "status"\?/),
      file: 'typo.yaml',
      line: 10,
    });
  });

  it('-o junit: a suite per RouteTest and one for coverage, escaped', async () => {
    const { code, out } = await cli([
      'test',
      '-f',
      'shop.yaml',
      '-t',
      'failing.yaml',
      '-t',
      'tests.yaml',
      '-o',
      'junit',
      '--fail-under',
      '90',
    ]);
    expect(code).toBe(1);
    expect(
      out.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="routelab" tests="7" failures="2">',
      ),
    ).toBe(true);
    expect(out).toContain('<testsuite name="wrong &lt;&amp;&gt;" tests="1" failures="1"');
    expect(out).toContain('name="the &quot;API&quot;" file="failing.yaml" line="7"');
    expect(out).toContain('<failure message="status: expected 200, got 308" type="expectation">');
    expect(out).toContain('<testsuite name="route coverage" tests="4" failures="1" skipped="1">');
    expect(out).toContain('<skipped message="no request reached this route');
    expect(out).toContain('type="coverage"/>');
    expect(out.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it.each([
    [['test', '-t', 'tests.yaml'], /no manifests/],
    [['test', '-f', 'shop.yaml'], /no RouteTest found/],
    [['test', '-f', 'shop.yaml', '-t', 'tests.yaml', '--fail-under', 'most'], /not a percentage/],
    [['test', '-f', 'shop.yaml', '-t', 'missing.yaml'], /cannot read missing\.yaml/],
  ])('bad usage exits 3: %j', async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(3);
    expect(err).toMatch(message);
  });
});

describe('routelab check', () => {
  it('grades the starting manifests: the story, each goal and why; exit 1', async () => {
    const { code, out } = await cli(['check', 'exercise.yaml']);
    expect(code).toBe(1);
    expect(out).toContain('Photos bigger than a megabyte\nupload-body-size · beginner');
    expect(out).toContain('Goals, checked on the starting manifests:');
    expect(out).toContain('  ✗ An 8 MB photo reaches the uploads Service');
    expect(out).toContain('status is 413, not 200');
    expect(out).toContain('  ✓ A 60 MB upload is still refused by the proxy with 413');
    expect(out).toContain('1 of 2 goals met.');
    expect(out).toContain('3 hints: routelab check exercise.yaml --hints 1');
  });

  it('--hints N shows the first N hints', async () => {
    const { out } = await cli(['check', 'exercise.yaml', '--hints', '2']);
    expect(out).toContain('Hint 1 of 3: Trace the 8 MB POST');
    expect(out).toContain('Hint 2 of 3: ');
    expect(out).not.toContain('Hint 3 of 3');
    expect(out).toContain('Next hint: routelab check exercise.yaml --hints 3');
  });

  it('-f grades your files: exit 0 and the explanation once solved', async () => {
    const { code, out } = await cli(['check', 'exercise.yaml', '-f', 'fix.yaml']);
    expect(code).toBe(0);
    expect(out).toContain('Goals, checked on your manifests:');
    expect(out).toContain('Solved: all 2 goals met.');
    expect(out).toContain('nginx checks the request');
  });

  it('--solution grades the exercise’s own solution', async () => {
    const { code } = await cli(['check', 'exercise.yaml', '--solution']);
    expect(code).toBe(0);
  });

  it('-o json: the goals with their checks', async () => {
    const { code, out } = await cli(['check', 'exercise.yaml', '-o', 'json']);
    expect(code).toBe(1);
    const json = JSON.parse(out) as {
      exercises: {
        name: string;
        solved: boolean;
        goals: { id: string; met: boolean; why: string; checks: { field: string }[] }[];
        explanation: string | null;
      }[];
    };
    const [e] = json.exercises;
    expect(e?.name).toBe('upload-body-size');
    expect(e?.solved).toBe(false);
    expect(e?.goals.map((g) => [g.id, g.met])).toEqual([
      ['photo', false],
      ['still-limited', true],
    ]);
    expect(e?.explanation).toBeNull();
  });

  it('--verify checks a whole pack: every solution solves, no start does', async () => {
    const { code, out } = await cli(['check', EXERCISES, '--verify']);
    expect(code).toBe(0);
    expect(out).toMatch(/\n(\d+) of \1 exercises verified\.\n$/);
  });

  it('grades one exercise of a pack with --exercise', async () => {
    const { code, out } = await cli([
      'check',
      EXERCISES,
      '--exercise',
      'upload-body-size',
      '-f',
      'fix.yaml',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Solved');
  });

  it.each([
    [['check', EXERCISES, '-f', 'fix.yaml'], /choose the one to grade with --exercise/],
    [['check', 'exercise.yaml', '--exercise', 'nope'], /no exercise named "nope"/],
    [['check', 'shop.yaml'], /holds no Exercise/],
    [['check', 'exercise.yaml', '-f', 'fix.yaml', '--verify'], /--verify/],
    [['check', 'exercise.yaml', '--hints', 'all'], /--hints/],
    [['check', 'missing.yaml'], /cannot read/],
  ])('bad usage exits 3: %j', async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(3);
    expect(err).toMatch(message);
  });
});
