/**
 * The exercise panel's state: the pack, the exercise being solved, its latest grade, and
 * the learner's progress. Grading follows the editor: a quick grade (no simulation) a
 * moment after each change, a full one (simulation goals too) after a longer pause or on
 * Check. Text the panel replaces (starting an exercise, reset, reveal) is kept as a backup
 * that one click puts back, so nothing typed is lost.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Diagnostic, Exercise, ExerciseGrade, RequestSpec } from '../../engine/index.js';
import { snapshotOf } from '../persist/autosave.js';
import type { Snapshot } from '../persist/snapshot.js';
import { browserStorage, type KeyValueStore } from '../persist/storage.js';
import type { AppStore } from '../state/store.js';
import { ExerciseClient, createExerciseWorker, type ExerciseOutcome } from './client.js';
import { decodePackLink, encodePackLink, isPackLink } from './packLink.js';
import {
  loadProgress,
  MAX_DRAFT_CHARS,
  packId,
  saveProgress,
  type Backup,
  type ExerciseProgress,
  type SavedProgress,
} from './progress.js';
import type { PackFile } from './protocol.js';

export const QUICK_GRADE_MS = 200;
export const FULL_GRADE_MS = 1500;
export const BUILTIN = 'builtin';
const SAVE_MS = 300;

export interface LoadedPack {
  /** `builtin`, or an id made from the pack's text. */
  readonly id: string;
  /** Where it came from, in words. */
  readonly label: string;
  readonly exercises: readonly Exercise[];
  /** The reader's problems, with their lines. */
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly PackFile[];
}

export interface ExerciseState {
  readonly phase: 'loading' | 'ready';
  /** Why the last pack given was refused before it was read (a damaged link, a large file). */
  readonly refused: string | null;
  readonly pack: LoadedPack | null;
  /** The exercise being solved; null shows the list. */
  readonly current: string | null;
  readonly grade: ExerciseGrade | null;
  /** The grade includes the simulation goals. */
  readonly simulated: boolean;
  readonly grading: boolean;
  readonly gradeError: string | null;
  readonly progress: SavedProgress;

  start(): void;
  loadBuiltin(): void;
  loadFiles(files: readonly PackFile[], label: string): void;
  refuse(reason: string): void;
  choose(name: string | null): void;
  showHint(): void;
  reset(): void;
  reveal(): void;
  putBack(): void;
  check(): void;
}

export type ExerciseStore = ReturnType<typeof createExerciseStore>;

/** The request bar's fields for a goal's request (the request bar has no --resolve). */
function requestFields(spec: RequestSpec): Omit<Snapshot, 'yaml' | 'exampleId'> {
  return {
    method: spec.method ?? 'GET',
    url: spec.url,
    headersText: (spec.headers ?? []).map(([n, v]) => `${n}: ${v}`).join('\n'),
    clientIp: spec.clientIp ?? '',
    bodySize: spec.bodyBytes !== undefined ? String(spec.bodyBytes) : '',
    insecure: spec.insecure ?? false,
  };
}

export function hasSimulationGoals(exercise: Exercise): boolean {
  return exercise.goals.some((g) => g.kind === 'simulation');
}

