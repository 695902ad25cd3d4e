import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../state/store.js';
import { ExerciseClient, type ExerciseWorkerLike } from './client.js';
import { createExerciseStore } from './exerciseStore.js';
import { handleExerciseJob, shippedFiles } from './jobs.js';
import { encodePackLink } from './packLink.js';
import { loadProgress } from './progress.js';
import type { ExerciseRequest, ExerciseResponse } from './protocol.js';

/** The worker's own code, run in this process (answers after the current task). */
class InProcessWorker implements ExerciseWorkerLike {
  onmessage: ((event: MessageEvent<ExerciseResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: ExerciseRequest): void {
    setTimeout(() =>
      this.onmessage?.({ data: handleExerciseJob(message) } as MessageEvent<ExerciseResponse>),
    );
  }
  terminate(): void {}
}

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  };
}

function setup(fragment = '') {
  const app = createAppStore();
  const storage = memory();
  const store = createExerciseStore(
    app,
    new ExerciseClient(() => new InProcessWorker()),
    storage,
    () => fragment,
  );
  return { app, store, storage };
}

const WAIT = { timeout: 5000 };

describe('the exercise panel state', () => {
  it('grades the editor as it changes: red at the start, green with the fix, solved kept', async () => {
    const { app, store, storage } = setup();
    app.getState().setYaml('# my own notes\n');
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().pack?.exercises).toHaveLength(19), WAIT);

    store.getState().choose('missing-ingress-class');
    const ex = store.getState().pack?.exercises.find((e) => e.name === 'missing-ingress-class');
    expect(app.getState().yaml).toBe(ex?.start.text);
    expect(app.getState().url).toBe('http://shop.example.com/');
    await vi.waitFor(() => expect(store.getState().grade?.met).toBe(0), WAIT);
    // The text from before the exercise is kept.
    expect(store.getState().progress.backup?.yaml).toBe('# my own notes\n');

    app.getState().setYaml(ex?.solution.text ?? '');
    await vi.waitFor(() => expect(store.getState().grade?.solved).toBe(true), WAIT);
    await vi.waitFor(
      () =>
        expect(loadProgress(storage).exercises['builtin']?.['missing-ingress-class']?.solved).toBe(
          true,
        ),
      WAIT,
    );
    expect(loadProgress(storage).active).toEqual({
      pack: 'builtin',
      name: 'missing-ingress-class',
    });
  });

  it('hints one at a time; reveal and reset keep the replaced text; put back swaps', async () => {
    const { app, store } = setup();
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'), WAIT);
    store.getState().choose('path-types');
    const ex = store.getState().pack?.exercises.find((e) => e.name === 'path-types');
    if (!ex) throw new Error('no path-types exercise');

    store.getState().showHint();
    store.getState().showHint();
    expect(store.getState().progress.exercises['builtin']?.['path-types']?.hints).toBe(2);
    for (let i = 0; i < 5; i++) store.getState().showHint();
    expect(store.getState().progress.exercises['builtin']?.['path-types']?.hints).toBe(
      ex.hints.length,
    );

    app.getState().setYaml(`${ex.start.text}# mine\n`);
    store.getState().reveal();
    expect(app.getState().yaml).toBe(ex.solution.text);
    expect(store.getState().progress.backup?.yaml).toBe(`${ex.start.text}# mine\n`);
    expect(store.getState().progress.exercises['builtin']?.['path-types']?.revealed).toBe(true);
    store.getState().putBack();
    expect(app.getState().yaml).toBe(`${ex.start.text}# mine\n`);
    expect(store.getState().progress.backup?.yaml).toBe(ex.solution.text);

    store.getState().reset();
    expect(app.getState().yaml).toBe(ex.start.text);
    expect(store.getState().progress.backup?.yaml).toBe(`${ex.start.text}# mine\n`);
  });

  it('a simulation goal waits for a full grade', async () => {
    const { app, store } = setup();
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'), WAIT);
    store.getState().choose('long-import-timeout');
    const ex = store.getState().pack?.exercises.find((e) => e.name === 'long-import-timeout');
    app.getState().setYaml(ex?.solution.text ?? '');
    store.getState().check();
    await vi.waitFor(() => {
      expect(store.getState().simulated).toBe(true);
      expect(store.getState().grade?.solved).toBe(true);
    }, WAIT);
  });

  it('opens a pack from a link, and shows its problems instead of failing', async () => {
    const [first] = shippedFiles();
    if (!first) throw new Error('no shipped exercise');
    const broken = {
      file: 'broken.yaml',
      text: 'kind: Exercise\napiVersion: routelab.dev/v1alpha1\nspec: 3\n',
    };
    const { store } = setup(`#${encodePackLink([first, broken])}`);
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'), WAIT);
    const pack = store.getState().pack;
    expect(pack?.label).toBe('a shared link');
    expect(pack?.exercises).toHaveLength(1);
    expect(
      pack?.diagnostics.some((d) => d.source?.file === 'broken.yaml' || d.file === 'broken.yaml'),
    ).toBe(true);
  });

  it('refuses a damaged link with a reason and offers the shipped pack', async () => {
    const { store } = setup('#pack=%%%');
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().pack?.exercises).toHaveLength(19), WAIT);
    expect(store.getState().refused).toMatch(/not opened: the link is damaged/);
  });
});
