/**
 * The YAML editor. A plain textarea answers at once; Monaco (about 1 MB) loads in its own
 * chunk right after the page is up and takes its place, keeping the text. If Monaco cannot
 * load, the textarea stays: the page works without it.
 */
import { useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '../../engine/index.js';
import type * as MonacoEditor from '../editor/monacoEditor.js';
import type { YamlEditorHandle } from '../editor/monacoEditor.js';
import type { Highlight } from '../state/manifestSlice.js';
import { lineOffsets } from './lineOffsets.js';

/**
 * The text the editor shows, read and followed outside React. The editor owns the text while
 * the user types: a key goes out through `onChange` and re-renders nothing (on a file of 200
 * documents a render of the panel per key was work inside the key's own task). A change made
 * elsewhere (an example, a restored link, an exercise) comes in through `subscribe`.
 */
export interface EditorText {
  read(): string;
  /** Calls `listener` with each new text; returns a function that stops. */
  subscribe(listener: (text: string) => void): () => void;
}

export interface YamlEditorProps {
  readonly id: string;
  readonly text: EditorText;
  readonly onChange: (value: string) => void;
  readonly highlight: Highlight | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly dark: boolean;
  /** Id of the element that describes the editor (diagnostics). */
  readonly describedBy?: string;
}

type Loaded = typeof MonacoEditor;

export function YamlEditor(props: YamlEditorProps) {
  const { id, text, onChange, highlight, diagnostics, dark, describedBy } = props;
  const host = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const handle = useRef<YamlEditorHandle | null>(null);
  const [monacoReady, setMonacoReady] = useState(false);
  // The newest props, for the editor created asynchronously.
  const latest = useRef({ onChange, diagnostics, dark });
  useEffect(() => {
    latest.current = { onChange, diagnostics, dark };
  });

  useEffect(() => {
    let cancelled = false;
    let created: YamlEditorHandle | null = null;
    const start = (mod: Loaded): void => {
      if (cancelled || !host.current) return;
      const now = latest.current;
      created = mod.createYamlEditor(host.current, {
        value: text.read(),
        dark: now.dark,
        ariaLabel: 'YAML manifests',
        onChange: (v) => latest.current.onChange(v),
      });
      created.setDiagnostics(now.diagnostics);
      handle.current = created;
      // A read-only window onto the editor for the browser tests.
      (window as unknown as { routelabEditor?: unknown }).routelabEditor = {
        markers: mod.markerSummary,
        selection: mod.selectionSummary,
      };
      setMonacoReady(true);
    };
    import('../editor/monacoEditor.js').then(start, (error: unknown) => {
      console.warn('routelab: the editor did not load; the plain text box stays.', error);
    });
    return () => {
      cancelled = true;
      created?.destroy();
      handle.current = null;
    };
  }, [text]);

  useEffect(
    () =>
      text.subscribe((value) => {
        handle.current?.setValue(value);
        // The plain text box is uncontrolled, for the same reason: set only from outside.
        if (textarea.current && textarea.current.value !== value) textarea.current.value = value;
      }),
    [text],
  );
  useEffect(() => handle.current?.setDiagnostics(diagnostics), [diagnostics, monacoReady]);
  useEffect(() => handle.current?.setDark(dark), [dark, monacoReady]);

  useEffect(() => {
    if (!highlight) return;
    if (handle.current) {
      handle.current.reveal(highlight);
      return;
    }
    const el = textarea.current;
    if (!el) return;
    const { start, end } = lineOffsets(el.value, highlight.startLine, highlight.endLine);
    el.focus({ preventScroll: true });
    el.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (highlight.startLine - 3) * lineHeight);
  }, [highlight]);

  return (
    <div className="yaml-editor" data-editor={monacoReady ? 'monaco' : 'plain'}>
      <div ref={host} className="monaco-host" hidden={!monacoReady} />
      {monacoReady && <TabKeyHint />}
      {!monacoReady && (
        <textarea
          id={id}
          ref={textarea}
          defaultValue={text.read()}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          wrap="off"
          aria-label="YAML manifests"
          aria-describedby={describedBy}
        />
      )}
    </div>
  );
}

/**
 * In Monaco, Tab indents, so a keyboard user cannot Tab out of the editor until Tab focus
 * mode is on (Monaco's own key: Ctrl+M, Ctrl+Shift+M on a Mac). Shown while the editor has
 * focus; screen readers get Monaco's own help (Alt+F1), so this is hidden from them.
 */
function TabKeyHint() {
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <p className="editor-keys" data-testid="editor-keys" aria-hidden="true">
      Tab indents · <kbd>{mac ? 'Ctrl+Shift+M' : 'Ctrl+M'}</kbd>, then Tab, leaves the editor
    </p>
  );
}
