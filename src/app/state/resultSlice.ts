/** What the engine said about the current YAML and request. */
import type { Diagnostic, Lifecycle, ProxyConfig, Trace } from '../../engine/index.js';
import type { TopologyView, TracePath } from '../topology/types.js';
import type { SimulationResult } from '../worker/protocol.js';
import type { SliceCreator } from './types.js';

export interface ResultSlice {
  readonly trace: Trace | null;
  readonly diagnostics: readonly Diagnostic[];
  /** The worker's number for the YAML the diagnostics belong to (see EngineResponse). */
  readonly yamlVersion: number;
  /** The graph of the current YAML (kept while only the request changes). */
  readonly topology: TopologyView | null;
  /** The nodes the current trace passes. */
  readonly path: TracePath | null;
  /** The eleven stages from kubectl apply (when the lifecycle panel asked for them). */
  readonly lifecycle: Lifecycle | null;
  /** What the answering controller runs (when the configuration panel asked for it). */
  readonly config: ProxyConfig | null;
  /** The last Scenario run, and the YAML it ran on (the page says when the YAML moved on). */
  readonly simulation: {
    readonly run: number;
    readonly result: SimulationResult;
    readonly yaml: string;
  } | null;
  /** A job is in the worker; the previous result stays on screen until it answers. */
  readonly pending: boolean;
  /** The engine failed or timed out; no trace is shown. */
  readonly error: string | null;
  /** Worker time of the last result, in milliseconds. */
  readonly elapsedMs: number | null;
  /**
   * Bumped when the token should travel again: a request was sent, or the answer's path
   * changed. Typing that leaves the path as it was does not restart the animation.
   */
  readonly resultSeq: number;
  /** How many answers came back: every result counts (the figures in bench/page.ts use it). */
  readonly answers: number;
  startRun(): void;
  showResult(result: {
    trace: Trace;
    diagnostics: readonly Diagnostic[];
    yamlVersion: number;
    topology: TopologyView | null;
    path: TracePath;
    lifecycle: Lifecycle | null;
    config: ProxyConfig | null;
    simulation: { run: number; result: SimulationResult } | null;
    elapsedMs: number;
    /** The YAML of the job that answered. */
    yaml: string;
    /** The user pressed Send (or picked an example): play the token even on the same path. */
    sent: boolean;
  }): void;
  showError(message: string): void;
  clearSimulation(): void;
}

export const createResultSlice: SliceCreator<ResultSlice> = (set) => ({
  trace: null,
  diagnostics: [],
  yamlVersion: 0,
  topology: null,
  path: null,
  lifecycle: null,
  config: null,
  simulation: null,
  pending: false,
  error: null,
  elapsedMs: null,
  resultSeq: 0,
  answers: 0,
  startRun: () => set({ pending: true }),
  showResult: (r) =>
    set((state) => {
      // The same path keeps its object, so the graph (hundreds of nodes) is not rebuilt for
      // an answer that goes the same way.
      const samePath = JSON.stringify(r.path) === JSON.stringify(state.path);
      return {
        trace: r.trace,
        // The same YAML keeps its diagnostics object: the editor's markers and the problems
        // list do not redo their work when only the request changed.
        diagnostics: r.yamlVersion === state.yamlVersion ? state.diagnostics : r.diagnostics,
        yamlVersion: r.yamlVersion,
        topology: r.topology ?? state.topology,
        path: samePath ? state.path : r.path,
        // Kept while the panel that wants them is closed, so reopening it shows them at once.
        lifecycle: r.lifecycle ?? state.lifecycle,
        config: r.config ?? state.config,
        simulation: r.simulation ? { ...r.simulation, yaml: r.yaml } : state.simulation,
        elapsedMs: r.elapsedMs,
        pending: false,
        error: null,
        resultSeq: r.sent || !samePath ? state.resultSeq + 1 : state.resultSeq,
        answers: state.answers + 1,
      };
    }),
  clearSimulation: () => set({ simulation: null }),
  showError: (error) =>
    set({ error, trace: null, path: null, diagnostics: [], elapsedMs: null, pending: false }),
});
