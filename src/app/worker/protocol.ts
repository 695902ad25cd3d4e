/**
 * Messages between the page and the engine worker. Everything here is plain data that
 * survives structured cloning: a Trace and Diagnostics, never a Cluster (it holds functions).
 */
import type { Diagnostic, RequestSpec, Trace } from '../../engine/index.js';

/** One evaluation: the YAML, the request and the seed. `id` orders requests (latest wins). */
export interface EngineJob {
  readonly yaml: string;
  readonly request: RequestSpec;
  readonly seed: number;
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
      /** Time the worker spent on this job (load + build + lint + trace), in milliseconds. */
      readonly elapsedMs: number;
    }
  | {
      readonly id: number;
      readonly ok: false;
      /** The engine threw: a bug in the engine, reported instead of crashing the page. */
      readonly error: string;
    };
