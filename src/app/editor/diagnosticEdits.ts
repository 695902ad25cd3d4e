/**
 * The engine's diagnostics as editor markers, and their fixes as edits: plain data that the
 * Monaco adapter hands to the editor (kept free of Monaco so it can be tested in Node).
 */
import type { Diagnostic, FixEdit } from '../../engine/index.js';
import type { LineAt } from './lineAt.js';

export type MarkerSeverityName = 'error' | 'warning' | 'info';

export interface MarkerSpec {
  readonly severity: MarkerSeverityName;
  readonly message: string;
  readonly code: string;
  readonly startLineNumber: number;
  readonly startColumn: number;
  readonly endLineNumber: number;
  readonly endColumn: number;
}

/** The 1-based line a diagnostic points at, or undefined when it has none in this text. */
export function diagnosticLine(d: Diagnostic): number | undefined {
  if (d.source?.assumed) return undefined;
  const line = d.source?.range.startLine ?? d.range?.startLine;
  return line !== undefined && line > 0 ? line : undefined;
}

/**
 * One marker per diagnostic, on the first line it names, from the first character that is
 * not a space to the end of the line (a whole resource underlined would hide the text).
 */
export function toMarkers(diagnostics: readonly Diagnostic[], lineAt: LineAt): MarkerSpec[] {
  const markers: MarkerSpec[] = [];
  for (const d of diagnostics) {
    const line = diagnosticLine(d);
    const text = line === undefined ? undefined : lineAt(line);
    if (line === undefined || text === undefined) continue;
    const first = text.length - text.trimStart().length;
    markers.push({
      severity: d.severity,
      message: d.fix ? `${d.message}\nFix: ${d.fix.title}` : d.message,
      code: d.code,
      startLineNumber: line,
      startColumn: first + 1,
      endLineNumber: line,
      endColumn: Math.max(first + 2, text.length + 1),
    });
  }
  return markers;
}

export interface TextEdit {
  readonly title: string;
  readonly code: string;
  readonly lineNumber: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly text: string;
}

/** The edit a fix makes on the current text, or undefined when the text no longer has it. */
export function fixToEdit(d: Diagnostic, lineAt: LineAt): TextEdit | undefined {
  const edit: FixEdit | undefined = d.fix?.edit;
  if (!d.fix || !edit) return undefined;
  const text = lineAt(edit.line);
  if (text === undefined) return undefined;
  const at = text.indexOf(edit.find);
  if (at < 0) return undefined;
  return {
    title: d.fix.title,
    code: d.code,
    lineNumber: edit.line,
    startColumn: at + 1,
    endColumn: at + 1 + edit.find.length,
    text: edit.replace,
  };
}

/** The fixes that apply to the given lines (the lines a code-action request covers). */
export function fixesForLines(
  diagnostics: readonly Diagnostic[],
  lineAt: LineAt,
  fromLine: number,
  toLine: number,
): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const d of diagnostics) {
    const e = fixToEdit(d, lineAt);
    const line = diagnosticLine(d);
    if (!e) continue;
    const touches =
      (e.lineNumber >= fromLine && e.lineNumber <= toLine) ||
      (line !== undefined && line >= fromLine && line <= toLine);
    if (touches && !edits.some((x) => x.lineNumber === e.lineNumber && x.text === e.text))
      edits.push(e);
  }
  return edits;
}
