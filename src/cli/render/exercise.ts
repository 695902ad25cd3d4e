/** `routelab check` output: an exercise's goals, met or not and why, as text or JSON. */
import type { Exercise, ExerciseGrade } from '../../engine/index.js';
import type { Style } from './ansi.js';
import { diagnosticJson } from './diagnostics.js';
import { wrap } from './wrap.js';

/** What was graded: the exercise's starting manifests, its solution, or the user's files. */
export type Graded = 'start' | 'solution' | 'files';

export interface ExerciseView {
  readonly exercise: Exercise;
  readonly graded: Graded;
  readonly grade: ExerciseGrade;
  /** How many hints to show. */
  readonly hints: number;
  /** Print the story (one exercise checked). */
  readonly story: boolean;
  /** The command that shows the next hint, when there is one. */
  readonly hintCommand?: string;
}

/** Joins the lines of each paragraph (a YAML block keeps the author's line breaks); keeps list items. */
export function reflow(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\n(?!\s*(?:[-*]|\d+\.)\s)\s*/g, ' '))
    .join('\n\n');
}

const GRADED: Readonly<Record<Graded, string>> = {
  start: 'the starting manifests',
  solution: "the exercise's solution",
  files: 'your manifests',
};

export function renderExerciseText(
  v: ExerciseView,
  options: { style: Style; width: number },
): string {
  const { style, width } = options;
  const { exercise, grade } = v;
  const lines: string[] = [];
  lines.push(style.bold(`${exercise.title}`));
  lines.push(
    style.dim(
      `${exercise.name} · ${exercise.difficulty}${exercise.tags.length > 0 ? ` · ${exercise.tags.join(', ')}` : ''}`,
    ),
  );
  if (v.story && exercise.story.trim() !== '') {
    lines.push('');
    lines.push(...wrap(reflow(exercise.story), width, ''));
  }
  lines.push('');
  lines.push(`Goals, checked on ${GRADED[v.graded]}:`);
  for (const g of grade.goals) {
    const mark = g.met ? style.green('✓') : style.red('✗');
    lines.push(...wrap(g.title, width, `  ${mark} `, '    '));
    lines.push(...wrap(g.why, width, '      ', '      ').map((l) => style.dim(l)));
  }
  for (const note of grade.notes) lines.push(...wrap(note, width, '  note: ', '        '));
  lines.push('');
  lines.push(
    grade.solved
      ? style.green(`Solved: all ${grade.total} goals met.`)
      : `${grade.met} of ${grade.total} goals met.`,
  );
  const hints = exercise.hints.slice(0, v.hints);
  hints.forEach((h, i) => {
    lines.push('');
    lines.push(...wrap(reflow(h), width, `Hint ${i + 1} of ${exercise.hints.length}: `, '  '));
  });
  if (!grade.solved && v.hintCommand && v.hints < exercise.hints.length)
    lines.push(
      style.dim(
        `${v.hints === 0 ? `${exercise.hints.length === 1 ? 'A hint' : `${exercise.hints.length} hints`}` : 'Next hint'}: ${v.hintCommand} --hints ${v.hints + 1}`,
      ),
    );
  if (grade.solved && exercise.explanation.trim() !== '') {
    lines.push('');
    lines.push(...wrap(reflow(exercise.explanation), width, ''));
  }
  return `${lines.join('\n')}\n`;
}

export interface VerifyView {
  readonly exercise: Exercise;
  readonly solution: ExerciseGrade;
  readonly start: ExerciseGrade;
}

export function verified(v: VerifyView): boolean {
  return v.solution.solved && !v.start.solved;
}

/** --verify: one line per exercise (its solution solves it, its start does not), then why not. */
export function renderVerifyText(
  views: readonly VerifyView[],
  options: { style: Style; width: number },
): string {
  const { style, width } = options;
  const lines: string[] = [];
  for (const v of views) {
    const ok = verified(v);
    const text = `${v.exercise.name}: the solution meets ${v.solution.met} of ${v.solution.total} goals; the starting manifests meet ${v.start.met} of ${v.start.total}`;
    lines.push(...wrap(text, width, `${ok ? style.green('✓') : style.red('✗')} `, '    '));
    for (const g of v.solution.goals.filter((g) => !g.met))
      lines.push(...wrap(`${g.title}: ${g.why}`, width, '    solution: ', '      '));
    if (v.start.solved)
      lines.push(...wrap('every goal is met before any change', width, '    start: ', '      '));
  }
  const ok = views.filter(verified).length;
  lines.push('');
  lines.push(`${ok} of ${views.length} exercises verified.`);
  return `${lines.join('\n')}\n`;
}

export function exerciseJson(v: ExerciseView): unknown {
  const { exercise, grade } = v;
  return {
    name: exercise.name,
    title: exercise.title,
    difficulty: exercise.difficulty,
    tags: exercise.tags,
    graded: v.graded,
    solved: grade.solved,
    met: grade.met,
    total: grade.total,
    goals: grade.goals.map((g) => ({
      id: g.id,
      title: g.title,
      kind: g.kind,
      met: g.met,
      why: g.why,
      checks: g.checks.map((c) => ({
        field: c.field,
        expected: c.expected,
        actual: c.actual,
        pass: c.pass,
      })),
      line: g.source.range.startLine,
    })),
    notes: grade.notes,
    hints: exercise.hints.slice(0, v.hints),
    hintCount: exercise.hints.length,
    explanation: grade.solved ? exercise.explanation : null,
    diagnostics: grade.diagnostics.map(diagnosticJson),
  };
}

export function verifyJson(v: VerifyView): unknown {
  return {
    name: v.exercise.name,
    title: v.exercise.title,
    verified: verified(v),
    solution: { solved: v.solution.solved, met: v.solution.met, total: v.solution.total },
    start: { solved: v.start.solved, met: v.start.met, total: v.start.total },
    unmet: v.solution.goals.filter((g) => !g.met).map((g) => ({ id: g.id, why: g.why })),
  };
}
