/**
 * The work the engine worker does for one job, kept free of worker globals so it can be
 * tested in Node. One Evaluator per worker: the ManifestLoader caches parsed documents
 * between calls, and the last cluster, its diagnostics and its topology are kept while only
 * the request changes (editing the URL does not re-parse or re-lint the YAML).
 *
 * A job is answered in two parts (protocol.ts): the trace part needs only the cluster
 * (load, build, trace, and the trace's path named as the graph names its nodes), so it
 * goes out before lint, the graph and its layout, which make the model part.
 */
import type {
  Cluster,
  Diagnostic,
  Lifecycle,
  LoadResult,
  ProxyConfig,
  Trace,
} from '../../engine/index.js';
import {
  ManifestLoader,
  buildCluster,
  lifecycle,
  lint,
  loadManifests,
  proxyConfig,
  simulate,
  trace,
} from '../../engine/index.js';
import type { TopologyView } from '../topology/types.js';
import { TopologyLayout, viewKeys } from './layout.js';
import type {
  EngineAnswer,
  EngineFailure,
  EngineRequest,
  ModelPart,
  SimulationResult,
  TracePart,
} from './protocol.js';

/** A run that takes longer than this (wall clock) stops early with what it has. */
export const SIMULATION_BUDGET_MS = 3000;
import { buildTopology, type TopologyGraph } from './topology.js';
import { tracePath } from './tracePath.js';

interface Prepared {
  readonly yaml: string;
  readonly scenario: string | undefined;
  readonly version: number;
  readonly loaded: LoadResult;
  readonly cluster: Cluster;
}

/** What the model part computes from a Prepared: kept while the YAML does not change. */
interface Modelled {
  readonly from: Prepared;
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: TopologyGraph;
  /**
   * The key of its view (structure and what the nodes and edges show): the page's is the
   * same, nothing is sent. A value edit (a port, a moved line) changes it, not the structure.
   */
  readonly keys: { readonly key: string; readonly structure: string };
  /** Placed only when it is sent. */
  view?: TopologyView;
}

/** One job's answer: the trace part at once, and the model part when asked for. */
export type Answering =
  | { readonly trace: TracePart; readonly model: () => ModelPart | EngineFailure }
  /** The trace part failed: the failure ends the job. */
  | { readonly trace: EngineFailure; readonly model?: undefined };

export class Evaluator {
  private readonly loader = new ManifestLoader();
  private readonly layout = new TopologyLayout();
  private last: Prepared | undefined;
  private modelled: Modelled | undefined;
  /** Kept while neither the YAML (the Prepared object) nor what they depend on changes. */
  private lastLifecycle: { from: Prepared; key: string; value: Lifecycle } | undefined;
  private lastConfig: { from: Prepared; key: string; value: ProxyConfig } | undefined;
  private lastRun = 0;
  /**
   * The YAML versions this worker hands out start after the number it is given: the page's worker
   * passes the clock (Date.now()), so a restarted worker never repeats a number the page has seen.
   */
  constructor(private versions = 0) {}

  /** Both parts at once (tests and tools; the worker posts them one by one with `answer`). */
  evaluate(job: EngineRequest, clock: () => number = () => 0): EngineAnswer {
    const answering = this.answer(job, clock);
    if (answering.model === undefined) return answering.trace;
    const first = answering.trace;
    const second = answering.model();
    if (!second.ok) return second;
    const { part: _t, elapsedMs: traceMs, ...traced } = first;
    const { part: _m, ...rest } = second;
    return { ...traced, ...rest, traceMs };
  }

