/** What the page shows, apart from the engine's answers: theme, selection, open dialogs. */
import type { StageId } from '../../engine/index.js';
import type { SliceCreator } from './types.js';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResultTab = 'trace' | 'lifecycle' | 'config';

export interface UiSlice {
  readonly theme: ThemeChoice;
  /** The topology node whose details are shown. */
  readonly selectedNode: string | null;
  /** The stage whose lines are highlighted (its node glows in the graph). */
  readonly selectedStage: StageId | null;
  readonly galleryOpen: boolean;
  /** The panel under the graph: the trace, the lifecycle stepper, the proxy's configuration. */
  readonly resultTab: ResultTab;
  /** The lifecycle step shown, 0 to 10. */
  readonly lifecycleStep: number;
  setTheme(theme: ThemeChoice): void;
  selectNode(id: string | null): void;
  selectStage(id: StageId | null): void;
  setGalleryOpen(open: boolean): void;
  setResultTab(tab: ResultTab): void;
  setLifecycleStep(step: number): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  theme: 'system',
  selectedNode: null,
  selectedStage: null,
  galleryOpen: false,
  resultTab: 'trace',
  lifecycleStep: 0,
  setTheme: (theme) => set({ theme }),
  selectNode: (selectedNode) => set({ selectedNode }),
  selectStage: (selectedStage) => set({ selectedStage }),
  setGalleryOpen: (galleryOpen) => set({ galleryOpen }),
  setResultTab: (resultTab) => set({ resultTab, selectedStage: null }),
  setLifecycleStep: (step) => set({ lifecycleStep: Math.max(0, Math.min(10, step)) }),
});
