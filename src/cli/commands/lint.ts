/** `routelab lint`: every diagnostic about the YAML; exit 1 when one is an error. */
import { lint } from '../../engine/index.js';
import { EXIT, type Io } from '../io.js';
import { loadCluster } from '../load.js';
import { makeStyle } from '../render/ansi.js';
import { renderLintJson, renderLintText, summarize } from '../render/lint.js';

export interface LintCommandOptions {
  readonly filename?: readonly string[];
  readonly strict?: boolean;
  readonly output?: string;
}

export async function lintCommand(o: LintCommandOptions, io: Io): Promise<number> {
  const { load, cluster } = await loadCluster(o.filename ?? [], io, o.strict ?? false);
  const now = (io.now ?? (() => new Date()))().toISOString();
  const diagnostics = lint(cluster, load.diagnostics, { now });
  io.stdout(
    o.output === 'json'
      ? renderLintJson(diagnostics)
      : renderLintText(diagnostics, makeStyle(io.color ?? false)),
  );
  return summarize(diagnostics).errors > 0 ? EXIT.lintErrors : EXIT.ok;
}
