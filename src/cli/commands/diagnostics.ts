/** What the YAML got wrong, on standard error, above a command's human output. */
import type { Diagnostic } from '../../engine/index.js';
import type { Io } from '../io.js';
import { makeStyle } from '../render/ansi.js';
import { count, viewDiagnostic } from '../render/diagnostics.js';
import { diagnosticLine } from '../render/lint.js';

/** An argument as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[\w./@%+=:,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Errors one per line; warnings are worth a look but not a wall of text above the output:
 * counted, with the lint command that lists them. (Info notes are left to lint.)
 */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  fileArgs: readonly string[],
  io: Io,
): void {
  for (const d of diagnostics.filter((d) => d.severity === 'error'))
    io.stderr(`${diagnosticLine(viewDiagnostic(d), makeStyle(false))}\n`);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (warnings > 0) {
    const again = fileArgs.map((f) => `-f ${shellQuote(f)}`);
    io.stderr(
      `routelab: ${count(warnings, 'warning')} not shown; see routelab lint ${again.join(' ')}\n`,
    );
  }
}
