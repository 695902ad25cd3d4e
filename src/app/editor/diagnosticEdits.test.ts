import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../engine/index.js';
import { fixesForLines, fixToEdit, toMarkers } from './diagnosticEdits.js';
import { linesAt } from './lineAt.js';

const text = ['kind: Ingress', 'metadata:', '  annotations:', '    a/proxy-connect-timeout: 5'];
const lines = linesAt(text);
const source = (line: number) => ({
  kind: 'Ingress',
  namespace: 'x',
  name: 'y',
  path: [],
  range: { startLine: line, endLine: line + 2 },
});
const quote: Diagnostic = {
  code: 'RL104',
  severity: 'error',
  message: 'must be a string',
  source: source(4),
  fix: {
    title: 'Quote the value: "5"',
    edit: { line: 4, find: 'timeout: 5', replace: 'timeout: "5"' },
  },
};

describe('diagnostics in the editor', () => {
  it('marks the first line a diagnostic names, from its first character', () => {
    expect(toMarkers([quote], lines)).toEqual([
      {
        severity: 'error',
        message: 'must be a string\nFix: Quote the value: "5"',
        code: 'RL104',
        startLineNumber: 4,
        startColumn: 5,
        endLineNumber: 4,
        endColumn: 31,
      },
    ]);
  });

  it('leaves out what has no line in this text (assumed resources, lines past the end)', () => {
    const assumed: Diagnostic = {
      code: 'RL300',
      severity: 'info',
      message: 'm',
      source: { ...source(1), assumed: true },
    };
    const far: Diagnostic = {
      code: 'RL1',
      severity: 'info',
      message: 'm',
      range: { startLine: 99, endLine: 99 },
    };
    expect(toMarkers([assumed, far], lines)).toEqual([]);
  });

  it('turns a fix into an edit of the current text, or nothing once the text changed', () => {
    expect(fixToEdit(quote, lines)).toEqual({
      title: 'Quote the value: "5"',
      code: 'RL104',
      lineNumber: 4,
      startColumn: 21,
      endColumn: 31,
      text: 'timeout: "5"',
    });
    expect(
      fixToEdit(quote, linesAt([...text.slice(0, 3), '    a/proxy-connect-timeout: "5"'])),
    ).toBeUndefined();
    expect(fixesForLines([quote], lines, 1, 3)).toEqual([]);
    expect(fixesForLines([quote], lines, 4, 4)).toHaveLength(1);
  });
});
