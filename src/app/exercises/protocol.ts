/**
 * Messages between the exercise panel and its worker. The worker reads packs (the shipped
 * one, or text from a file or a link) with the engine's reader and grades the editor's text
 * with `gradeExercise`. Only plain data crosses: exercises, grades and diagnostics.
 */
import type { Diagnostic, Exercise, ExerciseGrade } from '../../engine/index.js';

/** One file of a pack, as text: its name shows in diagnostics. */
export interface PackFile {
  readonly file: string;
  readonly text: string;
}

export type ExerciseJob =
  /** Read the pack shipped with the page (bundled in the worker's chunk). */
  | { readonly type: 'builtin' }
  /** Read a pack from text (a file, a drop, a link): validated, never executed. */
  | { readonly type: 'pack'; readonly files: readonly PackFile[] }
  /**
   * Grade `yaml` against the exercise `name` of the pack last read. `simulate: false` leaves
   * simulation goals unmet (fast, while typing).
   */
  | {
      readonly type: 'grade';
      readonly name: string;
      readonly yaml: string;
      readonly simulate: boolean;
    };

export type ExerciseRequest = ExerciseJob & { readonly id: number };

export interface PackResult {
  readonly exercises: readonly Exercise[];
  readonly diagnostics: readonly Diagnostic[];
  /** The files read (the shipped pack's come from the worker), for a link to the pack. */
  readonly files: readonly PackFile[];
}

export type ExerciseReply =
  | { readonly type: 'pack'; readonly pack: PackResult }
  | { readonly type: 'grade'; readonly grade: ExerciseGrade; readonly simulated: boolean };

export type ExerciseResponse =
  | ({ readonly id: number; readonly ok: true } & ExerciseReply)
  | { readonly id: number; readonly ok: false; readonly error: string };
