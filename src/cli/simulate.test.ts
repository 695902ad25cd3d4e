import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, simulationToJson } from './commands/simulate.js';
import { EXIT } from './io.js';
import { formatDuration, formatMs, formatPercent, formatSeconds } from './render/format.js';
import { ProgressBar } from './render/progress.js';
import { seriesStep } from './render/simulateText.js';
import { run } from './program.js';
import { runSimulation, simulateOptions, type RunRequest } from './simulation.js';
import { parseDuration, parsePercent } from './units.js';

const CLUSTER = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
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
                name: api
                port:
                  number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - containerPort: 8080
`;

/** 50 requests a second for 2 s to a Service whose pods fail one request in ten. */
const SCENARIO = `${CLUSTER}---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: flaky
spec:
  duration: 2s
  backends:
    - service: shop/api
      errorRate: 0.1
  traffic:
    - url: http://shop.example.com/orders
      rate: 50/s
`;

/** A minute of traffic with a crash: long enough to stop early, to group seconds, to have events. */
const LONG = `${CLUSTER}---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: long
spec:
  duration: 60s
  traffic:
    - url: http://shop.example.com/
      rate: 500/s
      clients: 20
  faults:
    - at: 12s
      type: podCrash
      target: shop/api
`;

const NO_TRAFFIC = `${CLUSTER}---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata:
  name: idle
spec:
  duration: 2s
`;

/** Two pods, one of which closes every connection mid-request. */
const RESETTING = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: api-a, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api-b, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: routelab.dev/v1alpha1
kind: Scenario
metadata: {name: reset}
spec:
  backends:
    - pod: api-a
      behavior: reset
`;

