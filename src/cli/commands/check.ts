/** `routelab check`: grades an exercise goal by goal (its starting state, or the given files). */
import {
  gradeExercise,
  loadExercisePack,
  type Exercise,
  type ExerciseGrade,
  type GradeOptions,
} from '../../engine/index.js';
import { EXIT, UsageError, type Io } from '../io.js';
import { readInputs } from '../inputs.js';
import { makeStyle } from '../render/ansi.js';
import { diagnosticJson, viewDiagnostic } from '../render/diagnostics.js';
import {
  exerciseJson,
  renderExerciseText,
  renderVerifyText,
  verified,
  verifyJson,
  type ExerciseView,
  type Graded,
  type VerifyView,
} from '../render/exercise.js';
import { diagnosticLine } from '../render/lint.js';
import { printDiagnostics, shellQuote } from './diagnostics.js';
import { parseSeed } from '../request.js';

export interface CheckCommandOptions {
  readonly filename?: readonly string[];
  readonly exercise?: string;
  readonly solution?: boolean;
  readonly verify?: boolean;
  readonly hints?: string;
  readonly seed?: string;
  readonly output?: string;
}

/** Exit code when a goal is not met (or, with --verify, an exercise does not verify). */
export const GOALS_UNMET = 1;

export async function checkCommand(
  exercisePath: string,
  o: CheckCommandOptions,
  io: Io,
): Promise<number> {
  const hints = o.hints === undefined ? 0 : parseHints(o.hints);
  const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
  const files = o.filename ?? [];
  if (files.length > 0 && (o.solution || o.verify))
    throw new UsageError('-f grades your files; --solution and --verify grade the exercise itself');
  if (o.solution && o.verify) throw new UsageError('give --solution or --verify, not both');
  const pack = loadExercisePack(await readInputs([exercisePath], io));
  for (const d of pack.diagnostics.filter((d) => d.severity !== 'info'))
    io.stderr(`${diagnosticLine(viewDiagnostic(d), makeStyle(false))}\n`);
  let exercises: readonly Exercise[] = pack.exercises;
  if (exercises.length === 0)
    throw new UsageError(
      `${exercisePath} holds no Exercise (apiVersion routelab.dev/v1alpha1, kind: Exercise)`,
    );
  if (o.exercise !== undefined) {
    exercises = exercises.filter((e) => e.name === o.exercise);
    if (exercises.length === 0)
      throw new UsageError(
        `no exercise named "${o.exercise}" in ${exercisePath}; it has ${pack.exercises.map((e) => e.name).join(', ')}`,
      );
  }
  if (files.length > 0 && exercises.length > 1)
    throw new UsageError(
      `${exercisePath} holds ${exercises.length} exercises; choose the one to grade with --exercise NAME`,
    );
  const now = (io.now ?? (() => new Date()))().toISOString();
  const options: GradeOptions = { now, ...(seed !== undefined ? { seed } : {}) };
  const style = makeStyle(io.color ?? false);
  const width = io.columns ?? 100;
  const json = o.output === 'json';

  if (o.verify) {
    const views: VerifyView[] = exercises.map((exercise) => ({
      exercise,
      solution: gradeExercise(exercise, exercise.solution.text, options),
      start: gradeExercise(exercise, exercise.start.text, options),
    }));
    io.stdout(
      json
        ? `${JSON.stringify({ exercises: views.map(verifyJson), diagnostics: pack.diagnostics.map(diagnosticJson) }, null, 2)}\n`
        : renderVerifyText(views, { style, width }),
    );
    return views.every(verified) ? EXIT.ok : GOALS_UNMET;
  }

  const inputs = files.length > 0 ? await readInputs(files, io) : undefined;
  const graded: Graded = inputs ? 'files' : o.solution ? 'solution' : 'start';
  const views: ExerciseView[] = exercises.map((exercise) => {
    const grade: ExerciseGrade = gradeExercise(
      exercise,
      inputs ?? (o.solution ? exercise.solution.text : exercise.start.text),
      options,
    );
    const again = [
      'routelab check',
      shellQuote(exercisePath),
      ...(exercises.length > 1 || o.exercise ? ['--exercise', shellQuote(exercise.name)] : []),
      ...files.flatMap((f) => ['-f', shellQuote(f)]),
    ].join(' ');
    return {
      exercise,
      graded,
      grade,
      hints,
      story: exercises.length === 1,
      hintCommand: again,
    };
  });
  if (json) {
    io.stdout(
      `${JSON.stringify({ exercises: views.map(exerciseJson), diagnostics: pack.diagnostics.map(diagnosticJson) }, null, 2)}\n`,
    );
  } else {
    if (inputs) for (const v of views) printDiagnostics(v.grade.diagnostics, files, io);
    io.stdout(views.map((v) => renderExerciseText(v, { style, width })).join('\n'));
  }
  return views.every((v) => v.grade.solved) ? EXIT.ok : GOALS_UNMET;
}

function parseHints(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--hints "${text}" is not a whole number`);
  return n;
}
