/**
 * The YAML editor: Monaco, bundled (never from a CDN) and loaded lazily in a chunk of its
 * own. An adapter in the `{ update, destroy }` style: React creates it once and hands it
 * new values; everything Monaco-specific stays in this file.
 *
 * - The engine's diagnostics become markers, and their fixes code actions (quick fixes).
 * - monaco-yaml gives completion, validation and hover from the schemas in schemas.ts.
 * - ingress-nginx annotations and ConfigMap keys get hover docs from the engine's catalogue.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import type { Diagnostic, LineRange } from '../../engine/index.js';
import { fixesForLines, toMarkers, type MarkerSeverityName } from './diagnosticEdits.js';
import type { LineAt } from './lineAt.js';
import { nginxHoverAt } from './nginxDocs.js';
import { documentSchema } from './schemas.js';
import YamlWorker from './yaml.worker.ts?worker';

export interface YamlEditorOptions {
  readonly value: string;
  readonly dark: boolean;
  readonly ariaLabel: string;
  readonly onChange: (value: string) => void;
}

export interface YamlEditorHandle {
  /** Replaces the text when it changed outside the editor (an example, a restored link). */
  setValue(value: string): void;
  setDiagnostics(diagnostics: readonly Diagnostic[]): void;
  /** Selects these lines, scrolls them into view and focuses the editor. */
  reveal(range: LineRange): void;
  setDark(dark: boolean): void;
  destroy(): void;
}

const ENGINE_OWNER = 'routelab';
const MODEL_URI = monaco.Uri.parse('file:///routelab/manifests.yaml');
const SEVERITY: Readonly<Record<MarkerSeverityName, monaco.MarkerSeverity>> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/** The diagnostics the code-action provider answers from (one editor on the page). */
let currentDiagnostics: readonly Diagnostic[] = [];
let configured = false;

