import { describe, expect, it } from 'vitest';
import { gradeExercise, loadExercisePack, ManifestLoader, type Exercise } from '../index.js';

const WEB = `apiVersion: v1
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
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
`;

function ingress(className: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
${className ? `  ingressClassName: ${className}\n` : ''}  rules:
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
}

const START = `${ingress('')}---\n${WEB}`;
const SOLUTION = `${ingress('nginx')}---\n${WEB}`;

function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');
}

function exercise(goals: string, scenario = ''): Exercise {
  const pack = loadExercisePack(`apiVersion: routelab.dev/v1alpha1
kind: Exercise
metadata:
  name: class
spec:
  title: Class
  start:
    manifests: |
${indent(START, 6)}
${scenario ? `    scenario:\n${indent(scenario, 6)}\n` : ''}  goals:
${indent(goals, 4)}
  solution:
    manifests: |
${indent(SOLUTION, 6)}
`);
  expect(pack.diagnostics).toEqual([]);
  return pack.exercises[0] as Exercise;
}

const REQUEST_GOAL = `- id: served
  title: served
  request:
    url: http://shop.example.com/
    expect: { status: 200, backend: shop/web }
`;

describe('gradeExercise', () => {
  it('checks a request goal, saying why it is not met', () => {
    const e = exercise(REQUEST_GOAL);
    const start = gradeExercise(e, e.start.text);
    expect(start.solved).toBe(false);
    expect([start.met, start.total]).toEqual([0, 1]);
    const [goal] = start.goals;
    expect(goal?.met).toBe(false);
    expect(goal?.why).toBe(
      'GET http://shop.example.com/: status is 404, not 200 (404: no route for shop.example.com/).',
    );
    expect(goal?.checks.map((c) => [c.field, c.pass])).toEqual([
      ['status', false],
      ['backend', false],
    ]);
    const solved = gradeExercise(e, e.solution.text);
    expect(solved.solved).toBe(true);
    expect(solved.goals[0]?.why).toMatch(/^GET http:\/\/shop.example.com\/: 200 from web-/);
  });

  it('checks diagnostics present or absent, for one resource when asked', () => {
    const e = exercise(`- title: no RL208
  diagnostic: { code: RL208 }
- title: no RL208 about this Ingress
  diagnostic: { code: RL208, resource: Ingress/shop/web }
- title: not about another one
  diagnostic: { code: RL208, resource: shop/other }
- title: RL208 is reported
  diagnostic: { code: RL208, present: true }
`);
    const start = gradeExercise(e, e.start.text);
    expect(start.goals.map((g) => g.met)).toEqual([false, false, true, true]);
    expect(start.goals[0]?.why).toMatch(/^lint still reports RL208: No controller serves/);
    expect(start.goals[2]?.why).toBe('lint no longer reports RL208 about shop/other.');
    const solved = gradeExercise(e, e.solution.text);
    expect(solved.goals.map((g) => g.met)).toEqual([true, true, true, false]);
    expect(solved.goals[3]?.why).toBe('lint does not report RL208.');
  });

  it('runs the simulation once for every simulation goal, with the exercise’s scenario', () => {
    const e = exercise(
      `- title: healthy
  simulation:
    errorRate: { max: 1% }
    statusShare: { '200': { min: 99% } }
    p99: 2s
    retries: 0
- title: busy
  simulation:
    serviceShare: { shop/web: { min: 100% } }
    rateLimited: { max: 0 }
    upstreamConnections: { min: 1 }
`,
      `duration: 5s
traffic:
  - url: http://shop.example.com/
    rate: 10/s
    clients: 2
`,
    );
    const start = gradeExercise(e, e.start.text);
    expect(start.goals.map((g) => g.met)).toEqual([false, false]);
    expect(start.goals[0]?.why).toBe(
      '50 simulated requests: share of 200 is 0%, not at least 99%.',
    );
    const solved = gradeExercise(e, e.solution.text);
    expect(solved.goals.map((g) => g.met)).toEqual([true, true]);
    expect(solved.goals[0]?.checks.map((c) => [c.field, c.actual])).toEqual([
      ['error rate', '0%'],
      ['p99', expect.stringMatching(/ ms$/) as unknown as string],
      ['retries', '0'],
      ['share of 200', '100%'],
    ]);
  });

  it('leaves simulation goals for later when asked to', () => {
    const e = exercise(`- title: healthy
  simulation: { errorRate: 1% }
`);
    const grade = gradeExercise(e, e.solution.text, { simulate: false });
    expect(grade.goals[0]?.met).toBe(false);
    expect(grade.goals[0]?.why).toMatch(/^Not simulated yet/);
  });

  it('ignores the learner’s own Scenario, RouteTests and Exercises, and says so', () => {
    const e = exercise(
      REQUEST_GOAL,
      `backends:
  - service: shop/web
    behaviour: refuse
`,
    );
    const cheat = `${e.solution.text}---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: mine
spec:
  backends:
    - service: shop/web
      behaviour: normal
---
apiVersion: routelab.dev/v1alpha1
kind: RouteTest
metadata:
  name: mine
spec: { requests: [] }
`;
    const grade = gradeExercise(e, cheat);
    expect(grade.goals[0]?.met).toBe(false);
    expect(grade.goals[0]?.why).toContain('502');
    expect(grade.notes).toEqual([
      'The Scenario mine in your manifests is ignored: the exercise decides how the pods behave and what traffic comes in.',
      'The RouteTest mine in your manifests is ignored: it is not part of the cluster.',
    ]);
  });

  it('takes several files, and broken YAML gives diagnostics with lines, not an exception', () => {
    const e = exercise(REQUEST_GOAL);
    const files = gradeExercise(e, [
      { text: ingress('nginx'), file: 'ingress.yaml' },
      { text: WEB, file: 'web.yaml' },
    ]);
    expect(files.solved).toBe(true);
    const broken = gradeExercise(e, `${SOLUTION}---\nkind: [unclosed\n`, { file: 'mine.yaml' });
    expect(broken.solved).toBe(true);
    expect(broken.diagnostics.map((d) => [d.code, d.file, d.range?.startLine])).toContainEqual([
      'RL100',
      'mine.yaml',
      expect.any(Number) as unknown as number,
    ]);
    expect(gradeExercise(e, '').solved).toBe(false);
    expect(gradeExercise(e, '{'.repeat(10_000)).solved).toBe(false);
  });

  it('re-uses a loader between gradings of edited text', () => {
    const e = exercise(REQUEST_GOAL);
    const loader = new ManifestLoader();
    expect(gradeExercise(e, e.start.text, { loader }).solved).toBe(false);
    expect(gradeExercise(e, e.solution.text, { loader }).solved).toBe(true);
  });

  it('cuts a scenario that asks for too many requests short, and says so', () => {
    const e = exercise(
      `- title: healthy
  simulation: { errorRate: 100% }
`,
      `duration: 10m
traffic:
  - url: http://nowhere.example.com/
    rate: 1000/s
`,
    );
    const grade = gradeExercise(e, e.solution.text);
    expect(grade.notes).toEqual([
      'The scenario asks for about 600000 requests; the simulation stops after 200 s (about 200000).',
    ]);
    expect(grade.goals[0]?.why).toMatch(/^200000 simulated requests/);
  });
});
