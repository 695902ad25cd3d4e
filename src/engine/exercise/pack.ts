/**
 * An exercise pack: a folder of Exercise files, or one multi-document file, as the page
 * loads it from a file or a link and the command from disk. Read as data, like any
 * manifest: validated, size-limited, never executed.
 */
import { loadManifests, type ManifestInput } from '../manifest/load.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Exercise } from '../model/exercise.js';

export interface ExercisePack {
  /** In input order. */
  readonly exercises: readonly Exercise[];
  /** Problems in the pack's YAML, with their lines; a pack with errors may still hold exercises. */
  readonly diagnostics: readonly Diagnostic[];
}

/** RL134: a pack document that is not an Exercise. */
export const NOT_AN_EXERCISE = 'RL134';

export function loadExercisePack(inputs: string | readonly ManifestInput[]): ExercisePack {
  const loaded = loadManifests(inputs);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const exercises: Exercise[] = [];
  for (const r of loaded.resources) {
    if (r.kind === 'Exercise') exercises.push(r.exercise);
    else
      diagnostics.push({
        code: NOT_AN_EXERCISE,
        severity: 'warning',
        message: `A pack holds Exercise documents (apiVersion routelab.dev/v1alpha1); this ${r.kind === 'Unknown' ? r.declaredKind : r.kind} is ignored. Put an exercise's manifests under spec.start.manifests.`,
        source: r.source,
      });
  }
  return { exercises, diagnostics };
}
