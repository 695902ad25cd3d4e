import type { SourceRef } from '../../engine/index.js';

/**
 * "Ingress shop/api lines 12-18". The page's own wording of a source (the main thread
 * imports engine types only, see src/app/CONTEXT.md, so it does not use formatSource).
 */
export function sourceLabel(ref: SourceRef): string {
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  const where = ref.assumed
    ? '(assumed)'
    : ref.range.startLine === ref.range.endLine
      ? `line ${ref.range.startLine}`
      : `lines ${ref.range.startLine}-${ref.range.endLine}`;
  return `${ref.kind} ${ns}${ref.name} ${where}`;
}
