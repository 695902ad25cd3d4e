import { useAppStore } from '../state/store.js';
import { SourceLink } from './SourceLink.js';

/** What a clicked topology node is: its facts, and the YAML it comes from. */
export function NodeDetails() {
  const selected = useAppStore((s) => s.selectedNode);
  const node = useAppStore((s) => s.topology?.nodes.find((n) => n.id === s.selectedNode));
  const selectNode = useAppStore((s) => s.selectNode);
  if (!selected || !node) return null;
  return (
    <aside className="node-details" aria-label={`Details of ${node.label}`}>
      <div className="node-details-head">
        <h3>
          {node.label}
          {node.assumed && <span className="badge assumed">assumed</span>}
        </h3>
        <button
          type="button"
          className="icon-button"
          onClick={() => selectNode(null)}
          aria-label="Close details"
        >
          ×
        </button>
      </div>
      {node.assumed && (
        <p className="hint">
          Not in your YAML: routelab assumed it so the request can go on. Strict mode (
          <code>--strict</code>) treats it as missing.
        </p>
      )}
      {node.warning && <p className="node-warning">{node.warning}</p>}
      <dl>
        {node.details.map(([k, v], i) => (
          <div key={`${k}-${i}`}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {node.source && (
        <p className="sources">
          <span className="label">YAML</span>
          <SourceLink source={node.source} />
        </p>
      )}
    </aside>
  );
}
