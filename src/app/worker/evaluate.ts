/**
 * The work the engine worker does for one job, kept free of worker globals so it can be
 * tested in Node. One Evaluator per worker: the ManifestLoader caches parsed documents
 * between calls, and the last cluster, its diagnostics and its topology are kept while only
 * the request changes (editing the URL does not re-parse or re-lint the YAML).
 */
import type { Cluster, Diagnostic } from '../../engine/index.js';
import { ManifestLoader, buildCluster, lint, trace } from '../../engine/index.js';
import type { TopologyView } from '../topology/types.js';
import { TopologyLayout } from './layout.js';
import type { EngineRequest, EngineResponse } from './protocol.js';
import { buildTopology, type TopologyGraph } from './topology.js';
import { tracePath } from './tracePath.js';

interface Prepared {
  readonly yaml: string;
  readonly cluster: Cluster;
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: TopologyGraph;
  readonly view: TopologyView;
}

export class Evaluator {
  private readonly loader = new ManifestLoader();
  private readonly layout = new TopologyLayout();
  private last: Prepared | undefined;

  evaluate(job: EngineRequest, clock: () => number = () => 0): EngineResponse {
    const started = clock();
    try {
      const { cluster, diagnostics, graph, view } = this.prepare(job.yaml);
      const result = trace(cluster, job.request, { seed: job.seed });
      const path = tracePath(cluster, graph, result);
      return {
        id: job.id,
        ok: true,
        trace: result,
        diagnostics,
        topology: job.topologyKey === view.key ? null : view,
        path,
        elapsedMs: clock() - started,
      };
    } catch (error: unknown) {
      this.last = undefined;
      const message = error instanceof Error ? error.message : String(error);
      return { id: job.id, ok: false, error: `The engine failed: ${message}` };
    }
  }

  private prepare(yaml: string): Prepared {
    if (this.last?.yaml === yaml) return this.last;
    const loaded = this.loader.load(yaml);
    const cluster = buildCluster(loaded.resources);
    const diagnostics = lint(cluster, loaded.diagnostics);
    const graph = buildTopology(cluster);
    const view = this.layout.place(graph.nodes, graph.edges);
    this.last = { yaml, cluster, diagnostics, graph, view };
    return this.last;
  }
}
