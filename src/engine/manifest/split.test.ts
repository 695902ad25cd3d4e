import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDocuments, type DocumentText } from './split.js';

/** The definition, line by line: a `---` line starts a document, a `...` line ends one. */
function byLines(input: string): DocumentText[] {
  const lines = input.split(/\r?\n/);
  const docs: DocumentText[] = [];
  let start = 0;
  const flush = (end: number): void => {
    if (end > start) docs.push({ text: lines.slice(start, end).join('\n'), startLine: start + 1 });
  };
  lines.forEach((line, i) => {
    if (/^---(?:[ \t].*)?$/.test(line)) {
      flush(i);
      start = i;
    } else if (/^\.\.\.(?:[ \t].*)?$/.test(line)) {
      flush(i + 1);
      start = i + 1;
    }
  });
  flush(lines.length);
  return docs;
}

describe('splitDocuments', () => {
  it('cuts at --- and after ..., keeping the line each document starts on', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n...\n# c\n')).toEqual([
      { text: 'a: 1', startLine: 1 },
      { text: '---\nb: 2\n...', startLine: 2 },
      { text: '# c\n', startLine: 5 },
    ]);
  });

  it('takes only whole marker lines: "--- # note" is one, "----" and "---x" are not', () => {
    expect(splitDocuments('--- # note\na\n----\n---x\n--- \nb').map((d) => d.startLine)).toEqual([
      1, 5,
    ]);
  });

  it('gives documents \\n line ends, whatever the file had', () => {
    expect(splitDocuments('a\r\nb\r\n---\r\nc\r\n')).toEqual([
      { text: 'a\nb', startLine: 1 },
      { text: '---\nc\n', startLine: 3 },
    ]);
  });

  it('agrees with the line-by-line definition on any text of markers, lines and line ends', () => {
    const piece = fc.constantFrom(
      '---',
      '...',
      '--- # c',
      '... x',
      '----',
      '-',
      '.',
      'a: 1',
      '- x',
      '',
      ' ---',
      '\n',
      '\r\n',
      '\r',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const input = pieces.join('');
        expect(splitDocuments(input)).toEqual(byLines(input));
      }),
      { numRuns: 2000 },
    );
  });
});
