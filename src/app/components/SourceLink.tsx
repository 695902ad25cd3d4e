import type { SourceRef } from '../../engine/index.js';
import { useAppStore } from '../state/store.js';
import { sourceLabel } from './sourceLabel.js';

/** "Ingress shop/api lines 12-18": selects those lines in the YAML when clicked. */
export function SourceLink({ source }: { readonly source: SourceRef }) {
  const highlightLines = useAppStore((s) => s.highlightLines);
  const text = sourceLabel(source);
  if (source.assumed || source.range.startLine <= 0) {
    return <span className="source assumed">{text}</span>;
  }
  return (
    <button
      type="button"
      className="source"
      onClick={() => highlightLines(source.range)}
      title="Select these lines in the YAML"
    >
      {text}
    </button>
  );
}
