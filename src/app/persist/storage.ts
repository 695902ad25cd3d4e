/**
 * Autosave: the snapshot in local storage, written a moment after each change, read once
 * when the page opens. Storage may be missing or full (private windows, quotas): then the
 * page works as before, it only forgets on reload.
 */
import { checkSnapshot, toJson, type Snapshot } from './snapshot.js';

export const STORAGE_KEY = 'routelab:snapshot';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadSaved(store: KeyValueStore | undefined): Snapshot | null {
  try {
    const text = store?.getItem(STORAGE_KEY);
    if (!text) return null;
    const checked = checkSnapshot(JSON.parse(text));
    return checked.ok ? checked.snapshot : null;
  } catch {
    return null;
  }
}

/** Returns false when the browser refused to store it. */
export function save(store: KeyValueStore | undefined, snapshot: Snapshot): boolean {
  try {
    store?.setItem(STORAGE_KEY, toJson(snapshot));
    return store !== undefined;
  } catch {
    return false;
  }
}

export function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
