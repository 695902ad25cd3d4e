/**
 * gradeExercise(exercise, manifestsText): the learner's manifests, with the exercise's own
 * scenario, checked goal by goal: requests traced and compared with their expectations,
 * lint's diagnostics looked up, a simulation run once for every simulation goal. Pure and
 * deterministic; a problem inside the engine fails the goal it hit, it never throws.
 */
import { buildCluster } from '../cluster/build.js';
import { lint } from '../lint/index.js';
import { ManifestLoader, type ManifestInput } from '../manifest/load.js';
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type {
  Exercise,
  ExerciseGoal,
  ExerciseGrade,
  GoalResult,
  SimulationThreshold,
} from '../model/exercise.js';
import type { Resource, Service } from '../model/resources.js';
import type { ExpectationCheck } from '../model/routeTest.js';
import type { SimulationResult } from '../model/simulation.js';
import { simulate } from '../sim/simulate.js';
import { checkExpectation } from '../testing/expect.js';
import { traceSafely } from '../testing/run.js';

/** The name the exercise's scenario carries in diagnostics (it is not the learner's text). */
export const SCENARIO_FILE = '(exercise scenario)';

/** A simulation goal never runs more requests than this: a longer scenario is cut short. */
export const MAX_SIMULATED_REQUESTS = 200_000;

export interface GradeOptions {
  /** Seed for traces and the simulation; default: the scenario's, or 1. */
  readonly seed?: number;
  /** Current time (ISO 8601) for certificate validity; omitted → not checked. */
  readonly now?: string;
  /** The name of the learner's text, carried by diagnostics (when given as one string). */
  readonly file?: string;
  /** Re-use parsed documents between gradings of edited text (the page's editor). */
  readonly loader?: ManifestLoader;
  /** false: leave simulation goals unmet, saying they were not run (fast feedback while typing). */
  readonly simulate?: boolean;
}

/** The cluster an exercise is graded on: the learner's manifests and the exercise's scenario. */
export interface GradedCluster {
  readonly cluster: Cluster;
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
}

export function exerciseCluster(
  exercise: Exercise,
  manifests: string | readonly ManifestInput[],
  options: GradeOptions = {},
): GradedCluster {
  const inputs: ManifestInput[] =
    typeof manifests === 'string'
      ? [{ text: manifests, ...(options.file !== undefined ? { file: options.file } : {}) }]
      : [...manifests];
  if (exercise.scenario) inputs.push({ text: exercise.scenario.text, file: SCENARIO_FILE });
  const loaded = (options.loader ?? new ManifestLoader()).load(inputs);
  const notes: string[] = [];
  const mine = (r: Resource): boolean => r.source.file === SCENARIO_FILE;
  const ignored = loaded.resources.filter(
    (r) => !mine(r) && (r.kind === 'Scenario' || r.kind === 'Exercise' || r.kind === 'RouteTest'),
  );
  for (const r of ignored)
    notes.push(
      r.kind === 'Scenario'
        ? `The Scenario ${r.meta.name} in your manifests is ignored: the exercise decides how the pods behave and what traffic comes in.`
        : `The ${r.kind} ${r.meta.name} in your manifests is ignored: it is not part of the cluster.`,
    );
  const resources = loaded.resources.filter((r) => !ignored.includes(r));
  const cluster = buildCluster(resources, { strict: false });
  const diagnostics = lint(
    cluster,
    loaded.diagnostics,
    options.now !== undefined ? { now: options.now } : {},
  ).filter((d) => d.file !== SCENARIO_FILE && d.source?.file !== SCENARIO_FILE);
  return { cluster, diagnostics, notes };
}

/**
 * Grades `manifests` (the learner's text, or several files) against the exercise's goals.
 * Scenario, RouteTest and Exercise documents in them are left out (and named in `notes`):
 * the exercise's own scenario decides how the pods behave and what traffic comes in.
 */
