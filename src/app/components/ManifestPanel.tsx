import { findExample } from '../examples/index.js';
import { useAppStore } from '../state/store.js';
import { Diagnostics } from './Diagnostics.js';
import { YamlEditor } from './YamlEditor.js';

export function ManifestPanel({ dark }: { readonly dark: boolean }) {
  const yaml = useAppStore((s) => s.yaml);
  const setYaml = useAppStore((s) => s.setYaml);
  const highlight = useAppStore((s) => s.highlight);
  const diagnostics = useAppStore((s) => s.diagnostics);
  const exampleId = useAppStore((s) => s.exampleId);
  const edited = useAppStore((s) => s.edited);
  const example = exampleId === null ? undefined : findExample(exampleId);

  return (
    <section className="panel manifest-panel" aria-label="Manifests">
      <div className="panel-head">
        <h2>
          YAML <span className="hint">what you would kubectl apply</span>
        </h2>
        <p className="example-name" data-testid="example-name">
          {example ? `${example.title}${edited ? ' (edited)' : ''}` : 'Your YAML'}
        </p>
      </div>
      <YamlEditor
        id="yaml"
        value={yaml}
        onChange={setYaml}
        highlight={highlight}
        diagnostics={diagnostics}
        dark={dark}
        describedBy="diagnostics"
      />
      <Diagnostics id="diagnostics" />
    </section>
  );
}
