/**
 * Wires saving and restoring to the store: the state from a share link or from local
 * storage when the page opens, then a save a moment after every change.
 */
import type { AppState } from '../state/types.js';
import type { AppStore } from '../state/store.js';
import { decodeShare } from './share.js';
import type { Snapshot } from './snapshot.js';
import { browserStorage, loadSaved, save, type KeyValueStore } from './storage.js';

export const SAVE_DELAY_MS = 400;

export function snapshotOf(s: AppState): Snapshot {
  return {
    yaml: s.yaml,
    method: s.method,
    url: s.url,
    headersText: s.headersText,
    clientIp: s.clientIp,
    bodySize: s.bodySize,
    insecure: s.insecure,
    exampleId: s.exampleId,
  };
}

const SAVED_KEYS = [
  'yaml',
  'method',
  'url',
  'headersText',
  'clientIp',
  'bodySize',
  'insecure',
  'exampleId',
] as const;

/** Restores (a link wins over storage), then autosaves. Returns a function that stops saving. */
export function startPersistence(
  store: AppStore,
  fragment: string,
  storage: KeyValueStore | undefined = browserStorage(),
): () => void {
  const shared = decodeShare(fragment);
  if (shared?.ok) {
    store.getState().restore(shared.snapshot, 'Opened from a shared link.');
  } else {
    const saved = loadSaved(storage);
    if (saved) store.getState().restore(saved);
    if (shared && !shared.ok)
      store
        .getState()
        .setNotice({ kind: 'error', text: `The shared link was not opened: ${shared.reason}.` });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = store.subscribe((state, previous) => {
    if (!SAVED_KEYS.some((k) => state[k] !== previous[k])) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      if (!save(storage, snapshotOf(store.getState())))
        store.getState().setNotice({
          kind: 'error',
          text: 'The browser refused to save: changes are kept until the page closes.',
        });
    }, SAVE_DELAY_MS);
  });
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    unsubscribe();
  };
}
