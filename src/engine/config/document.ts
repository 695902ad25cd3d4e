/** What the structured renderers (Envoy xDS, Traefik dynamic configuration) return. */
import type { SourceRef } from '../model/source.js';

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A place in the rendered document and the YAML that produced it (shown as a comment in YAML output). */
export interface DocumentSource {
  readonly path: readonly (string | number)[];
  readonly source: SourceRef;
  readonly note?: string;
}

export interface ConfigDocument {
  readonly document: { readonly [key: string]: JsonValue };
  readonly sources: readonly DocumentSource[];
  /** What the document cannot show, or the model does not carry. */
  readonly notes: readonly string[];
}

/** Milliseconds as a protobuf/Go duration string: 15000 → "15s", 250 → "0.250s". */
export function durationText(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${(ms / 1000).toFixed(3)}s`;
}
