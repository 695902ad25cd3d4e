/**
 * The YAML editor, behind a small interface so that Monaco can replace the textarea later:
 * a value, a change callback, and a line range to select when a stage's source is clicked.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Highlight } from '../state/manifestSlice.js';

export interface YamlEditorProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly highlight: Highlight | null;
  /** Id of the element that describes the editor (diagnostics). */
  readonly describedBy?: string;
}

/** Above this many lines the gutter is left out: a placeholder editor need not scale. */
const MAX_GUTTER_LINES = 20_000;

export function YamlEditor({ id, value, onChange, highlight, describedBy }: YamlEditorProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = useMemo(() => countLines(value), [value]);

  useEffect(() => {
    const el = textarea.current;
    if (!el || !highlight) return;
    const { start, end } = lineOffsets(el.value, highlight.startLine, highlight.endLine);
    el.focus({ preventScroll: true });
    el.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (highlight.startLine - 3) * lineHeight);
  }, [highlight]);

  useLayoutEffect(() => {
    if (gutter.current && textarea.current) gutter.current.scrollTop = textarea.current.scrollTop;
  });

  const showGutter = lineCount <= MAX_GUTTER_LINES;
  return (
    <div className="yaml-editor">
      {showGutter && (
        <div className="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => {
            const line = i + 1;
            const marked =
              highlight !== null && line >= highlight.startLine && line <= highlight.endLine;
            return (
              <div key={line} className={marked ? 'marked' : undefined}>
                {line}
              </div>
            );
          })}
        </div>
      )}
      <textarea
        id={id}
        ref={textarea}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        aria-describedby={describedBy}
      />
    </div>
  );
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

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
