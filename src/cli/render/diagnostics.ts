/** Diagnostics as the command shows them: with the file and line they refer to. */
import type { Diagnostic, Fix } from '../../engine/index.js';

export interface DiagnosticView {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly file: string | null;
  /** 1-based; 0 when the diagnostic has no line (an assumed resource). */
  readonly line: number;
  readonly endLine: number;
  readonly fix?: Fix;
}

/** The file comes from the resource's source, or (a YAML syntax error) from the diagnostic itself. */
export function viewDiagnostic(d: Diagnostic): DiagnosticView {
  const range = d.source?.range ?? d.range;
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.source?.file ?? d.file ?? null,
    line: range?.startLine ?? 0,
    endLine: range?.endLine ?? range?.startLine ?? 0,
    ...(d.fix ? { fix: d.fix } : {}),
  };
}

/** A diagnostic in the commands' JSON: what it says and where (`file` null when unknown). */
export function diagnosticJson(d: Diagnostic) {
  const v = viewDiagnostic(d);
  return { code: v.code, severity: v.severity, message: v.message, file: v.file, line: v.line };
}

/** A quick fix in JSON: its title, and the edit when it has one. */
export function fixJson(fix: Fix): Fix {
  return fix.edit ? { title: fix.title, edit: fix.edit } : { title: fix.title };
}

/** "file:line" (or the parts that are known). */
export function location(v: DiagnosticView): string {
  const line = v.line > 0 ? String(v.line) : '';
  return [v.file ?? '', line].filter((p) => p !== '').join(':');
}

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
