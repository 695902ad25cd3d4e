/**
 * What the exercise worker does: read packs with the engine's reader, grade the editor's
 * text with `gradeExercise`. The engine worker's script loads it when started as the
 * exercise worker (worker/engine.worker.ts); tests run it in Node.
 */
import {
  gradeExercise,
  loadExercisePack,
  ManifestLoader,
  type Exercise,
} from '../../engine/index.js';
import type { ExerciseRequest, ExerciseResponse, PackFile } from './protocol.js';

/** The shipped pack: one Exercise per file, in the order of the file names. */
const SHIPPED: Record<string, string> = import.meta.glob('../../exercises/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function shippedFiles(): PackFile[] {
  return Object.keys(SHIPPED)
    .sort()
    .map((path) => ({ file: path.slice(path.lastIndexOf('/') + 1), text: SHIPPED[path] ?? '' }));
}

let exercises: readonly Exercise[] = [];
/** Kept across gradings: only the documents that changed are parsed again. */
let loader = new ManifestLoader();

export function handleExerciseJob(job: ExerciseRequest): ExerciseResponse {
  switch (job.type) {
    case 'builtin':
    case 'pack': {
      const files = job.type === 'builtin' ? shippedFiles() : job.files;
      const pack = loadExercisePack(files);
      exercises = pack.exercises;
      loader = new ManifestLoader();
      return { id: job.id, ok: true, type: 'pack', pack: { ...pack, files } };
    }
    case 'grade': {
      const exercise = exercises.find((e) => e.name === job.name);
      if (!exercise)
        return { id: job.id, ok: false, error: `the pack has no exercise named ${job.name}` };
      const grade = gradeExercise(exercise, job.yaml, { loader, simulate: job.simulate });
      return { id: job.id, ok: true, type: 'grade', grade, simulated: job.simulate };
    }
  }
}