  /** The trace part now; the model part from `model()`, which the worker may skip. */
  answer(job: EngineRequest, clock: () => number = () => 0): Answering {
    const started = clock();
    let prepared: Prepared;
    let result: Trace;
    let first: TracePart;
    try {
      prepared = this.prepare(job.yaml, job.scenario);
      result = trace(prepared.cluster, job.request, { seed: job.seed });
      const path = tracePath(prepared.cluster, result);
      first = {
        id: job.id,
        ok: true,
        part: 'trace',
        trace: result,
        path,
        elapsedMs: clock() - started,
      };
    } catch (error: unknown) {
      return { trace: this.failed(job, error) };
    }
    const traceMs = first.elapsedMs;
    // The worker's time on the job: the trace part's, then this part's (the wait between the
    // two, engine.worker.ts, is not work).
    const model = (): ModelPart | EngineFailure => {
      const modelStarted = clock();
      try {
        const modelled = this.model(prepared);
        const lc = job.extras?.lifecycle ? this.lifecycleOf(prepared, job) : null;
        const config = job.extras?.config ? this.configOf(prepared, result) : null;
        const run = job.extras?.simulate ?? 0;
        const simulation =
          run > 0 && run !== this.lastRun
            ? { run, result: this.simulateOnce(prepared.cluster, run, clock) }
            : null;
        return {
          id: job.id,
          ok: true,
          part: 'model',
          diagnostics: modelled.diagnostics,
          yamlVersion: prepared.version,
          topology: job.topologyKey === modelled.keys.key ? null : this.viewOf(modelled),
          lifecycle: lc,
          config,
          simulation,
          elapsedMs: traceMs + (clock() - modelStarted),
        };
      } catch (error: unknown) {
        return this.failed(job, error);
      }
    };
    return { trace: first, model };
  }

  private failed(job: EngineRequest, error: unknown): EngineFailure {
    this.last = undefined;
    this.modelled = undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { id: job.id, ok: false, error: `The engine failed: ${message}` };
  }

  private prepare(yaml: string, scenario: string | undefined): Prepared {
    if (this.last?.yaml === yaml && this.last.scenario === scenario) return this.last;
    const loaded = this.loader.load(yaml);
    const cluster = buildCluster(withScenario(loaded.resources, scenario));
    this.last = { yaml, scenario, version: ++this.versions, loaded, cluster };
    return this.last;
  }

  /** Lint and the graph: once per YAML. */
  private model(p: Prepared): Modelled {
    if (this.modelled?.from === p) return this.modelled;
    const diagnostics = lint(p.cluster, p.loaded.diagnostics);
    const graph = buildTopology(p.cluster);
    this.modelled = { from: p, diagnostics, graph, keys: viewKeys(graph.nodes, graph.edges) };
    return this.modelled;
  }

  /**
   * The graph placed on the page, when the page's differs. Positions are reused while the
   * structure and the nodes' sizes stay (typing in a value), so only the text is new.
   */
  private viewOf(m: Modelled): TopologyView {
    m.view ??= this.layout.place(m.graph.nodes, m.graph.edges, m.keys);
    return m.view;
  }

  /** The eleven stages of applying this YAML to an empty cluster, following the request. */
  private lifecycleOf(p: Prepared, job: EngineRequest): Lifecycle {
    const key = JSON.stringify([job.request, job.seed]);
    if (this.lastLifecycle?.from === p && this.lastLifecycle.key === key)
      return this.lastLifecycle.value;
    const value = lifecycle(undefined, p.cluster, {
      loadDiagnostics: p.loaded.diagnostics,
      rejected: p.loaded.rejected,
      request: job.request,
      seed: job.seed,
    });
    this.lastLifecycle = { from: p, key, value };
    return value;
  }

  /** Runs the Scenario (the YAML's, else a default one) once per run number. */
  private simulateOnce(cluster: Cluster, run: number, clock: () => number): SimulationResult {
    this.lastRun = run;
    const started = clock();
    return simulate(cluster, {
      samplesPerOutcome: 1,
      shouldStop: () => clock() - started > SIMULATION_BUDGET_MS,
    });
  }

  /** What the controller that answered (else the first one) runs. */
  private configOf(p: Prepared, result: Trace): ProxyConfig | null {
    const controller =
      p.cluster.controllers.find((c) => c.id === result.controller) ?? p.cluster.controllers[0];
    if (!controller) return null;
    const key = controller.id;
    if (this.lastConfig?.from === p && this.lastConfig.key === key) return this.lastConfig.value;
    const value = proxyConfig(p.cluster, controller);
    this.lastConfig = { from: p, key, value };
    return value;
  }
}

/**
 * An open exercise's Scenario replaces the editor's own, as the grader does, so the trace
 * beside the editor gives the answers the goals check.
 */
function withScenario(
  resources: LoadResult['resources'],
  scenario: string | undefined,
): LoadResult['resources'] {
  if (scenario === undefined) return resources;
  const theirs = loadManifests(scenario).resources.filter((r) => r.kind === 'Scenario');
  if (theirs.length === 0) return resources;
  return [...resources.filter((r) => r.kind !== 'Scenario'), ...theirs];
}
