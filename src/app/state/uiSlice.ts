/** What the page shows, apart from the engine's answers: theme, selection, open dialogs. */
import type { StageId } from '../../engine/index.js';
import type { SliceCreator } from './types.js';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type ResultTab = 'trace' | 'lifecycle' | 'config' | 'traffic';
export type TrafficState = 'stopped' | 'playing' | 'paused';

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
  /** Bumped by "Run the Scenario": the worker runs each number once. */
  readonly simulateRun: number;
  /** The traffic replay on the graph. */
  readonly traffic: TrafficState;
  readonly trafficSpeed: number;
  /** Bumped by Restart: the replay starts again from 0 s. */
  readonly trafficRestart: number;
  setTheme(theme: ThemeChoice): void;
  selectNode(id: string | null): void;
  selectStage(id: StageId | null): void;
  setGalleryOpen(open: boolean): void;
  setResultTab(tab: ResultTab): void;
  setLifecycleStep(step: number): void;
  runScenario(): void;
  setTraffic(state: TrafficState): void;
  setTrafficSpeed(speed: number): void;
  restartTraffic(): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  theme: 'system',
  selectedNode: null,
  selectedStage: null,
  galleryOpen: false,
  resultTab: 'trace',
  lifecycleStep: 0,
  simulateRun: 0,
  traffic: 'stopped',
  trafficSpeed: 5,
  trafficRestart: 0,
  setTheme: (theme) => set({ theme }),
  selectNode: (selectedNode) => set({ selectedNode }),
  selectStage: (selectedStage) => set({ selectedStage }),
  setGalleryOpen: (galleryOpen) => set({ galleryOpen }),
  setResultTab: (resultTab) => set({ resultTab, selectedStage: null }),
  setLifecycleStep: (step) => set({ lifecycleStep: Math.max(0, Math.min(10, step)) }),
  runScenario: () =>
    set((s) => ({
      simulateRun: s.simulateRun + 1,
      traffic: 'playing',
      trafficRestart: s.trafficRestart + 1,
    })),
  setTraffic: (traffic) => set({ traffic }),
  setTrafficSpeed: (trafficSpeed) => set({ trafficSpeed }),
  restartTraffic: () => set((s) => ({ trafficRestart: s.trafficRestart + 1, traffic: 'playing' })),
});