export function gradeExercise(
  exercise: Exercise,
  manifests: string | readonly ManifestInput[],
  options: GradeOptions = {},
): ExerciseGrade {
  const graded = exerciseCluster(exercise, manifests, options);
  const { cluster, diagnostics } = graded;
  const notes = [...graded.notes];
  let simulation: { result: SimulationResult } | { error: string } | undefined;
  const simulated = (): { result: SimulationResult } | { error: string } =>
    (simulation ??= runSimulation(cluster, options, notes));
  const goals = exercise.goals.map((goal): GoalResult => {
    try {
      return gradeGoal(goal, cluster, diagnostics, options, simulated);
    } catch (e) {
      return result(
        goal,
        false,
        `routelab could not check this goal (${e instanceof Error ? e.message : String(e)}); please report it.`,
        [],
      );
    }
  });
  const met = goals.filter((g) => g.met).length;
  return {
    exercise: exercise.name,
    solved: met === goals.length && goals.length > 0,
    met,
    total: goals.length,
    goals,
    diagnostics,
    notes,
  };
}

function result(
  goal: ExerciseGoal,
  met: boolean,
  why: string,
  checks: readonly ExpectationCheck[],
): GoalResult {
  return { id: goal.id, title: goal.title, kind: goal.kind, met, why, checks, source: goal.source };
}

function gradeGoal(
  goal: ExerciseGoal,
  cluster: Cluster,
  diagnostics: readonly Diagnostic[],
  options: GradeOptions,
  simulated: () => { result: SimulationResult } | { error: string },
): GoalResult {
  switch (goal.kind) {
    case 'request': {
      const traced = traceSafely(cluster, goal.request, options);
      if ('error' in traced) return result(goal, false, traced.error, []);
      const t = traced.trace;
      const checks = checkExpectation(t, goal.expect);
      const failed = checks.filter((c) => !c.pass);
      const request = `${t.request.method} ${goal.request.url}`;
      if (failed.length === 0) return result(goal, true, `${request}: ${t.summary}.`, checks);
      const first = failed[0];
      return result(
        goal,
        false,
        `${request}: ${first ? `${first.field} is ${first.actual}, not ${first.expected}` : 'not as expected'} (${t.summary}).`,
        checks,
      );
    }
    case 'diagnostic': {
      const found = diagnostics.filter(
        (d) => d.code === goal.code && (!goal.resource || about(d, goal.resource)),
      );
      const where = goal.resource ? ` about ${goal.resource}` : '';
      const first = found[0];
      if (goal.present)
        return first
          ? result(goal, true, `lint reports ${goal.code}: ${first.message}`, [])
          : result(goal, false, `lint does not report ${goal.code}${where}.`, []);
      return first
        ? result(goal, false, `lint still reports ${goal.code}: ${first.message}`, [])
        : result(goal, true, `lint no longer reports ${goal.code}${where}.`, []);
    }
    case 'simulation': {
      const run = simulated();
      if ('error' in run) return result(goal, false, run.error, []);
      const checks = goal.thresholds.map((th) => checkThreshold(th, run.result, cluster));
      const failed = checks.find((c) => !c.pass);
      const summary = `${run.result.requests} simulated requests`;
      return failed
        ? result(
            goal,
            false,
            `${summary}: ${failed.field} is ${failed.actual}, not ${failed.expected}.`,
            checks,
          )
        : result(
            goal,
            true,
            `${summary}: ${checks.map((c) => `${c.field} ${c.actual}`).join(', ')}.`,
            checks,
          );
    }
  }
}

/** A diagnostic about `resource`: Kind/namespace/name, namespace/name or name. */
function about(d: Diagnostic, resource: string): boolean {
  const s = d.source;
  if (!s) return false;
  const parts = resource.split('/');
  if (parts.length === 3)
    return parts[0] === s.kind && parts[1] === s.namespace && parts[2] === s.name;
  if (parts.length === 2) return parts[0] === s.namespace && parts[1] === s.name;
  return parts[0] === s.name;
}