function configureOnce(): void {
  if (configured) return;
  configured = true;
  // Monaco rejects the promises of requests it no longer needs (a hover or a code action
  // overtaken by typing) with an error named "Canceled" that nothing awaits. That is
  // Monaco's normal flow, not a failure: keep it out of the console.
  window.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const reason: unknown = event.reason;
    if (reason instanceof Error && reason.name === 'Canceled') event.preventDefault();
  });
  self.MonacoEnvironment = {
    getWorker: (_moduleId: string, label: string) =>
      label === 'yaml' ? startYamlWorker() : new EditorWorker(),
  };
  configureMonacoYaml(monacoForYaml(), {
    enableSchemaRequest: false,
    validate: true,
    hover: true,
    // The schemas are the lab's own, built in: a "Source:" line would name an address that
    // leads nowhere (routelab://...).
    hoverSchemaSource: false,
    completion: true,
    isKubernetes: true,
    schemas: [
      {
        uri: 'routelab://schemas/manifests.json',
        fileMatch: ['**/*.yaml'],
        schema: documentSchema() as never,
      },
    ],
  });

  monaco.languages.registerHoverProvider('yaml', {
    provideHover(model, position) {
      // Known keys get their catalogue entry from the schemas (monaco-yaml's hover).
      const doc = nginxHoverAt(lineReader(model), position.lineNumber, position.column, true);
      if (!doc) return null;
      return {
        range: new monaco.Range(
          position.lineNumber,
          doc.startColumn,
          position.lineNumber,
          doc.endColumn,
        ),
        contents: [{ value: doc.markdown }],
      };
    },
  });

  monaco.languages.registerCodeActionProvider(
    'yaml',
    {
      provideCodeActions(model, range) {
        const edits = fixesForLines(
          currentDiagnostics,
          lineReader(model),
          range.startLineNumber,
          range.endLineNumber,
        );
        const markers = monaco.editor.getModelMarkers({ owner: ENGINE_OWNER, resource: model.uri });
        return {
          actions: edits.map((e) => ({
            title: e.title,
            kind: 'quickfix',
            isPreferred: true,
            diagnostics: markers.filter(
              (m) => m.code === e.code && m.startLineNumber === e.lineNumber,
            ),
            edit: {
              edits: [
                {
                  resource: model.uri,
                  versionId: model.getVersionId(),
                  textEdit: {
                    range: new monaco.Range(e.lineNumber, e.startColumn, e.lineNumber, e.endColumn),
                    text: e.text,
                  },
                },
              ],
            },
          })),
          dispose: () => {},
        };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );
}

/**
 * The Monaco that monaco-yaml is given, with two changes.
 *
 * - Monaco 0.55 changed `editor.createWebWorker` to take a Worker, and no longer sends the
 *   worker its creation data. monaco-yaml (through monaco-worker-manager) still calls it the
 *   old way, so it gets a Monaco whose createWebWorker starts our bundled worker and posts
 *   the creation data first, in the order the worker's `initialize` reads it.
 * - Its code actions answer only when the user asks (Ctrl+., a problem's "Quick Fix").
 *   Monaco also asks every provider on its own 250 ms after each key, to decide whether to
 *   show the light bulb, and monaco-yaml's worker then parses the whole file again and looks
 *   for its actions in all of it: about 40 ms of CPU per key on a file of 200 documents,
 *   which on a machine with two cores ran beside the next key and slowed it. The engine's
 *   own quick fixes (a cheap lookup, `provideCodeActions` below) still light the bulb.
 */
function monacoForYaml(): typeof monaco {
  const editor = {
    ...monaco.editor,
    createWebWorker: (opts: { createData?: unknown }) => {
      const worker = startYamlWorker();
      worker.postMessage('routelab:start');
      worker.postMessage(opts.createData ?? {});
      return monaco.editor.createWebWorker({ worker });
    },
  };
  const languages = {
    ...monaco.languages,
    registerCodeActionProvider: (
      selector: monaco.languages.LanguageSelector,
      provider: monaco.languages.CodeActionProvider,
      metadata?: monaco.languages.CodeActionProviderMetadata,
    ) =>
      monaco.languages.registerCodeActionProvider(
        selector,
        {
          ...provider,
          provideCodeActions: (model, range, context, token) =>
            context.trigger === monaco.languages.CodeActionTriggerType.Invoke
              ? provider.provideCodeActions(model, range, context, token)
              : undefined,
        },
        metadata,
      ),
  };
  return { ...monaco, editor, languages } as typeof monaco;
}

/** The model's lines one at a time, as the diagnostics' helpers read them. */
function lineReader(model: monaco.editor.ITextModel): LineAt {
  const count = model.getLineCount();
  return (line) => (line >= 1 && line <= count ? model.getLineContent(line) : undefined);
}

function startYamlWorker(): Worker {
  return new YamlWorker();
}

/**
 * Above this many lines the editor does not fold. Each fold region is a decoration of the
 * model: on the 200-document file (about 4,000 lines) the regions are thousands, every key
 * moves them in the model's decoration tree, and the folding model then re-computes all of
 * them and replaces them (deltaDecorations) after each change, 5–7 ms of the main thread per
 * key in all. A file that long is read by its documents (sticky scroll still shows where the
 * cursor is) rather than folded; the examples (under 200 lines) keep folding.
 */
export const FOLDING_MAX_LINES = 1500;

export function createYamlEditor(
  element: HTMLElement,
  options: YamlEditorOptions,
): YamlEditorHandle {
  configureOnce();
  const model =
    monaco.editor.getModel(MODEL_URI) ??
    monaco.editor.createModel(options.value, 'yaml', MODEL_URI);
  if (model.getValue() !== options.value) model.setValue(options.value);
  // YAML has few brackets to pair, and colouring them re-parses around each edit while the
  // frame is drawn. A model option: the editor's `bracketPairColorization` does not reach a
  // model created before the editor.
  model.updateOptions({
    bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false },
  });
  const editor = monaco.editor.create(element, {
    model,
    theme: options.dark ? 'vs-dark' : 'vs',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    lineHeight: 20,
    tabSize: 2,
    scrollBeyondLastLine: false,
    // Indentation is YAML's structure, so its spaces show as dots. They are drawn inside each
    // line's own HTML ('off' turns off the separate whitespace layer, not the dots): that layer
    // redraws every visible line on every key and measures each space's position in the DOM,
    // since Monaco on Linux does not trust monospace arithmetic. Measured in Chromium traces
    // of the 200-document file, 117 keys per build: the key's frame 9.5 → 8.3 ms of main-thread
    // CPU.
    renderWhitespace: 'boundary',
    experimentalWhitespaceRendering: 'off',
    ariaLabel: options.ariaLabel,
    // Input through the browser's EditContext (Monaco's default; a hidden textarea where there
    // is none). A key then costs the page about 3 ms less than through the textarea: no
    // textarea value, selection and form-control work in the browser. Spaces reach Monaco
    // because the graph does not claim Space as its pan key (TopologyGraph.tsx).
    editContext: true,
    fixedOverflowWidgets: true,
    quickSuggestions: { other: true, comments: false, strings: true },
    lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
    // Nothing offers inline (ghost-text) completions here; Monaco would still ask on each key.
    inlineSuggest: { enabled: false },
    tabFocusMode: false,
    // Sticky scroll and folding follow the indentation (in YAML, the structure) instead of
    // asking monaco-yaml's worker for document symbols and folding ranges after every
    // change: for a file of 200 documents those answers are thousands of objects, decoded on
    // the main thread, and cost more per key than typing does.
    stickyScroll: { enabled: true, defaultModel: 'indentationModel' },
    foldingStrategy: 'indentation',
    folding: model.getLineCount() <= FOLDING_MAX_LINES,
  });
  activeEditor = editor;
  let settingValue = false;
  // The model's text as last handed out (or set): the page hands the same string back on
  // every key, and comparing it with the model's would build the whole text once more.
  let known = options.value;
  const sub = model.onDidChangeContent(() => {
    const folding = model.getLineCount() <= FOLDING_MAX_LINES;
    if (editor.getOption(monaco.editor.EditorOption.folding) !== folding)
      editor.updateOptions({ folding });
    if (settingValue) return;
    known = model.getValue();
    options.onChange(known);
  });
  let decorations = editor.createDecorationsCollection();

  return {
    setValue(value) {
      if (value === known || model.getValue() === value) return;
      settingValue = true;
      // pushEditOperations keeps undo: loading an example can be undone with Ctrl+Z.
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
      settingValue = false;
      known = value;
    },
    setDiagnostics(diagnostics) {
      currentDiagnostics = diagnostics;
      const markers = toMarkers(diagnostics, lineReader(model)).map((m) => ({
        ...m,
        severity: SEVERITY[m.severity],
        source: 'routelab',
      }));
      monaco.editor.setModelMarkers(model, ENGINE_OWNER, markers);
    },
    reveal(range) {
      const last = Math.min(range.endLine, model.getLineCount());
      const first = Math.min(Math.max(1, range.startLine), last);
      const selection = new monaco.Selection(first, 1, last, model.getLineMaxColumn(last));
      editor.setSelection(selection);
      editor.revealLinesInCenterIfOutsideViewport(first, last);
      decorations.clear();
      decorations = editor.createDecorationsCollection([
        {
          range: selection,
          options: {
            isWholeLine: true,
            className: 'rl-highlight-line',
            linesDecorationsClassName: 'rl-highlight-gutter',
          },
        },
      ]);
      editor.focus();
    },
    setDark(dark) {
      monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
    },
    destroy() {
      if (activeEditor === editor) activeEditor = null;
      sub.dispose();
      editor.dispose();
    },
  };
}

let activeEditor: monaco.editor.IStandaloneCodeEditor | null = null;

/** For the browser tests: the selected lines and whether the editor has focus. */
export function selectionSummary(): { first: number; last: number; focused: boolean } | null {
  const selection = activeEditor?.getSelection();
  if (!activeEditor || !selection) return null;
  return {
    first: selection.startLineNumber,
    last: selection.endLineNumber,
    focused: activeEditor.hasTextFocus(),
  };
}

/** For the browser tests: the markers the editor shows, by owner. */
export function markerSummary(): { owner: string; code: string; line: number; message: string }[] {
  return monaco.editor.getModelMarkers({ resource: MODEL_URI }).map((m) => ({
    owner: m.owner,
    code: typeof m.code === 'string' ? m.code : (m.code?.value ?? ''),
    line: m.startLineNumber,
    message: m.message,
  }));
}