/** The same Ingress sending / to a new Service, web, and web's pods. */
const TO_WEB = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-a, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: x, ports: [{containerPort: 8080}]}]}
`;

/** A change whose Ingress sends to a Service nobody defines (RL301-style warning). */
const TO_NOWHERE = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: nowhere, port: {number: 80}}}
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'routelab-simulate-'));
  await writeFile(path.join(dir, 'flaky.yaml'), SCENARIO);
  await writeFile(path.join(dir, 'long.yaml'), LONG);
  await writeFile(path.join(dir, 'idle.yaml'), NO_TRAFFIC);
  await writeFile(path.join(dir, 'cluster.yaml'), CLUSTER);
  await writeFile(path.join(dir, 'reset.yaml'), RESETTING);
  await writeFile(path.join(dir, 'to-web.yaml'), TO_WEB);
  await writeFile(path.join(dir, 'to-nowhere.yaml'), TO_NOWHERE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], columns = 100) {
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
    columns,
    cwd: dir,
    now: () => new Date('2025-06-01T12:00:00Z'),
  });
  return { code, out, err };
}

interface SimulationJsonShape {
  scenario: string;
  seed: number;
  durationMs: number;
  requests: number;
  outcomes: Record<string, number>;
  reasons: Record<string, number>;
  retries: number;
  rateLimited: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  perPod: Record<string, { requests: number; errors: number }>;
  stoppedEarly: boolean;
  wallMs: number;
  stoppedAtMs: number | null;
  events: { atMs: number; text: string }[];
  diagnostics: { code: string; message: string; file?: string; line: number }[];
}

async function simulateJson(argv: string[]) {
  const r = await cli(['simulate', ...argv, '-o', 'json']);
  return { ...r, json: JSON.parse(r.out) as SimulationJsonShape };
}

const sum = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** The JSON without the one value that depends on the machine. */
const withoutWallMs = (out: string): string => out.replace(/"wallMs": [\d.e+-]+/, '"wallMs": 0');

describe('routelab simulate -o json', () => {
  it('runs the Scenario: 100 requests, outcomes that sum to them, two pods', async () => {
    const { code, json, err } = await simulateJson(['-f', 'flaky.yaml']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(json.scenario).toBe('flaky');
    expect(json.requests).toBe(100);
    expect(sum(json.outcomes)).toBe(json.requests);
    expect(sum(json.reasons)).toBe(json.requests);
    expect(Object.keys(json.perPod)).toHaveLength(2);
    expect(Object.keys(json.perPod).every((p) => p.startsWith('api-'))).toBe(true);
    expect(Object.keys(json.latencyMs)).toEqual(expect.arrayContaining(['p50', 'p95', 'p99']));
    expect(json.latencyMs.p50).toBeGreaterThan(0);
    expect(typeof json.retries).toBe('number');
    expect(json.wallMs).toBeGreaterThan(0);
    expect(json.stoppedEarly).toBe(false);
    expect(json.stoppedAtMs).toBeNull();
    // About one request in ten fails with the pods' 500.
    expect(json.outcomes['500']).toBeGreaterThan(0);
    expect(json.outcomes['500']).toBeLessThan(30);
  });

  it('is byte for byte the same with the same --seed (but for wallMs)', async () => {
    const first = await simulateJson(['-f', 'flaky.yaml', '--seed', '7']);
    const second = await simulateJson(['-f', 'flaky.yaml', '--seed', '7']);
    expect(first.json.seed).toBe(7);
    expect(withoutWallMs(second.out)).toBe(withoutWallMs(first.out));
    expect(first.out).not.toBe(withoutWallMs(first.out));
  });

  it("--duration overrides the Scenario's", async () => {
    const short = await simulateJson(['-f', 'flaky.yaml', '--duration', '1s']);
    expect(short.json.durationMs).toBe(1000);
    expect(short.json.requests).toBe(50);
    const longer = await simulateJson(['-f', 'flaky.yaml', '--duration', '4']);
    expect(longer.json.durationMs).toBe(4000);
    expect(longer.json.requests).toBe(200);
  });

  it('--fail-on-error-rate: exit 1 above the threshold, 0 at or below it', async () => {
    const { json } = await simulateJson(['-f', 'flaky.yaml']);
    const rate = (100 * (json.outcomes['500'] ?? 0)) / json.requests;
    const above = await cli(['simulate', '-f', 'flaky.yaml', '--fail-on-error-rate', '1']);
    expect(above.code).toBe(1);
    expect(above.err).toMatch(
      /^routelab: error rate [\d.]+% \(\d+ of 100 requests: 5xx or no response\) is above --fail-on-error-rate 1%$/m,
    );
    expect(above.out).toContain('Outcome');
    const json1 = await cli([
      'simulate',
      '-f',
      'flaky.yaml',
      '-o',
      'json',
      '--fail-on-error-rate',
      '0.5%',
    ]);
    expect(json1.code).toBe(1);
    expect(JSON.parse(json1.out)).toHaveProperty('requests', 100);
    expect((await cli(['simulate', '-f', 'flaky.yaml', '--fail-on-error-rate', '50'])).code).toBe(
      0,
    );
    expect(
      (await cli(['simulate', '-f', 'flaky.yaml', '--fail-on-error-rate', String(rate)])).code,
    ).toBe(0);
    // Without the flag, any error rate is a completed run.
    expect((await cli(['simulate', '-f', 'flaky.yaml'])).code).toBe(0);
  });

  it('--samples bounds the whole requests kept per outcome', async () => {
    const { json } = await simulateJson(['-f', 'flaky.yaml', '--samples', '1']);
    const samples = (json as unknown as { samples: { status: number | null }[] }).samples;
    expect(samples).toHaveLength(Object.keys(json.outcomes).length);
    const none = await simulateJson(['-f', 'flaky.yaml', '--samples', '0']);
    expect((none.json as unknown as { samples: unknown[] }).samples).toEqual([]);
  });

  it('simulates a default scenario when the files hold none', async () => {
    const { code, json } = await simulateJson(['-f', 'cluster.yaml']);
    expect(code).toBe(0);
    expect(json.scenario).toBe('default');
    expect(json.requests).toBeGreaterThan(0);
  });
});

describe('routelab simulate (human output)', () => {
  it('prints the header, the tables and a few whole requests, within 100 columns', async () => {
    const { code, out, err } = await cli(['simulate', '-f', 'flaky.yaml']);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.split('\n');
    expect(lines[0]).toBe('Scenario "flaky" · seed 1 · 2 s simulated');
    expect(lines[1]).toMatch(
      /^100 requests in [\d.]+ m?s of wall time \([\d,.]+× faster than real time\)$/,
    );
    for (const heading of [
      /^Outcome +requests +%$/m,
      /^ {2}200 +\d+ +[\d.]+%$/m,
      /^ {2}500 +\d+ +[\d.]+%$/m,
      /^ {2}total +100 +100\.0%$/m,
      /^Reason +requests +%$/m,
      /^ {2}pod error +\d+/m,
      /^retries \d+ · rate-limited 0 · handshakes: \d+ client, \d+ upstream$/m,
      /^Latency +requests +p50 +p95 +p99 +max$/m,
      /^ {2}all requests +100 +[\d.]+ ms/m,
      /^ {2}location \/ +100 /m,
      /^Pod +attempts +share +errors$/m,
      /^Controller replica +requests +share$/m,
      /^Per second +req\/s +errors +p99 /m,
      /^ {2}0–1 s +50 /m,
      /^Sampled requests/m,
      /^ {2}500 GET http:\/\/shop\.example\.com\/orders: pod error after [\d.]+ ms\n {6}sent at [\d.]+ s from [\d.]+$/m,
      /^ {6}attempt 1 → api-\S+: 500 after [\d.]+ ms$/m,
    ])
      expect(out).toMatch(heading);
    expect(out).not.toContain('\x1b[');
    expect(lines.filter((l) => l.length > 100)).toEqual([]);
  });

  it('groups a long run into at most 20 rows, and lists the events', async () => {
    const { code, out } = await cli(['simulate', '-f', 'long.yaml']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Per 3 s +req\/s +errors +worst p99 /m);
    const rows = out.match(/^ {2}\d+–\d+ s /gm) ?? [];
    expect(rows).toHaveLength(20);
    expect(out).toMatch(/^Events\n {2}at 12\.0 s: api-\S+ crashes$/m);
    expect(out.split('\n').filter((l) => l.length > 100)).toEqual([]);
  });

  it('says so when routelab made the traffic up', async () => {
    const { out } = await cli(['simulate', '-f', 'cluster.yaml']);
    expect(out).toMatch(
      /^No Scenario in the files: routelab sends GET http:\/\/shop\.example\.com\//m,
    );
  });
});

describe('stopping early', () => {
  const request = async (file: string): Promise<RunRequest> => ({
    inputs: [{ text: file === 'long' ? LONG : SCENARIO, file: `${file}.yaml` }],
    strict: false,
  });

  it('builds the engine options: overrides only when given, hooks passed through', () => {
    const stop = (): boolean => false;
    const progress = (): void => undefined;
    expect(simulateOptions({ inputs: [], strict: false })).toEqual({});
    expect(
      simulateOptions(
        { inputs: [], strict: false, seed: 3, durationMs: 5000, samplesPerOutcome: 1 },
        { shouldStop: stop, onProgress: progress },
      ),
    ).toEqual({
      seed: 3,
      durationMs: 5000,
      samplesPerOutcome: 1,
      shouldStop: stop,
      onProgress: progress,
    });
  });

  it('a shouldStop that says yes ends the run early: stoppedEarly, exit 130', async () => {
    let asked = 0;
    const outcome = runSimulation(await request('long'), {
      shouldStop: () => ++asked >= 3,
    });
    expect(asked).toBe(3);
    expect(outcome.result.stoppedEarly).toBe(true);
    expect(outcome.reachedMs).toBeGreaterThan(0);
    expect(outcome.reachedMs).toBeLessThan(outcome.result.durationMs);
    // Every request that entered still ends in exactly one outcome.
    expect(sum(outcome.result.outcomes)).toBe(outcome.result.requests);
    expect(exitCodeFor(outcome.result)).toBe(EXIT.stopped);
    expect(exitCodeFor(outcome.result)).toBe(130);
    // Stopped early wins over an error-rate threshold.
    expect(exitCodeFor(outcome.result, 0)).toBe(130);
    const json = simulationToJson(outcome, []);
    expect(json.stoppedEarly).toBe(true);
    expect(json.stoppedAtMs).toBeCloseTo(outcome.reachedMs, 1);
  });

  it('a run to the end exits 0, or 1 above --fail-on-error-rate', async () => {
    const { result } = runSimulation(await request('flaky'), { shouldStop: () => false });
    expect(result.stoppedEarly).toBe(false);
    expect(exitCodeFor(result)).toBe(0);
    expect(exitCodeFor(result, 100)).toBe(0);
    expect(exitCodeFor(result, 0)).toBe(1);
  });

  it('reports progress as a fraction of simulated time', async () => {
    const seen: number[] = [];
    runSimulation(await request('long'), { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (seen[i - 1] ?? 0)))).toBe(
      true,
    );
  });
});

describe('the progress bar', () => {
  it('waits before it draws, redraws at most 10 times a second, and erases itself', () => {
    let now = 0;
    let written = '';
    const bar = new ProgressBar({
      write: (s) => {
        written += s;
      },
      columns: 80,
      clock: () => now,
      totalMs: 60_000,
    });
    bar.update(0.1);
    expect(written).toBe('');
    now = 600;
    bar.update(0.5);
    expect(written.startsWith('\r\x1b[2K[')).toBe(true);
    expect(written.slice(5)).toMatch(/^\[█+·+\] {2}50% {2}30 s of 1 min simulated$/);
    const drawn = written;
    now = 650;
    bar.update(0.6);
    expect(written).toBe(drawn);
    now = 750;
    bar.update(0.7);
    expect(written.length).toBeGreaterThan(drawn.length);
    expect(written.split('\r').every((l) => l.replace('\x1b[2K', '').length < 80)).toBe(true);
    bar.clear();
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('never draws for a short run', () => {
    let written = '';
    const bar = new ProgressBar({
      write: (s) => {
        written += s;
      },
      columns: 80,
      clock: () => 10,
      totalMs: 1000,
    });
    bar.update(1);
    bar.clear();
    expect(written).toBe('');
  });
});

describe('routelab simulate --change', () => {
  const podsOf = (perPod: Record<string, { requests: number }>, app: string): number =>
    Object.entries(perPod)
      .filter(([pod]) => pod.startsWith(`${app}-`))
      .reduce((n, [, v]) => n + v.requests, 0);

  it('applies the change at --change-at: the old Service answers until ingress-nginx has reloaded', async () => {
    const { code, json } = await simulateJson([
      '-f',
      'flaky.yaml',
      '--change',
      'to-web.yaml',
      '--change-at',
      '1s',
    ]);
    expect(code).toBe(0);
    expect(json.requests).toBe(100);
    // kubectl apply at 1 s; the new configuration serves once the controller reloaded.
    const applied = json.events.find((e) => /kubectl apply/.test(e.text));
    const serving = json.events.find((e) => /new configuration serves/.test(e.text));
    expect(applied?.atMs).toBe(1000);
    expect(serving?.text).toMatch(/ingress-nginx reloads/);
    expect(serving?.atMs).toBeGreaterThan(1000);
    expect(serving?.atMs).toBeLessThan(2000);
    // 50 requests a second: those sent before the reload went to api, the rest to web.
    const beforeReload = Math.ceil(((serving?.atMs ?? 0) / 1000) * 50);
    expect(podsOf(json.perPod, 'api')).toBeGreaterThanOrEqual(beforeReload - 2);
    expect(podsOf(json.perPod, 'api')).toBeLessThanOrEqual(beforeReload + 2);
    expect(podsOf(json.perPod, 'web')).toBe(100 - podsOf(json.perPod, 'api'));
  });

  it('applies it halfway through by default', async () => {
    const { json } = await simulateJson(['-f', 'flaky.yaml', '--change', 'to-web.yaml']);
    expect(json.events.find((e) => /kubectl apply/.test(e.text))?.atMs).toBe(1000);
  });

  it("reports what the change brings: the missing Service's diagnostic, from the change's file", async () => {
    const before = await simulateJson(['-f', 'flaky.yaml', '--strict']);
    const { json } = await simulateJson([
      '-f',
      'flaky.yaml',
      '--strict',
      '--change',
      'to-nowhere.yaml',
    ]);
    const added = json.diagnostics.filter(
      (d) => !before.json.diagnostics.some((b) => b.code === d.code && b.message === d.message),
    );
    expect(added.length).toBeGreaterThan(0);
    const missing = added.find((d) => /nowhere/.test(d.message));
    expect(missing?.file).toBe('to-nowhere.yaml');
    // Strict: the Service is missing, not assumed, so after the reload ingress-nginx answers 503.
    expect(json.outcomes['503']).toBeGreaterThan(0);
  });
});

describe('simulate: bad usage and unreadable input, exit 3', () => {
  it.each([
    [['simulate', '-f', 'flaky.yaml', '--duration', 'soon'], /--duration "soon" is not a duration/],
    [['simulate', '-f', 'flaky.yaml', '--duration', '0s'], /not a duration/],
    [['simulate', '-f', 'flaky.yaml', '--duration', '30d'], /not a duration/],
    [['simulate', '-f', 'flaky.yaml', '--duration', '8760h'], /7 days/],
    [['simulate', '-f', 'flaky.yaml', '--seed', 'x'], /--seed "x" is not a whole number/],
    [['simulate', '-f', 'flaky.yaml', '--fail-on-error-rate', '150'], /percentage/],
    [['simulate', '-f', 'flaky.yaml', '--samples', '-1'], /--samples/],
    [['simulate', '-f', 'idle.yaml'], /nothing to simulate: Scenario idle has no traffic/],
    [['simulate', '-f', 'missing.yaml'], /cannot read missing\.yaml/],
    [['simulate'], /no input/],
    [['simulate', '-f', 'flaky.yaml', '-o', 'yaml'], /invalid/],
    [['simulate', '-f', 'flaky.yaml', '--change-at', '1s'], /--change-at needs --change/],
    [
      ['simulate', '-f', 'flaky.yaml', '--change', 'to-web.yaml', '--change-at', '2s'],
      /--change-at 2s is not before the end of the run \(2/,
    ],
    [['simulate', '-f', 'flaky.yaml', '--change', 'gone.yaml'], /cannot read gone\.yaml/],
  ])('%j', async (argv, message) => {
    const { code, err, out } = await cli(argv);
    expect(code).toBe(3);
    expect(err).toMatch(/^routelab: /);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});

describe('arguments and numbers', () => {
  it('reads durations as a Scenario writes them, or plain seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration('1.5')).toBe(1500);
    expect(() => parseDuration('1m 30s')).toThrow();
    expect(() => parseDuration('-5s')).toThrow();
  });

  it('reads percentages with or without %', () => {
    expect(parsePercent('5', '--x')).toBe(5);
    expect(parsePercent('0.5%', '--x')).toBe(0.5);
    expect(() => parsePercent('101', '--x')).toThrow();
    expect(() => parsePercent('a lot', '--x')).toThrow();
  });

  it('groups seconds into round spans, at most 20 rows', () => {
    expect(seriesStep(2)).toBe(1);
    expect(seriesStep(20)).toBe(1);
    expect(seriesStep(21)).toBe(2);
    expect(seriesStep(60)).toBe(3);
    expect(seriesStep(300)).toBe(15);
    expect(seriesStep(3600)).toBe(180);
    expect(seriesStep(86_400)).toBe(7200);
    expect(seriesStep(604_800)).toBe(43_200);
  });

  it('formats times and shares for people', () => {
    expect(formatMs(10.54)).toBe('10.5 ms');
    expect(formatMs(60_030)).toBe('60.03 s');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatSeconds(3_600_000)).toBe('3,600 s');
    expect(formatSeconds(12_345)).toBe('12.3 s');
    expect(formatPercent(1, 1000)).toBe('0.1%');
    expect(formatPercent(1, 20_000)).toBe('<0.1%');
    expect(formatPercent(0, 10)).toBe('0%');
  });
});

describe('routelab trace with a Scenario', () => {
  /** The seed whose round robin starts on the resetting pod, so the GET needs two attempts. */
  async function traceOnResettingPod(extra: string[] = []) {
    for (let seed = 1; seed < 50; seed++) {
      const r = await cli([
        'trace',
        '-f',
        'reset.yaml',
        'http://shop.example.com/',
        '--seed',
        String(seed),
        '-o',
        'json',
        ...extra,
      ]);
      const json = JSON.parse(r.out) as {
        status: number;
        durationMs: number;
        attempts: { pod: string }[];
        attemptsDetail: { pod: string; startMs: number; endMs: number; outcome: string }[];
      };
      if (json.attempts[0]?.pod === 'api-a') return { ...r, json, seed };
    }
    throw new Error('no seed starts on api-a');
  }

  it('-o json: attemptsDetail shows the reset and the retry on the other pod', async () => {
    const { code, json } = await traceOnResettingPod();
    expect(code).toBe(0);
    expect(json.status).toBe(200);
    expect(json.attemptsDetail).toHaveLength(2);
    expect(json.attemptsDetail.map((a) => [a.pod, a.outcome])).toEqual([
      ['api-a', 'reset'],
      ['api-b', 'response'],
    ]);
    for (const a of json.attemptsDetail) {
      expect(Object.keys(a)).toEqual(['pod', 'startMs', 'endMs', 'outcome']);
      expect(a.endMs).toBeGreaterThanOrEqual(a.startMs);
    }
    const [first, second] = json.attemptsDetail;
    expect(second?.startMs).toBeGreaterThanOrEqual(first?.endMs ?? Infinity);
    expect(json.durationMs).toBeGreaterThanOrEqual(second?.endMs ?? Infinity);
    // "attempts" stays, with the same attempts.
    expect(json.attempts).toHaveLength(2);
  });

  it('human output lists the attempts under the upstream stage, and the simulated time', async () => {
    const { seed } = await traceOnResettingPod();
    const { out } = await cli([
      'trace',
      '-f',
      'reset.yaml',
      'http://shop.example.com/',
      '--seed',
      String(seed),
    ]);
    const upstream = out.slice(out.indexOf('✓ upstream'), out.indexOf('✓ pod'));
    expect(upstream).toMatch(/^ {14}attempt 1 → api-a: connection reset after [\d.]+ ms$/m);
    expect(upstream).toMatch(/^ {14}attempt 2 → api-b: 200 after [\d.]+ ms$/m);
    expect(out).toMatch(/^ {2}took [\d.]+ ms of simulated time$/m);
  });
});
