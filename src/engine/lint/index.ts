/** lint(cluster): every diagnostic about the loaded YAML, sorted by line. */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { sortDiagnostics } from '../model/diagnostics.js';

export function lint(cluster: Cluster, loadDiagnostics: readonly Diagnostic[] = []): Diagnostic[] {
  return sortDiagnostics(dedupe([...loadDiagnostics, ...cluster.diagnostics]));
}

function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}|${d.source?.range.startLine ?? d.range?.startLine}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
