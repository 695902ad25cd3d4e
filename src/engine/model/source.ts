/** Where a decision came from: a resource, and the YAML path and lines inside it. */

export interface LineRange {
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

export type YamlPath = readonly (string | number)[];

export interface SourceRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Path from the document root to the value, e.g. ["spec", "rules", 0, "host"]. */
  readonly path: YamlPath;
  readonly range: LineRange;
  /** The file it was read from, when the input had several (the command's -f). */
  readonly file?: string;
  /** Set when the resource is not in the user's YAML but assumed by the engine. */
  readonly assumed?: true;
}

/** The same place: the same object, or one read again from the same lines of the same resource. */
export function sameSource(a: SourceRef, b: SourceRef): boolean {
  if (a === b) return true;
  if (
    a.kind !== b.kind ||
    a.namespace !== b.namespace ||
    a.name !== b.name ||
    a.file !== b.file ||
    a.assumed !== b.assumed ||
    a.range.startLine !== b.range.startLine ||
    a.range.endLine !== b.range.endLine ||
    a.path.length !== b.path.length
  )
    return false;
  return a.path.every((step, i) => step === b.path[i]);
}

export function formatSource(ref: SourceRef): string {
  const where = ref.assumed
    ? 'assumed'
    : ref.range.startLine === ref.range.endLine
      ? `line ${ref.range.startLine}`
      : `lines ${ref.range.startLine}-${ref.range.endLine}`;
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  return `${ref.kind} ${ns}${ref.name} (${ref.file ? `${ref.file} ` : ''}${where})`;
}

/** A stand-in reference for things the engine assumes because the YAML does not define them. */
export function assumedSource(kind: string, namespace: string, name: string): SourceRef {
  return { kind, namespace, name, path: [], range: { startLine: 0, endLine: 0 }, assumed: true };
}
