import { describe, expect, it } from 'vitest';
import {
  checkProgress,
  EMPTY_PROGRESS,
  loadProgress,
  packId,
  PROGRESS_KEY,
  saveProgress,
  type SavedProgress,
} from './progress.js';

function memory(): Map<string, string> & {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
} {
  const m = new Map<string, string>();
  return Object.assign(m, {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  });
}

describe('exercise progress', () => {
  it('survives a save and a load', () => {
    const store = memory();
    const progress: SavedProgress = {
      exercises: { builtin: { a: { solved: true, hints: 2, revealed: false, draft: 'x: 1' } } },
      active: { pack: 'builtin', name: 'a' },
      backup: { label: 'your text', yaml: 'y: 2' },
    };
    expect(saveProgress(store, progress)).toBe(true);
    expect(loadProgress(store)).toEqual(progress);
  });

  it('drops what it does not expect, field by field', () => {
    expect(
      checkProgress({
        exercises: {
          builtin: { a: { solved: 'yes', hints: -3, revealed: true, draft: 7 }, b: 'nope' },
          other: [],
        },
        active: { pack: 1, name: 'a' },
        backup: { label: 'l' },
      }),
    ).toEqual({
      exercises: { builtin: { a: { solved: false, hints: 0, revealed: true } } },
      active: null,
      backup: null,
    });
    expect(checkProgress('text')).toEqual(EMPTY_PROGRESS);
  });

  it('starts empty when storage is missing, broken or refuses', () => {
    expect(loadProgress(undefined)).toEqual(EMPTY_PROGRESS);
    const store = memory();
    store.setItem(PROGRESS_KEY, '{not json');
    expect(loadProgress(store)).toEqual(EMPTY_PROGRESS);
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(saveProgress(full, EMPTY_PROGRESS)).toBe(false);
  });

  it('names packs by their text', () => {
    expect(packId(['a', 'b'])).toBe(packId(['a', 'b']));
    expect(packId(['a', 'b'])).not.toBe(packId(['a', 'c']));
  });
});
