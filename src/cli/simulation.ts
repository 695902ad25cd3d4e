/**
 * One simulation run for `routelab simulate`: the same code on the main thread (tests, tsx)
 * and in simulateWorker.ts (the built command, so that Ctrl-C is heard during a run: the
 * engine's simulate() is synchronous and holds its thread until it returns).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  applyChange,
  buildCluster,
  loadManifests,
  simulate,
  simulationChange,
  type Cluster,
  type LoadResult,
  type ManifestInput,
  type SimulateOptions,
} from '../engine/index.js';

export type SimulationResult = ReturnType<typeof simulate>;

/** What to simulate: plain data, so that it can be sent to a worker. */
export interface RunRequest {
  readonly inputs: readonly ManifestInput[];
  readonly strict: boolean;
  /** Override the Scenario's seed and duration when given. */
  readonly seed?: number;
  readonly durationMs?: number;
  readonly samplesPerOutcome?: number;
  /** Files applied on top of `inputs` during the run, as kubectl apply, at `atMs`. */
  readonly change?: { readonly inputs: readonly ManifestInput[]; readonly atMs: number };
}

export interface RunHooks {
  /** Returns true once the run should stop early (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** The fraction of simulated time done, as the engine reports it. */
  readonly onProgress?: (fraction: number) => void;
}

export interface RunOutcome {
  readonly result: SimulationResult;
  /** Wall-clock time of simulate() itself, measured with performance.now(). */
  readonly wallMs: number;
  /** Simulated time reached: the whole duration, or where the run stopped early. */
  readonly reachedMs: number;
}

/** The options for the engine's simulate(): the command line's overrides, and the hooks. */
export function simulateOptions(request: RunRequest, hooks: RunHooks = {}): SimulateOptions {
  return {
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.durationMs !== undefined ? { durationMs: request.durationMs } : {}),
    ...(request.samplesPerOutcome !== undefined
      ? { samplesPerOutcome: request.samplesPerOutcome }
      : {}),
    ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
  };
}

/** Loads the manifests, builds the cluster and runs the simulation on this thread. */
export function runSimulation(request: RunRequest, hooks: RunHooks = {}): RunOutcome {
  const load = loadManifests(request.inputs);
  const cluster = buildCluster(load.resources, { strict: request.strict });
  const change = request.change;
  const options: SimulateOptions = change
    ? {
        ...simulateOptions(request, hooks),
        change: simulationChange(
          cluster,
          clusterAfter(load.resources, loadManifests(change.inputs).resources, request.strict),
          change.atMs,
        ),
      }
    : simulateOptions(request, hooks);
  const start = performance.now();
  const result = simulate(cluster, options);
  const wallMs = performance.now() - start;
  const reachedMs = result.stoppedAtMs ?? result.durationMs;
  return { result, wallMs, reachedMs };
}

/** The cluster once the change's files are applied on top of `before`'s resources. */
export function clusterAfter(
  before: LoadResult['resources'],
  change: LoadResult['resources'],
  strict: boolean,
): Cluster {
  return buildCluster(applyChange(before, change), { strict });
}

/** Messages from simulateWorker.ts. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'done'; readonly outcome: RunOutcome }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string };

export interface WorkerData {
  readonly request: RunRequest;
  /** One Int32: set to 1 to stop the run early. */
  readonly stop: SharedArrayBuffer;
}

const workerUrl = new URL('./simulateWorker.js', import.meta.url);

/**
 * A worker needs compiled JavaScript: the built command (dist-cli) has it; under vitest or
 * tsx this module is TypeScript and the run stays on the calling thread.
 */
export function canUseWorker(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerUrl));
}

export interface RunningSimulation {
  readonly outcome: Promise<RunOutcome>;
  /** Asks the run to stop early; it ends with what it has. */
  readonly stop: () => void;
  /** Ends the worker at once (a second Ctrl-C); `outcome` rejects. */
  readonly abort: () => void;
}

/** Runs the simulation in a worker thread, so that this thread stays free for signals. */
export function runInWorker(request: RunRequest, hooks: RunHooks = {}): RunningSimulation {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const data: WorkerData = { request, stop };
  const worker = new Worker(workerUrl, { workerData: data });
  let settled = false;
  const outcome = new Promise<RunOutcome>((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') hooks.onProgress?.(m.fraction);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.outcome);
      } else {
        settled = true;
        const e = new Error(m.message);
        if (m.stack) e.stack = m.stack;
        reject(e);
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the simulation worker exited with code ${code}`));
    });
  });
  return {
    outcome,
    stop: () => Atomics.store(flag, 0, 1),
    abort: () => void worker.terminate(),
  };
}
