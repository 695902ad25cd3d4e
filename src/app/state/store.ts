/**
 * The page's one store: vanilla zustand (usable outside React, e.g. by the engine runner)
 * assembled from slices, with a React hook that reads it through selectors.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createManifestSlice } from './manifestSlice.js';
import { createRequestSlice } from './requestSlice.js';
import { createResultSlice } from './resultSlice.js';
import { createUiSlice } from './uiSlice.js';
import type { AppState } from './types.js';

export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createManifestSlice(...args),
    ...createRequestSlice(...args),
    ...createResultSlice(...args),
    ...createUiSlice(...args),
  }));
}

export const appStore: AppStore = createAppStore();

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
