import { useState } from 'react';
import { findExample } from '../examples/index.js';
import { appStore, useAppStore } from '../state/store.js';
import { Diagnostics } from './Diagnostics.js';
import { YamlEditor, type EditorText } from './YamlEditor.js';

/** The store's YAML for the editor, which follows it without a render per key. */
const manifestText: EditorText = {
  read: () => appStore.getState().yaml,
  subscribe: (listener) =>
    appStore.subscribe((state, previous) => {
      if (state.yaml !== previous.yaml) listener(state.yaml);
    }),
};

export function ManifestPanel({ dark }: { readonly dark: boolean }) {
  const setYaml = useAppStore((s) => s.setYaml);
  const highlight = useAppStore((s) => s.highlight);
  const diagnostics = useAppStore((s) => s.diagnostics);
  const exampleId = useAppStore((s) => s.exampleId);
  const edited = useAppStore((s) => s.edited);
  const example = exampleId === null ? undefined : findExample(exampleId);
  // Hidden, the editor gives its width to the graph (a projector shows it larger); it stays
  // mounted, so Monaco keeps its text, undo history and markers.
  const [hidden, setHidden] = useState(false);

  return (
    <section className={`panel manifest-panel${hidden ? ' collapsed' : ''}`} aria-label="Manifests">
      <div className="panel-head">
        <h2>
          YAML <span className="hint">what you would kubectl apply</span>
        </h2>
        <p className="example-name" data-testid="example-name">
          {example ? `${example.title}${edited ? ' (edited)' : ''}` : 'Your YAML'}
        </p>
        <button
          type="button"
          className="collapse-button"
          aria-expanded={!hidden}
          aria-controls="manifest-body"
          onClick={() => setHidden((h) => !h)}
          aria-label={hidden ? 'Show YAML' : 'Hide YAML'}
          title={hidden ? 'Show the editor' : 'Give the editor’s width to the graph'}
        >
          {hidden ? 'Show YAML' : 'Hide'}
        </button>
      </div>
      <div className="manifest-body" id="manifest-body" hidden={hidden}>
        <YamlEditor
          id="yaml"
          text={manifestText}
          onChange={setYaml}
          highlight={highlight}
          diagnostics={diagnostics}
          dark={dark}
          describedBy="diagnostics"
        />
        <Diagnostics id="diagnostics" />
      </div>
    </section>
  );
}
