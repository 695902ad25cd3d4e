/**
 * Messages between the page and the engine worker. Everything here is plain data that
 * survives structured cloning: a Trace, Diagnostics and the topology view-model, never a
 * Cluster (it holds functions).
 */
import type {
  Diagnostic,
  Lifecycle,
  ProxyConfig,
  RequestSpec,
  Trace,
  simulate,
} from '../../engine/index.js';

/** What `simulate` returns (the engine's index exports the function, not its result type). */
export type SimulationResult = ReturnType<typeof simulate>;
import type { TopologyView, TracePath } from '../topology/types.js';

/**
 * The name of the worker the exercises start from the engine worker's script: it reads packs
 * and grades (`exercises/protocol.ts`) instead of evaluating.
 */
export const EXERCISE_WORKER_NAME = 'routelab-exercises';

/** One evaluation: the YAML, the request and the seed. `id` orders requests (latest wins). */
export interface EngineJob {
  readonly yaml: string;
  /** An open exercise's Scenario: it replaces any Scenario in `yaml`, as grading does. */
  readonly scenario?: string;
  readonly request: RequestSpec;
  readonly seed: number;
  /**
   * The topology the page already has (its key), or null. The worker sends the topology
   * only when its own differs: the key covers what the nodes and edges show (a new port,
   * a moved line), so typing in a comment sends nothing and a value edit sends the new text.
   */
  readonly topologyKey?: string | null;
  /** What the open panel needs besides the trace: the lifecycle, the proxy's configuration. */
  readonly extras?: {
    readonly lifecycle?: boolean;
    readonly config?: boolean;
    /** Run the Scenario: a run number; the worker runs each number once. */
    readonly simulate?: number;
  };
}

export interface EngineRequest extends EngineJob {
  readonly id: number;
}

/**
 * Sent once to a new worker, before any job, where the page is cross-origin isolated: the
 * shared memory of the answer slot (answerSlot.ts) the worker also writes trace parts to.
 */
export interface EngineSetup {
  readonly answerSlot: SharedArrayBuffer;
}

export type EngineMessage = EngineRequest | EngineSetup;

/**
 * An answer comes in two messages, so the trace reaches the page before the work that
 * depends on the YAML alone. First the trace part: the trace and the nodes it passes (what
 * the trace panel and the token need), posted as soon as the cluster is built and traced.
 */
export interface TracePart {
  readonly id: number;
  readonly ok: true;
  readonly part: 'trace';
  readonly trace: Trace;
  /** The nodes the trace passes, for the animated token. */
  readonly path: TracePath;
  /** Time the worker spent until the trace (load + build + trace), in milliseconds. */
  readonly elapsedMs: number;
}

/**
 * Then the model part, which ends the job: the problems (lint), the graph and what the open
 * panel asked for. The worker may skip it when a newer job is already waiting for it (the
 * page no longer wants it), so a job the page still waits for always gets it.
 */
export interface ModelPart {
  readonly id: number;
  readonly ok: true;
  readonly part: 'model';
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Counts the YAML texts this worker has read; the same number means the same YAML, so
   * the page keeps its diagnostics (and the editor its markers) as they are.
   */
  readonly yamlVersion: number;
  /** The graph, when it differs from the one the job said the page has; else null. */
  readonly topology: TopologyView | null;
  /** The eleven stages from kubectl apply, when the job asked for them. */
  readonly lifecycle: Lifecycle | null;
  /** What the answering controller's proxy runs, when the job asked for it. */
  readonly config: ProxyConfig | null;
  /** The run asked for by `extras.simulate`, when this job ran it; else null. */
  readonly simulation: { readonly run: number; readonly result: SimulationResult } | null;
  /** Time the worker spent on the whole job (both parts), in milliseconds. */
  readonly elapsedMs: number;
}

/** The engine threw: a bug in the engine, reported instead of crashing the page. Ends the job. */
export interface EngineFailure {
  readonly id: number;
  readonly ok: false;
  readonly error: string;
}

export type EngineResponse = TracePart | ModelPart | EngineFailure;

/** Both parts of one answer together (what `Evaluator.evaluate` returns, for tests and tools). */
export type EngineAnswer =
  | (Omit<ModelPart, 'part' | 'elapsedMs'> &
      Omit<TracePart, 'part' | 'elapsedMs'> & {
        /** Time until the trace part, and for the whole job. */
        readonly traceMs: number;
        readonly elapsedMs: number;
      })
  | EngineFailure;
