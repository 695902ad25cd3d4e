/**
 * Progress kept in the browser: per exercise, whether it was solved, how many hints were
 * shown, whether the solution was revealed, and the learner's own text. Also the exercise
 * open last and the text a reset or a solution replaced. Whatever is read back is checked
 * field by field; storage may be missing or full, and then progress lasts until the page
 * closes.
 */
import type { KeyValueStore } from '../persist/storage.js';

export const PROGRESS_KEY = 'routelab:exercises';
/** A draft larger than this is not kept (the editor's own autosave still has it). */
export const MAX_DRAFT_CHARS = 256 * 1024;

export interface ExerciseProgress {
  readonly solved: boolean;
  readonly hints: number;
  readonly revealed: boolean;
  /** The learner's text for this exercise, when it differs from the start. */
  readonly draft?: string;
}

export interface Backup {
  /** What the text was, in words: "your text before the solution". */
  readonly label: string;
  readonly yaml: string;
}

export interface SavedProgress {
  /** By pack id, then exercise name. */
  readonly exercises: Readonly<Record<string, Readonly<Record<string, ExerciseProgress>>>>;
  /** The exercise open last: its pack (`builtin` or a pack link) and its name. */
  readonly active: { readonly pack: string; readonly name: string } | null;
  readonly backup: Backup | null;
}

export const EMPTY_PROGRESS: SavedProgress = { exercises: {}, active: null, backup: null };

const isRecord = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);

function checkEntry(x: unknown): ExerciseProgress | null {
  if (!isRecord(x)) return null;
  const hints = x['hints'];
  const draft = x['draft'];
  return {
    solved: x['solved'] === true,
    hints: typeof hints === 'number' && Number.isInteger(hints) && hints >= 0 ? hints : 0,
    revealed: x['revealed'] === true,
    ...(typeof draft === 'string' && draft.length <= MAX_DRAFT_CHARS ? { draft } : {}),
  };
}

/** Reads progress from untrusted JSON; anything unexpected is dropped, never run. */
export function checkProgress(value: unknown): SavedProgress {
  if (!isRecord(value)) return EMPTY_PROGRESS;
  const exercises: Record<string, Record<string, ExerciseProgress>> = {};
  const packs = value['exercises'];
  if (isRecord(packs))
    for (const [pack, entries] of Object.entries(packs)) {
      if (!isRecord(entries) || pack.length > 64) continue;
      const out: Record<string, ExerciseProgress> = {};
      for (const [name, entry] of Object.entries(entries)) {
        const checked = checkEntry(entry);
        if (checked && name.length <= 253) out[name] = checked;
      }
      exercises[pack] = out;
    }
  const a = value['active'];
  const active =
    isRecord(a) && typeof a['pack'] === 'string' && typeof a['name'] === 'string'
      ? { pack: a['pack'], name: a['name'] }
      : null;
  const b = value['backup'];
  const backup =
    isRecord(b) &&
    typeof b['label'] === 'string' &&
    typeof b['yaml'] === 'string' &&
    b['yaml'].length <= MAX_DRAFT_CHARS * 4
      ? { label: b['label'].slice(0, 200), yaml: b['yaml'] }
      : null;
  return { exercises, active, backup };
}

export function loadProgress(store: KeyValueStore | undefined): SavedProgress {
  try {
    const text = store?.getItem(PROGRESS_KEY);
    return text ? checkProgress(JSON.parse(text)) : EMPTY_PROGRESS;
  } catch {
    return EMPTY_PROGRESS;
  }
}

/** False when the browser refused to store it. */
export function saveProgress(store: KeyValueStore | undefined, progress: SavedProgress): boolean {
  try {
    store?.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return store !== undefined;
  } catch {
    return false;
  }
}

/** A short stable id for a pack's text (FNV-1a), so progress of different packs stays apart. */
export function packId(texts: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const t of texts)
    for (let i = 0; i < t.length; i++) {
      h ^= t.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  return `p${(h >>> 0).toString(36)}`;
}
