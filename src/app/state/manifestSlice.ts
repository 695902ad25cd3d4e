/** The YAML being edited, which example it came from, and the lines to highlight in it. */
import type { LineRange } from '../../engine/index.js';
import { DEFAULT_EXAMPLE, findExample, type ExampleId } from '../examples/index.js';
import type { SliceCreator } from './types.js';

export interface Highlight extends LineRange {
  /** Bumped on every request, so selecting the same lines twice selects them again. */
  readonly seq: number;
}

export interface ManifestSlice {
  readonly exampleId: ExampleId;
  readonly yaml: string;
  /** True once the user has changed the example's YAML. */
  readonly edited: boolean;
  readonly highlight: Highlight | null;
  setYaml(yaml: string): void;
  /** Loads an example's YAML and its request. */
  loadExample(id: ExampleId): void;
  highlightLines(range: LineRange): void;
}

export const createManifestSlice: SliceCreator<ManifestSlice> = (set) => ({
  exampleId: DEFAULT_EXAMPLE.id,
  yaml: DEFAULT_EXAMPLE.yaml,
  edited: false,
  highlight: null,
  setYaml: (yaml) => set({ yaml, edited: true }),
  loadExample: (id) => {
    const example = findExample(id);
    if (!example) return;
    set({
      exampleId: example.id,
      yaml: example.yaml,
      edited: false,
      highlight: null,
      method: example.request.method,
      url: example.request.url,
      headersText: '',
    });
  },
  highlightLines: (range) =>
    set((state) => ({
      highlight: {
        startLine: range.startLine,
        endLine: range.endLine,
        seq: (state.highlight?.seq ?? 0) + 1,
      },
    })),
});
