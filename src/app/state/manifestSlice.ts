/** The YAML being edited, which example it came from, and the lines to highlight in it. */
import type { LineRange } from '../../engine/index.js';
import { DEFAULT_EXAMPLE, findExample } from '../examples/index.js';
import type { Snapshot } from '../persist/snapshot.js';
import type { SliceCreator } from './types.js';

export interface Highlight extends LineRange {
  /** Bumped on every request, so selecting the same lines twice selects them again. */
  readonly seq: number;
}

export interface ManifestSlice {
  /** The example the YAML came from; null for a restored or shared file that is not one. */
  readonly exampleId: string | null;
  readonly yaml: string;
  /** True once the user has changed the example's YAML. */
  readonly edited: boolean;
  readonly highlight: Highlight | null;
  /** A message about loading (a refused link, an unreadable file); null when there is none. */
  readonly notice: { readonly kind: 'info' | 'error'; readonly text: string } | null;
  /**
   * The open exercise's Scenario (YAML text), which the trace uses as the grader does:
   * instead of any Scenario in the editor. Null when no exercise is open.
   */
  readonly exerciseScenario: string | null;
  setYaml(yaml: string): void;
  setExerciseScenario(text: string | null): void;
  /** Loads an example's YAML and its request. */
  loadExample(id: string): void;
  /** Replaces YAML and request with a saved or shared snapshot. */
  restore(snapshot: Snapshot, notice?: string): void;
  highlightLines(range: LineRange): void;
  setNotice(notice: ManifestSlice['notice']): void;
}

export const createManifestSlice: SliceCreator<ManifestSlice> = (set) => ({
  exampleId: DEFAULT_EXAMPLE.id,
  yaml: DEFAULT_EXAMPLE.yaml,
  edited: false,
  highlight: null,
  notice: null,
  exerciseScenario: null,
  setYaml: (yaml) => set({ yaml, edited: true }),
  setExerciseScenario: (exerciseScenario) => set({ exerciseScenario }),
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
      headersText: example.request.headers ?? '',
      clientIp: example.request.clientIp ?? '',
      bodySize: example.request.bodySize ?? '',
      insecure: example.request.insecure ?? false,
      selectedNode: null,
    });
  },
  restore: (s, notice) => {
    const example = s.exampleId === null ? undefined : findExample(s.exampleId);
    set({
      exampleId: example ? example.id : null,
      yaml: s.yaml,
      edited: example ? example.yaml !== s.yaml : true,
      highlight: null,
      method: s.method,
      url: s.url,
      headersText: s.headersText,
      clientIp: s.clientIp,
      bodySize: s.bodySize,
      insecure: s.insecure,
      selectedNode: null,
      notice: notice ? { kind: 'info', text: notice } : null,
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
  setNotice: (notice) => set({ notice }),
});
