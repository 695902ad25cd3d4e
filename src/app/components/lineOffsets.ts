/** Character offsets of the start of `startLine` and the end of `endLine` (1-based). */
export function lineOffsets(
  text: string,
  startLine: number,
  endLine: number,
): { start: number; end: number } {
  let line = 1;
  let start = startLine <= 1 ? 0 : -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\n') continue;
    line++;
    if (line === startLine) start = i + 1;
    if (line === endLine + 1) return { start: Math.max(0, start), end: i };
  }
  return { start: start === -1 ? text.length : start, end: text.length };
}
