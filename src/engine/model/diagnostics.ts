import type { LineRange, SourceRef } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A text edit that fixes the problem: on `line` of the loaded text, replace the first
 * occurrence of `find` with `replace`. Small and robust to indentation, which is all
 * the quick fixes need (quote a value, rename a key).
 */
export interface FixEdit {
  readonly line: number;
  readonly find: string;
  readonly replace: string;
}

export function applyFix(text: string, edit: FixEdit): string {
  const lines = text.split('\n');
  const i = edit.line - 1;
  const current = lines[i];
  if (current === undefined || !current.includes(edit.find)) return text;
  lines[i] = current.replace(edit.find, edit.replace);
  return lines.join('\n');
}

export interface Fix {
  /** What the fix does, as a button label: "Use limit-rps instead". */
  readonly title: string;
  readonly edit?: FixEdit;
}

export interface Diagnostic {
  /**
   * Stable code: RL1xx manifest, RL2xx routing, RL3xx backends, RL4xx TLS, RL5xx controller
   * config, RL6xx Gateway API, RL7xx Traefik (model/traefik.ts TRAEFIK_CODES), RL8xx Contour (lint/contour.ts).
   */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly source?: SourceRef;
  /** Line range in the loaded text when there is no resource (YAML syntax errors). */
  readonly range?: LineRange;
  /** The input file, for a diagnostic without a resource, when the input had several. */
  readonly file?: string;
  readonly fix?: Fix;
}

export function lineOf(d: Diagnostic): number {
  return d.source?.range.startLine ?? d.range?.startLine ?? 0;
}

/** Orders diagnostics by line, then code, so that output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      lineOf(a) - lineOf(b) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );
}
