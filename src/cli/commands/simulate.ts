/**
 * `routelab simulate`: whole traffic in simulated time, from the Scenario in the manifests
 * (or a default one). The run happens in a worker thread when the command is built, so that
 * Ctrl-C stops it early with what it has (exit 130).
 */
import { performance } from 'node:perf_hooks';
import {
  defaultScenario,
  lint,
  loadManifests,
  sortDiagnostics,
  type Cluster,
  type Diagnostic,
  type LoadResult,
} from '../../engine/index.js';
import { readInputs } from '../inputs.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { loadCluster } from '../load.js';
import { makeStyle } from '../render/ansi.js';
import { formatCount, formatPercent, formatSeconds } from '../render/format.js';
import { ProgressBar } from '../render/progress.js';
import { errorCount, renderSimulationText } from '../render/simulateText.js';
import { diagnosticToJson, type DiagnosticJson } from '../render/traceJson.js';
import { parseSeed } from '../request.js';
import {
  canUseWorker,
  clusterAfter,
  runInWorker,
  runSimulation,
  type RunOutcome,
  type RunRequest,
  type SimulationResult,
} from '../simulation.js';
import { parseCount, parseDuration, parsePercent } from '../units.js';
import { printDiagnostics } from './diagnostics.js';

export interface SimulateCommandOptions {
  readonly filename?: readonly string[];
  readonly seed?: string;
  readonly duration?: string;
  readonly samples?: string;
  readonly strict?: boolean;
  readonly failOnErrorRate?: string;
  readonly output?: string;
  /** Files applied on top of the manifests during the run (kubectl apply), at `changeAt`. */
  readonly change?: readonly string[];
  readonly changeAt?: string;
}

/** Whole requests kept per outcome (the human output shows them all). */
export const DEFAULT_SAMPLES = 2;
const MAX_SAMPLES = 1000;

export async function simulateCommand(o: SimulateCommandOptions, io: Io): Promise<number> {
  const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
  const durationMs = o.duration === undefined ? undefined : parseDuration(o.duration);
  const samples =
    o.samples === undefined ? DEFAULT_SAMPLES : parseCount(o.samples, '--samples', MAX_SAMPLES);
  const failAt =
    o.failOnErrorRate === undefined
      ? undefined
      : parsePercent(o.failOnErrorRate, '--fail-on-error-rate');
  const strict = o.strict ?? false;
  const { inputs, load, cluster } = await loadCluster(o.filename ?? [], io, strict);
  const now = (io.now ?? (() => new Date()))().toISOString();
  const totalMs = durationMs ?? (cluster.scenario ?? defaultScenario(cluster)).durationMs;
  const change = await readChange(o, io, totalMs);
  const before = lint(cluster, load.diagnostics, { now });
  const diagnostics = sortDiagnostics(
    change ? [...before, ...introducedBy(change, load.resources, before, strict, now)] : before,
  );
  const json = o.output === 'json';
  if (!json) printDiagnostics(diagnostics, [...(o.filename ?? []), ...(o.change ?? [])], io);
  checkTraffic(cluster);

  const request: RunRequest = {
    inputs,
    strict,
    ...(seed !== undefined ? { seed } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    samplesPerOutcome: samples,
    ...(change ? { change } : {}),
  };
  // A progress bar only on a terminal, and not when JSON goes to a pipe or a file.
  const progress =
    io.stderrTTY && (!json || io.stdoutTTY)
      ? new ProgressBar({
          write: io.stderr,
          columns: io.stderrColumns ?? 80,
          clock: () => performance.now(),
          totalMs,
        })
      : undefined;
  const run = await execute(request, io, progress);
  progress?.clear();
  if (run === 'aborted') {
    io.stderr('routelab: interrupted\n');
    return EXIT.stopped;
  }
  const { result, wallMs, reachedMs } = run;

  if (json) {
    io.stdout(`${JSON.stringify(simulationToJson(run, diagnostics), null, 2)}\n`);
    if (result.stoppedEarly)
      io.stderr(
        `routelab: stopped early at ${formatSeconds(reachedMs)} of ${formatSeconds(result.durationMs)}\n`,
      );
  } else {
    io.stdout(
      renderSimulationText(
        {
          result,
          wallMs,
          reachedMs,
          ...(cluster.scenario ? {} : { defaultTraffic: describeDefault(cluster) }),
        },
        { style: makeStyle(io.color ?? false), width: io.columns ?? 100 },
      ),
    );
  }
  const code = exitCodeFor(result, failAt);
  if (code === EXIT.errorRate) {
    const errors = errorCount(result.outcomes);
    io.stderr(
      `routelab: error rate ${formatPercent(errors, result.requests)} (${formatCount(errors)} of ${formatCount(result.requests)} requests: 5xx or no response) is above --fail-on-error-rate ${failAt}%\n`,
    );
  }
  return code;
}

/**
 * 130 when the run stopped early; 1 when the share of requests that ended in a 5xx or with no
 * response is above `failOnErrorRate` percent; 0 otherwise, whatever the error rate.
 */
export function exitCodeFor(result: SimulationResult, failOnErrorRate?: number): number {
  if (result.stoppedEarly) return EXIT.stopped;
  if (
    failOnErrorRate !== undefined &&
    result.requests > 0 &&
    (100 * errorCount(result.outcomes)) / result.requests > failOnErrorRate
  )
    return EXIT.errorRate;
  return EXIT.ok;
}

/**
 * `-o json`: the engine's result as it is, plus the wall time, where a stopped run stopped
 * (null when it ran to the end) and the YAML's diagnostics.
 */
export type SimulationJson = SimulationResult & {
  wallMs: number;
  stoppedAtMs: number | null;
  diagnostics: DiagnosticJson[];
};

export function simulationToJson(
  run: RunOutcome,
  diagnostics: readonly Diagnostic[],
): SimulationJson {
  return {
    ...run.result,
    wallMs: Math.round(run.wallMs * 100) / 100,
    stoppedAtMs: run.result.stoppedEarly ? Math.round(run.reachedMs * 100) / 100 : null,
    diagnostics: diagnostics.map(diagnosticToJson),
  };
}

/**
 * `--change FILE --change-at D`: the files to apply during the run and when (halfway through by
 * default). Undefined without --change.
 */
async function readChange(
  o: SimulateCommandOptions,
  io: Io,
  totalMs: number,
): Promise<RunRequest['change']> {
  const files = o.change ?? [];
  if (files.length === 0) {
    if (o.changeAt !== undefined) throw new UsageError('--change-at needs --change FILE');
    return undefined;
  }
  const atMs = o.changeAt === undefined ? totalMs / 2 : parseDuration(o.changeAt, '--change-at');
  if (atMs >= totalMs)
    throw new UsageError(
      `--change-at ${o.changeAt ?? ''} is not before the end of the run (${formatSeconds(totalMs)})`,
    );
  return { inputs: await readInputs(files, io), atMs };
}

/**
 * What the change brings that the manifests did not have: its files' YAML problems and the
 * diagnostics of the cluster after it that the cluster before it did not give.
 */
function introducedBy(
  change: NonNullable<RunRequest['change']>,
  resources: LoadResult['resources'],
  before: readonly Diagnostic[],
  strict: boolean,
  now: string,
): Diagnostic[] {
  const known = new Set(before.map(diagnosticKey));
  const changeLoad = loadManifests(change.inputs);
  const after = clusterAfter(resources, changeLoad.resources, strict);
  return lint(after, changeLoad.diagnostics, { now }).filter((d) => !known.has(diagnosticKey(d)));
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.code} ${d.message}`;
}

/** Nothing to send is a mistake in the input, not a result. */
function checkTraffic(cluster: Cluster): void {
  if (cluster.scenario) {
    if (cluster.scenario.traffic.length === 0)
      throw new UsageError(
        `nothing to simulate: Scenario ${cluster.scenario.name} has no traffic (add spec.traffic, e.g. - url: http://shop.example.com/, rate: 10/s)`,
      );
    return;
  }
  if (defaultScenario(cluster).traffic.length === 0)
    throw new UsageError(
      'nothing to simulate: the files hold no Scenario (kind: Scenario, apiVersion: routelab.dev/v1alpha1) and no Ingress host to send traffic to',
    );
}

