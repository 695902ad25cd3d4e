/**
 * The work the engine worker does for one job, kept free of worker globals so it can be
 * tested in Node. One Evaluator per worker: the ManifestLoader caches parsed documents
 * between calls, and the last cluster and its diagnostics are kept while only the request
 * changes (editing the URL does not re-parse or re-lint the YAML).
 */
import type { Cluster, Diagnostic } from '../../engine/index.js';
import { ManifestLoader, buildCluster, lint, trace } from '../../engine/index.js';
import type { EngineRequest, EngineResponse } from './protocol.js';

export class Evaluator {
  private readonly loader = new ManifestLoader();
  private last: { yaml: string; cluster: Cluster; diagnostics: readonly Diagnostic[] } | undefined;

  evaluate(job: EngineRequest, clock: () => number = () => 0): EngineResponse {
    const started = clock();
    try {
      const { cluster, diagnostics } = this.prepare(job.yaml);
      const result = trace(cluster, job.request, { seed: job.seed });
      return { id: job.id, ok: true, trace: result, diagnostics, elapsedMs: clock() - started };
    } catch (error: unknown) {
      this.last = undefined;
      const message = error instanceof Error ? error.message : String(error);
      return { id: job.id, ok: false, error: `The engine failed: ${message}` };
    }
  }

  private prepare(yaml: string): { cluster: Cluster; diagnostics: readonly Diagnostic[] } {
    if (this.last?.yaml === yaml) return this.last;
    const loaded = this.loader.load(yaml);
    const cluster = buildCluster(loaded.resources);
    const diagnostics = lint(cluster, loaded.diagnostics);
    this.last = { yaml, cluster, diagnostics };
    return this.last;
  }
}
