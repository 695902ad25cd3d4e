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

export function splitDocuments(input: string): DocumentText[] {
  const docs: DocumentText[] = [];
  const lines = input.includes('\r') ? input.split(/\r?\n/) : input.split('\n');
  let start = 0;
  const flush = (end: number): void => {
    if (end > start) docs.push({ text: lines.slice(start, end).join('\n'), startLine: start + 1 });
  };
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i] ?? '');
    if (!m) continue;
    if (m[1] === '---') {
      flush(i);
      start = i;
    } else {
      // `...` ends the document; the marker line belongs to it.
      flush(i + 1);
      start = i + 1;
    }
  }
  flush(lines.length);
  return docs;
}

/** True when the text holds nothing but comments, blank lines and markers. */
export function isBlankDocument(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || MARKER.test(line)) continue;
    return false;
  }
  return true;
}
