/** The store's shape: one state object assembled from feature slices. */
import type { StateCreator } from 'zustand/vanilla';
import type { ManifestSlice } from './manifestSlice.js';
import type { RequestSlice } from './requestSlice.js';
import type { ResultSlice } from './resultSlice.js';
import type { UiSlice } from './uiSlice.js';

export type AppState = ManifestSlice & RequestSlice & ResultSlice & UiSlice;

/** A slice sees (and may set) the whole state, so actions can span slices. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