function runSimulation(
  cluster: Cluster,
  options: GradeOptions,
  notes: string[],
): { result: SimulationResult } | { error: string } {
  if (options.simulate === false)
    return { error: 'Not simulated yet: this goal is checked when the simulation runs.' };
  const scenario = cluster.scenario;
  let durationMs: number | undefined;
  if (scenario) {
    const expected = scenario.traffic.reduce((sum, t) => {
      const end = t.durationMs === undefined ? scenario.durationMs : t.startMs + t.durationMs;
      return (
        sum + (t.ratePerSec * Math.max(0, Math.min(end, scenario.durationMs) - t.startMs)) / 1000
      );
    }, 0);
    if (expected > MAX_SIMULATED_REQUESTS) {
      durationMs = Math.max(
        1000,
        Math.floor((scenario.durationMs * MAX_SIMULATED_REQUESTS) / expected),
      );
      notes.push(
        `The scenario asks for about ${Math.round(expected)} requests; the simulation stops after ${durationMs / 1000} s (about ${MAX_SIMULATED_REQUESTS}).`,
      );
    }
  }
  try {
    return {
      result: simulate(cluster, {
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(durationMs !== undefined ? { durationMs } : {}),
        samplesPerOutcome: 0,
      }),
    };
  } catch (e) {
    return {
      error: `routelab could not simulate (${e instanceof Error ? e.message : String(e)}); please report it.`,
    };
  }
}

function checkThreshold(
  th: SimulationThreshold,
  r: SimulationResult,
  cluster: Cluster,
): ExpectationCheck {
  const share = (n: number, of: number): number => (of > 0 ? n / of : 0);
  let field: string;
  let value: number;
  let unit: 'ratio' | 'ms' | 'count';
  switch (th.metric) {
    case 'errorRate': {
      const errors = Object.entries(r.outcomes).reduce(
        (sum, [status, n]) => (status === 'error' || Number(status) >= 500 ? sum + n : sum),
        0,
      );
      [field, value, unit] = ['error rate', share(errors, r.requests), 'ratio'];
      break;
    }
    case 'p50':
    case 'p95':
    case 'p99':
    case 'max':
      [field, value, unit] = [
        th.metric === 'max' ? 'max latency' : th.metric,
        r.latencyMs[th.metric],
        'ms',
      ];
      break;
    case 'retries':
      [field, value, unit] = ['retries', r.retries, 'count'];
      break;
    case 'rateLimited':
      [field, value, unit] = ['rate-limited requests', r.rateLimited, 'count'];
      break;
    case 'upstreamConnections':
      [field, value, unit] = ['new connections to pods', r.handshakes.upstream, 'count'];
      break;
    case 'statusShare': {
      const status = th.status ?? '';
      [field, value, unit] = [
        status === 'error' ? 'share without a response' : `share of ${status}`,
        share(r.outcomes[status] ?? 0, r.requests),
        'ratio',
      ];
      break;
    }
    case 'serviceShare': {
      const service = th.service ?? '';
      const pods = podsOf(cluster, service);
      let tries = 0;
      let mine = 0;
      for (const [pod, p] of Object.entries(r.perPod)) {
        tries += p.requests;
        if (pods.has(pod)) mine += p.requests;
      }
      [field, value, unit] = [`share of ${service}`, share(mine, tries), 'ratio'];
      break;
    }
  }
  const fmt = (n: number): string =>
    unit === 'ratio'
      ? `${Number((100 * n).toFixed(2))}%`
      : unit === 'ms'
        ? n >= 1000
          ? `${Number((n / 1000).toFixed(2))} s`
          : `${Number(n.toFixed(1))} ms`
        : String(n);
  const expected = [
    th.min !== undefined ? `at least ${fmt(th.min)}` : '',
    th.max !== undefined ? `at most ${fmt(th.max)}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const pass =
    (th.min === undefined || value >= th.min - 1e-9) &&
    (th.max === undefined || value <= th.max + 1e-9);
  return { field, expected, actual: fmt(value), pass, source: th.source };
}

/** Names of the pods a Service (namespace/name) selects. */
function podsOf(cluster: Cluster, service: string): Set<string> {
  const [namespace, name] = service.split('/');
  const svc = cluster.resources.find(
    (r): r is Service =>
      r.kind === 'Service' && r.meta.namespace === namespace && r.meta.name === name,
  );
  const selector = svc?.selector;
  const out = new Set<string>();
  if (!selector || Object.keys(selector).length === 0) return out;
  for (const p of cluster.pods)
    if (p.namespace === namespace && Object.entries(selector).every(([k, v]) => p.labels[k] === v))
      out.add(p.name);
  return out;
}
