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
  /** Worker time until the shown trace, in milliseconds. */
  readonly elapsedMs: number | null;
  /** Worker time of the whole job the graph and problems came from (null until they come). */
  readonly totalMs: number | null;
  /**
   * Bumped when the token should travel again: a request was sent, or the answer's path
   * changed. Typing that leaves the path as it was does not restart the animation.
   */
  readonly resultSeq: number;
  /** How many traces came back: every one counts (the figures in bench/page.ts use it). */
  readonly answers: number;
  /**
   * The token set off (resultSeq bumped) on the graph the page had then: the graph that
   * comes with the rest of the answer sets it off again, on its own positions.
   */
  readonly tokenOnOldGraph: boolean;
  startRun(): void;
  /** The first part of an answer: the trace panel's. */
  showTrace(result: {
    trace: Trace;
    path: TracePath;
    elapsedMs: number;
    /** The user pressed Send (or picked an example): play the token even on the same path. */
    sent: boolean;
  }): void;
  /** The rest of the same answer: problems, graph, the open panel's extras. */
  showModel(result: {
    diagnostics: readonly Diagnostic[];
    yamlVersion: number;
    topology: TopologyView | null;
    lifecycle: Lifecycle | null;
    config: ProxyConfig | null;
    simulation: { run: number; result: SimulationResult } | null;
    elapsedMs: number;
    /** The YAML of the job that answered. */
    yaml: string;
  }): void;
  showError(message: string): void;
  clearSimulation(): void;
}

/** Each shown answer's JSON, made once: every new answer is compared with the shown one. */
const jsonOf = new WeakMap<object, string>();

/** Whether two answers (plain data from the worker) read the same. */
function sameData(a: object | null, b: object | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const json = (o: object): string => {
    let text = jsonOf.get(o);
    if (text === undefined) {
      text = JSON.stringify(o);
      jsonOf.set(o, text);
    }
    return text;
  };
  return json(a) === json(b);
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
  totalMs: null,
  resultSeq: 0,
  answers: 0,
  tokenOnOldGraph: false,
  startRun: () => set({ pending: true }),
  showTrace: (r) =>
    set((state) => {
      // The same path keeps its object, so the graph (hundreds of nodes) is not rebuilt for
      // an answer that goes the same way; the same trace keeps its object, so the stage list
      // is not rendered again in the frame that draws the key that left it as it was.
      const samePath = sameData(r.path, state.path);
      const sameTrace = sameData(r.trace, state.trace);
      const travel = r.sent || !samePath;
      return {
        trace: sameTrace ? state.trace : r.trace,
        path: samePath ? state.path : r.path,
        elapsedMs: r.elapsedMs,
        totalMs: null,
        pending: false,
        error: null,
        resultSeq: travel ? state.resultSeq + 1 : state.resultSeq,
        tokenOnOldGraph: state.tokenOnOldGraph || travel,
        answers: state.answers + 1,
      };
    }),
  showModel: (r) =>
    set((state) => {
      // The same YAML, or problems that read the same, keep the diagnostics object: the
      // editor's markers and the problems list do not redo their work.
      const sameDiagnostics =
        r.yamlVersion === state.yamlVersion ||
        (r.diagnostics.length === state.diagnostics.length &&
          sameData(r.diagnostics, state.diagnostics));
      return {
        diagnostics: sameDiagnostics ? state.diagnostics : r.diagnostics,
        yamlVersion: r.yamlVersion,
        topology: r.topology ?? state.topology,
        // Kept while the panel that wants them is closed, so reopening it shows them at once.
        lifecycle: r.lifecycle ?? state.lifecycle,
        config: r.config ?? state.config,
        simulation: r.simulation ? { ...r.simulation, yaml: r.yaml } : state.simulation,
        totalMs: r.elapsedMs,
        // A token that set off on the old graph sets off again when nodes moved; a graph
        // whose only news is text (a value edit) keeps the trip it is on.
        resultSeq:
          r.topology !== null &&
          r.topology.placement !== state.topology?.placement &&
          state.tokenOnOldGraph
            ? state.resultSeq + 1
            : state.resultSeq,
        tokenOnOldGraph: false,
      };
    }),
  clearSimulation: () => set({ simulation: null }),
  showError: (error) =>
    set({
      error,
      trace: null,
      path: null,
      diagnostics: [],
      elapsedMs: null,
      totalMs: null,
      pending: false,
      tokenOnOldGraph: false,
    }),
});
