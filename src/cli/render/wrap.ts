/** Word wrapping for the human output. Long words (URLs, paths) are never split. */

/**
 * Wraps text to `width` columns: the first line starts with `indent`, the next ones with
 * `hanging` (default: the same). Keeps the text's own newlines.
 */
export function wrap(text: string, width: number, indent: string, hanging = indent): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let prefix = lines.length === 0 ? indent : hanging;
    const room = (): number => Math.max(width - prefix.length, 30);
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= room()) line += ` ${word}`;
      else {
        lines.push(prefix + line);
        prefix = hanging;
        line = word;
      }
    }
    lines.push(prefix + line);
  }
  return lines;
}
