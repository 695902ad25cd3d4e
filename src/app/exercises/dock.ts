/**
 * Whether the exercises are open, and in which view. This small store is all the main chunk
 * holds of the exercises: the panel, its state and the worker load when it is first opened.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type ExerciseView = 'panel' | 'instructor';

export interface DockState {
  readonly open: boolean;
  readonly view: ExerciseView;
  setOpen(open: boolean): void;
  setView(view: ExerciseView): void;
}

/** Opens at once for a pack link, or when an exercise was open when the page was left. */
function openAtStart(): boolean {
  try {
    if (location.hash.startsWith('#pack=')) return true;
    const saved = localStorage.getItem('routelab:exercises');
    return saved !== null && /"active":\{/.test(saved);
  } catch {
    return false;
  }
}

export const dockStore = createStore<DockState>()((set) => ({
  open: typeof location === 'undefined' ? false : openAtStart(),
  view: 'panel',
  setOpen: (open) => set(open ? { open } : { open, view: 'panel' }),
  setView: (view) => set({ view }),
}));

export function useDock<T>(selector: (s: DockState) => T): T {
  return useStore(dockStore, selector);
}
