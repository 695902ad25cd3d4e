/** `lint` output: one line per diagnostic (compiler style), or JSON. */
import type { Diagnostic } from '../../engine/index.js';
import type { Style } from './ansi.js';
import {
  count,
  diagnosticJson,
  fixJson,
  location,
  viewDiagnostic,
  type DiagnosticView,
} from './diagnostics.js';

export interface LintSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function summarize(ds: readonly Diagnostic[]): LintSummary {
  return {
    errors: ds.filter((d) => d.severity === 'error').length,
    warnings: ds.filter((d) => d.severity === 'warning').length,
    infos: ds.filter((d) => d.severity === 'info').length,
  };
}

export function renderLintJson(ds: readonly Diagnostic[]): string {
  const s = summarize(ds);
  const diagnostics = ds.map((d) => {
    const v = viewDiagnostic(d);
    return { ...diagnosticJson(d), endLine: v.endLine, ...(v.fix ? { fix: fixJson(v.fix) } : {}) };
  });
  return `${JSON.stringify({ diagnostics, errors: s.errors, warnings: s.warnings, infos: s.infos }, null, 2)}\n`;
}

export function renderLintText(ds: readonly Diagnostic[], style: Style): string {
  const lines: string[] = [];
  for (const d of ds) {
    const v = viewDiagnostic(d);
    lines.push(diagnosticLine(v, style));
    if (v.fix) lines.push(style.dim(`  fix: ${v.fix.title}`));
  }
  const s = summarize(ds);
  lines.push(
    `${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}, ${count(s.infos, 'info', 'info')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `file:line: severity CODE message`. */
export function diagnosticLine(v: DiagnosticView, style: Style): string {
  const where = location(v);
  const paint =
    v.severity === 'error' ? style.red : v.severity === 'warning' ? style.yellow : style.cyan;
  return `${where ? `${style.bold(where)}: ` : ''}${paint(v.severity)} ${style.dim(v.code)} ${v.message}`;
}
