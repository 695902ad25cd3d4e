import { EXAMPLES, findExample, type ExampleId } from '../examples/index.js';
import { useAppStore } from '../state/store.js';

export function ExamplePicker() {
  const exampleId = useAppStore((s) => s.exampleId);
  const edited = useAppStore((s) => s.edited);
  const loadExample = useAppStore((s) => s.loadExample);
  const example = findExample(exampleId);

  return (
    <div className="example-picker">
      <label htmlFor="example">Example</label>
      <select
        id="example"
        value={exampleId}
        onChange={(e) => loadExample(e.target.value as ExampleId)}
      >
        {EXAMPLES.map((ex) => (
          <option key={ex.id} value={ex.id}>
            {ex.title}
          </option>
        ))}
      </select>
      {example && (
        <p className="hint">
          {example.description}
          {edited && ' (edited: pick the example again to restore it)'}
        </p>
      )}
    </div>
  );
}