function describeDefault(cluster: Cluster): string {
  const s = defaultScenario(cluster);
  const t = s.traffic[0];
  const what = t ? `${t.method} ${t.url} at ${t.ratePerSec}/s from ${t.clients} clients` : '';
  return `No Scenario in the files: routelab sends ${what} (add a kind: Scenario document to choose the traffic, pods' behaviour and faults).`;
}

type Execution = RunOutcome | 'aborted';

/** Interrupts closer than this to the first are the same Ctrl-C, delivered twice. */
const SECOND_INTERRUPT_MS = 1000;

/**
 * In a worker when the command is built: the first Ctrl-C asks the run to stop early, a
 * second ends it at once. Otherwise (tests, tsx) on this thread, where Ctrl-C keeps its default.
 */
async function execute(
  request: RunRequest,
  io: Io,
  progress: ProgressBar | undefined,
): Promise<Execution> {
  let fraction = 0;
  const onProgress = (f: number): void => {
    fraction = f;
    progress?.update(f);
  };
  if (!canUseWorker()) return runSimulation(request, { onProgress });
  const running = runInWorker(request, { onProgress });
  // One Ctrl-C often arrives twice: the terminal signals every process of the foreground
  // group, and npx (or `timeout`) passes it on too. A second one counts after a second.
  let firstInterrupt: number | undefined;
  let aborted = false;
  const unsubscribe = io.onInterrupt?.(() => {
    const now = performance.now();
    if (firstInterrupt === undefined) {
      firstInterrupt = now;
      running.stop();
      progress?.say('stopping… (Ctrl-C again to quit at once)', fraction);
    } else if (now - firstInterrupt >= SECOND_INTERRUPT_MS) {
      aborted = true;
      running.abort();
    }
  });
  try {
    return await running.outcome;
  } catch (e) {
    if (aborted) return 'aborted';
    throw e;
  } finally {
    unsubscribe?.();
  }
}
