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
   * only when its own differs, so typing in a value does not re-send the whole graph.
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

export type EngineResponse =
  | {
      readonly id: number;
      readonly ok: true;
      readonly trace: Trace;
      readonly diagnostics: readonly Diagnostic[];
      /**
       * Counts the YAML texts this worker has read; the same number means the same YAML, so
       * the page keeps its diagnostics (and the editor its markers) as they are.
       */
      readonly yamlVersion: number;
      /** The graph, when it differs from the one the job said the page has; else null. */
      readonly topology: TopologyView | null;
      /** The nodes the trace passes, for the animated token. */
      readonly path: TracePath;
      /** The eleven stages from kubectl apply, when the job asked for them. */
      readonly lifecycle: Lifecycle | null;
      /** What the answering controller's proxy runs, when the job asked for it. */
      readonly config: ProxyConfig | null;
      /** The run asked for by `extras.simulate`, when this job ran it; else null. */
      readonly simulation: { readonly run: number; readonly result: SimulationResult } | null;
      /** Time the worker spent on this job (load + build + lint + trace), in milliseconds. */
      readonly elapsedMs: number;
    }
  | {
      readonly id: number;
      readonly ok: false;
      /** The engine threw: a bug in the engine, reported instead of crashing the page. */
      readonly error: string;
    };