export function createExerciseStore(
  app: AppStore,
  client: ExerciseClient,
  storage: KeyValueStore | undefined = browserStorage(),
  fragment: () => string = () => location.hash,
) {
  let quick: ReturnType<typeof setTimeout> | undefined;
  let full: ReturnType<typeof setTimeout> | undefined;
  let saving: ReturnType<typeof setTimeout> | undefined;
  let started = false;

  const store = createStore<ExerciseState>()((set, get) => {
    const exercise = (): Exercise | undefined => {
      const { pack, current } = get();
      return pack?.exercises.find((e) => e.name === current);
    };
    const entry = (name: string): ExerciseProgress => {
      const pack = get().pack;
      return (
        (pack && get().progress.exercises[pack.id]?.[name]) ?? {
          solved: false,
          hints: 0,
          revealed: false,
        }
      );
    };
    const updateProgress = (change: (p: SavedProgress) => SavedProgress): void => {
      set({ progress: change(get().progress) });
      clearTimeout(saving);
      saving = setTimeout(() => saveProgress(storage, get().progress), SAVE_MS);
    };
    const writeEntry = (name: string, next: ExerciseProgress): void => {
      const pack = get().pack;
      if (!pack) return;
      updateProgress((p) => ({
        ...p,
        exercises: { ...p.exercises, [pack.id]: { ...p.exercises[pack.id], [name]: next } },
      }));
    };
    const updateEntry = (name: string, change: Partial<ExerciseProgress>): void =>
      writeEntry(name, { ...entry(name), ...change });
    const setEditor = (yaml: string, ex: Exercise): void => {
      const state = app.getState();
      const goal = ex.goals.find((g) => g.kind === 'request');
      state.restore({
        ...snapshotOf(state),
        ...(goal?.kind === 'request' ? requestFields(goal.request) : {}),
        yaml,
        exampleId: null,
      });
    };
    const keepBackup = (backup: Backup | null): void => updateProgress((p) => ({ ...p, backup }));

    const grade = (simulate: boolean): void => {
      const ex = exercise();
      if (!ex) return;
      const yaml = app.getState().yaml;
      set({ grading: true });
      void client.grade(ex.name, yaml, simulate).then((outcome) => onGrade(ex, outcome));
    };
    const onGrade = (ex: Exercise, outcome: ExerciseOutcome): void => {
      if (outcome.kind === 'stale') return;
      if (get().current !== ex.name) return;
      if (outcome.kind === 'error') {
        set({ grading: false, gradeError: outcome.message });
        return;
      }
      if (outcome.type !== 'grade') return;
      // A quick grade never hides a full one of the same text that is still waiting.
      set({ grade: outcome.grade, simulated: outcome.simulated, grading: false, gradeError: null });
      const complete = outcome.simulated || !hasSimulationGoals(ex);
      if (outcome.grade.solved && complete && !entry(ex.name).solved)
        updateEntry(ex.name, { solved: true });
    };
    const schedule = (): void => {
      const ex = exercise();
      if (!ex) return;
      clearTimeout(quick);
      clearTimeout(full);
      quick = setTimeout(() => grade(false), QUICK_GRADE_MS);
      if (hasSimulationGoals(ex)) full = setTimeout(() => grade(true), FULL_GRADE_MS);
    };
    const gradeNow = (): void => {
      const ex = exercise();
      if (!ex) return;
      clearTimeout(quick);
      clearTimeout(full);
      grade(false);
      if (hasSimulationGoals(ex)) grade(true);
    };

    const onPack = (outcome: ExerciseOutcome, id: string, label: string, resume?: string): void => {
      if (outcome.kind === 'stale') return;
      if (outcome.kind === 'error') {
        set({ phase: 'ready', refused: `the pack could not be read: ${outcome.message}` });
        return;
      }
      if (outcome.type !== 'pack') return;
      const { exercises, diagnostics, files } = outcome.pack;
      set({
        phase: 'ready',
        pack: { id, label, exercises, diagnostics, files },
        current: null,
        grade: null,
      });
      if (resume && exercises.some((e) => e.name === resume)) get().choose(resume);
    };

    return {
      phase: 'loading',
      refused: null,
      pack: null,
      current: null,
      grade: null,
      simulated: false,
      grading: false,
      gradeError: null,
      progress: loadProgress(storage),

      start: () => {
        if (started) return;
        started = true;
        app.subscribe((state, previous) => {
          if (state.yaml === previous.yaml) return;
          const ex = exercise();
          if (!ex) return;
          schedule();
          if (state.yaml.length > MAX_DRAFT_CHARS) return;
          const { solved, hints, revealed } = entry(ex.name);
          writeEntry(ex.name, {
            solved,
            hints,
            revealed,
            ...(state.yaml !== ex.start.text ? { draft: state.yaml } : {}),
          });
        });
        const hash = fragment();
        if (isPackLink(hash)) {
          const decoded = decodePackLink(hash);
          if (decoded?.ok) get().loadFiles(decoded.files, 'a shared link');
          else {
            get().loadBuiltin();
            get().refuse(`The pack link was not opened: ${decoded?.reason ?? 'unreadable'}.`);
          }
          return;
        }
        const active = get().progress.active;
        if (active && active.pack !== BUILTIN) {
          const decoded = decodePackLink(active.pack);
          if (decoded?.ok) {
            const id = packId(decoded.files.map((f) => f.text));
            set({ phase: 'loading' });
            void client
              .readPack(decoded.files)
              .then((o) => onPack(o, id, 'the pack opened last', active.name));
            return;
          }
        }
        set({ phase: 'loading' });
        void client
          .readPack(BUILTIN)
          .then((o) => onPack(o, BUILTIN, "routelab's workshop pack", active?.name));
      },

      loadBuiltin: () => {
        set({ phase: 'loading', refused: null, current: null, grade: null });
        void client.readPack(BUILTIN).then((o) => onPack(o, BUILTIN, "routelab's workshop pack"));
      },

      loadFiles: (files, label) => {
        set({ phase: 'loading', refused: null, current: null, grade: null });
        const id = packId(files.map((f) => f.text));
        void client.readPack(files).then((o) => onPack(o, id, label));
      },

      refuse: (reason) => set({ refused: reason }),

      choose: (name) => {
        clearTimeout(quick);
        clearTimeout(full);
        const pack = get().pack;
        const ex = pack?.exercises.find((e) => e.name === name);
        if (!pack || !ex || name === null) {
          set({ current: null, grade: null, gradeError: null });
          updateProgress((p) => ({ ...p, active: null }));
          return;
        }
        const yaml = app.getState().yaml;
        const wasIn = exercise();
        const known =
          pack.exercises.some((e) => e.start.text === yaml || e.solution.text === yaml) ||
          Object.values(get().progress.exercises[pack.id] ?? {}).some((e) => e.draft === yaml);
        if (!wasIn && !known && yaml.trim() !== '')
          keepBackup({ label: 'your text from before the exercise', yaml });
        const link = pack.id === BUILTIN ? BUILTIN : encodePackLink(pack.files);
        set({ current: name, grade: null, simulated: false, gradeError: null });
        updateProgress((p) => ({ ...p, active: { pack: link, name } }));
        setEditor(entry(name).draft ?? ex.start.text, ex);
        gradeNow();
      },

      showHint: () => {
        const ex = exercise();
        if (!ex) return;
        const hints = Math.min(ex.hints.length, entry(ex.name).hints + 1);
        updateEntry(ex.name, { hints });
      },

      reset: () => {
        const ex = exercise();
        if (!ex) return;
        const yaml = app.getState().yaml;
        if (yaml !== ex.start.text) keepBackup({ label: 'your text before the reset', yaml });
        setEditor(ex.start.text, ex);
        gradeNow();
      },

      reveal: () => {
        const ex = exercise();
        if (!ex) return;
        const yaml = app.getState().yaml;
        if (yaml !== ex.solution.text)
          keepBackup({ label: 'your text before the solution was shown', yaml });
        updateEntry(ex.name, { revealed: true, hints: ex.hints.length });
        setEditor(ex.solution.text, ex);
        gradeNow();
      },

      putBack: () => {
        const backup = get().progress.backup;
        if (!backup) return;
        const state = app.getState();
        const current = state.yaml;
        state.setYaml(backup.yaml);
        // The text it replaces becomes the backup: putting back twice swaps again.
        keepBackup({ label: 'the text that was in the editor', yaml: current });
      },

      check: () => gradeNow(),
    };
  });
  // The trace beside the editor runs with the open exercise's Scenario, as grading does,
  // so a slow import shows the 504 its goal checks.
  store.subscribe((s, prev) => {
    if (s.current === prev.current && s.pack === prev.pack) return;
    const open = s.pack?.exercises.find((e) => e.name === s.current);
    app.getState().setExerciseScenario(open?.scenario?.text ?? null);
  });
  return store;
}

export function useExercises<T>(store: ExerciseStore, selector: (s: ExerciseState) => T): T {
  return useStore(store, selector);
}

/** The page's one exercise store and worker client, made when the panel first loads. */
let shared: ExerciseStore | undefined;
export function exerciseStoreFor(app: AppStore): ExerciseStore {
  shared ??= createExerciseStore(app, new ExerciseClient(createExerciseWorker));
  return shared;
}
