/** `routelab trace`: one request through every stage. */
import { lint, sortDiagnostics, trace, type Diagnostic } from '../../engine/index.js';
import { EXIT, type Io } from '../io.js';
import { printDiagnostics } from './diagnostics.js';
import { loadCluster } from '../load.js';
import { makeStyle } from '../render/ansi.js';
import { traceToJson } from '../render/traceJson.js';
import { renderTraceText } from '../render/traceText.js';
import { parseSeed, toRequestSpec } from '../request.js';

export interface TraceCommandOptions {
  readonly filename?: readonly string[];
  readonly request?: string;
  readonly header?: readonly string[];
  readonly clientIp?: string;
  readonly dataSize?: string;
  readonly resolve?: readonly string[];
  readonly insecure?: boolean;
  readonly strict?: boolean;
  readonly seed?: string;
  readonly output?: string;
}

export async function traceCommand(url: string, o: TraceCommandOptions, io: Io): Promise<number> {
  const spec = toRequestSpec({
    url,
    method: o.request,
    headers: o.header,
    clientIp: o.clientIp,
    dataSize: o.dataSize,
    resolve: o.resolve,
    insecure: o.insecure,
  });
  const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
  const { files, load, cluster } = await loadCluster(o.filename ?? [], io, o.strict ?? false);
  const now = (io.now ?? (() => new Date()))().toISOString();
  const result = trace(cluster, spec, { now, ...(seed !== undefined ? { seed } : {}) });
  // Everything lint would say (load, cluster and lint checks), plus what the trace found.
  const diagnostics = sortDiagnostics(
    unique([...lint(cluster, load.diagnostics, { now }), ...result.diagnostics]),
  );

  if (o.output === 'json') {
    io.stdout(`${JSON.stringify(traceToJson(result, diagnostics), null, 2)}\n`);
  } else {
    const style = makeStyle(io.color ?? false);
    printDiagnostics(diagnostics, o.filename ?? [], io);
    io.stdout(
      renderTraceText(result, { style, width: io.columns ?? 100, showFiles: files.length > 1 }),
    );
  }
  return result.status === null ? EXIT.noResponse : EXIT.ok;
}

function unique(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}|${d.source?.range.startLine ?? d.range?.startLine}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
