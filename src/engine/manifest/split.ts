/**
 * Splits a multi-document YAML stream into documents by their `---` / `...` markers,
 * keeping the line each starts on. Splitting first lets the loader parse only the
 * documents whose text changed (the main cost of re-evaluating while someone types).
 *
 * A marker at column 0 ends a document even inside a block scalar (YAML 1.2, 9.1.4:
 * "c-forbidden"), so a line-based split agrees with a full parser.
 */

export interface DocumentText {
  /** The document's text, including its leading `---` line when it has one. */
  readonly text: string;
  /** 1-based line in the whole input where `text` starts. */
  readonly startLine: number;
}

const MARKER = /^(---|\.\.\.)(?:[ \t].*)?$/;

/**
 * Walks the text once, line by line, and cuts each document out of it as one slice: the
 * loader calls this on every edit of the whole file, and splitting into lines to join them
 * again copied the file and made a string per line each time.
 */
export function splitDocuments(input: string): DocumentText[] {
  // Documents hold \n line ends, whatever the file had (parse.ts positions count \n).
  const text = input.includes('\r') ? input.replace(/\r\n/g, '\n') : input;
  const docs: DocumentText[] = [];
  let start = 0; // offset of the current document's first line
  let startLine = 1;
  const flush = (end: number): void => {
    // `end` is where the next document's first line starts, after this one's last \n.
    if (end > start) docs.push({ text: text.slice(start, end - 1), startLine });
  };
  let line = 1;
  for (let at = 0; at <= text.length; line++) {
    const newline = text.indexOf('\n', at);
    const next = newline === -1 ? text.length + 1 : newline + 1;
    const first = text.charCodeAt(at);
    // Only a line that starts with - or . can be a marker: the rest skip the pattern.
    if (first === DASH || first === DOT) {
      const m = MARKER.exec(text.slice(at, next - 1));
      if (m?.[1] === '---') {
        flush(at);
        start = at;
        startLine = line;
      } else if (m) {
        // `...` ends the document; the marker line belongs to it.
        flush(next);
        start = next;
        startLine = line + 1;
      }
    }
    at = next;
  }
  flush(text.length + 1);
  return docs;
}

const DASH = 0x2d;
const DOT = 0x2e;

/** True when the text holds nothing but comments, blank lines and markers. */
export function isBlankDocument(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || MARKER.test(line)) continue;
    return false;
  }
  return true;
}
