import { useAppStore } from '../state/store.js';
import { Diagnostics } from './Diagnostics.js';
import { ExamplePicker } from './ExamplePicker.js';
import { YamlEditor } from './YamlEditor.js';

export function ManifestPanel() {
  const yaml = useAppStore((s) => s.yaml);
  const setYaml = useAppStore((s) => s.setYaml);
  const highlight = useAppStore((s) => s.highlight);

  return (
    <section className="panel manifest-panel" aria-label="Manifests">
      <ExamplePicker />
      <label htmlFor="yaml" className="editor-label">
        YAML (what you would <code>kubectl apply</code>)
      </label>
      <YamlEditor
        id="yaml"
        value={yaml}
        onChange={setYaml}
        highlight={highlight}
        describedBy="diagnostics"
      />
      <Diagnostics id="diagnostics" />
    </section>
  );
}
