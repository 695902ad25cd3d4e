/**
 * The text of a 1-based line, undefined past the end. The editor reads its model one line at
 * a time: a copy of all the lines (thousands in a large file) for the few that a fix, a marker
 * or a hover needs would be work and garbage on the page's thread.
 */
export type LineAt = (line: number) => string | undefined;

/** The lines of an array, as the editor's helpers read them (tests, and text not in a model). */
export function linesAt(lines: readonly string[]): LineAt {
  return (line) => (line >= 1 ? lines[line - 1] : undefined);
}
