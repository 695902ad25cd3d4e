import type { SourceRef } from '../../engine/index.js';
import { useAppStore } from '../state/store.js';
import { sourceLabel } from './sourceLabel.js';

/** "Ingress shop/api lines 12-18": selects those lines in the YAML when clicked. */
export function SourceLink({
  source,
  compact = false,
}: {
  readonly source: SourceRef;
  readonly compact?: boolean;
}) {
  const highlightLines = useAppStore((s) => s.highlightLines);
  const text = compact ? lineText(source) : sourceLabel(source);
  if (source.assumed || source.range.startLine <= 0) {
    return <span className="source assumed">{text}</span>;
  }
  return (
    <button
      type="button"
      className="source"
      onClick={(e) => {
        e.stopPropagation();
        highlightLines(source.range);
      }}
      title={`Select ${sourceLabel(source)} in the YAML`}
    >
      {text}
    </button>
  );
}

function lineText(s: SourceRef): string {
  return s.range.startLine === s.range.endLine
    ? `line ${s.range.startLine}`
    : `lines ${s.range.startLine}-${s.range.endLine}`;
}
