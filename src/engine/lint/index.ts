/** lint(cluster): every diagnostic about the loaded YAML, sorted by line. */
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { sortDiagnostics } from '../model/diagnostics.js';
import { lintNginxAnnotations } from './annotations.js';
import { lintBackends } from './backends.js';
import { lintControllerConfig } from './config.js';
import { lintContour } from './contour.js';
import { lintTls } from './tls.js';
import { lintTraefik } from './traefik.js';

export interface LintOptions {
  /** Current time (ISO 8601), to check certificate expiry; omitted → not checked. */
  readonly now?: string;
}

export function lint(
  cluster: Cluster,
  loadDiagnostics: readonly Diagnostic[] = [],
  options: LintOptions = {},
): Diagnostic[] {
  return sortDiagnostics(
    dedupe([
      ...loadDiagnostics,
      ...cluster.diagnostics,
      ...lintNginxAnnotations(cluster),
      ...lintTls(cluster, options.now),
      ...lintBackends(cluster),
      ...lintControllerConfig(cluster),
      ...lintContour(cluster),
      ...lintTraefik(cluster),
    ]),
  );
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
