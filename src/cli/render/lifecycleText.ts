/** `lifecycle` for people: the eleven stages, each with its time, what happens, what you see, what went wrong. */
import {
  formatSource,
  type Lifecycle,
  type LifecycleOutcome,
  type LifecycleProblem,
  type LifecycleStage,
  type SourceRef,
} from '../../engine/index.js';
import type { Style } from './ansi.js';
import { formatMs } from './format.js';
import { wrap } from './wrap.js';

export interface LifecycleTextOptions {
  readonly style: Style;
  readonly width: number;
  /** What was applied, as the user would type it ("kubectl apply -f change.yaml"). */
  readonly heading: string;
}

const MARK: Readonly<Record<LifecycleOutcome, string>> = {
  ok: '✓',
  warning: '!',
  fail: '✗',
  unchanged: '=',
  skipped: '·',
};

const INDENT = '      ';

export function renderLifecycleText(l: Lifecycle, o: LifecycleTextOptions): string {
  const { style, width } = o;
  const out: string[] = [];
  out.push(style.bold(o.heading));
  out.push(...wrap(l.summary, width, ''));
  if (l.changes.length > 0 && l.mode === 'change')
    for (const c of l.changes)
      out.push(
        style.dim(
          `  ${c.action} ${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}: ${c.detail}`,
        ),
      );
  for (const u of l.controllers)
    if (u.update !== 'none')
      out.push(
        style.dim(
          `  ${u.product} ${u.controller}: ${u.update}${u.programmedAtMs !== null ? `, serving from ${formatMs(u.programmedAtMs)}` : ''}`,
        ),
      );
  out.push('');
  for (const s of l.stages) out.push(...renderStage(s, o), '');
  if (l.assumptions.length > 0) {
    out.push(style.bold('Assumed'));
    for (const a of l.assumptions) out.push(...wrap(a, width, '  - ', '    '));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function paint(outcome: LifecycleOutcome, style: Style): (s: string) => string {
  switch (outcome) {
    case 'ok':
      return style.green;
    case 'warning':
      return style.yellow;
    case 'fail':
      return style.red;
    default:
      return style.dim;
  }
}

function renderStage(s: LifecycleStage, o: LifecycleTextOptions): string[] {
  const { style, width } = o;
  const color = paint(s.outcome, style);
  const step = String(s.step).padStart(2, ' ');
  const time = `${formatMs(s.startMs)} → ${formatMs(s.endMs)}`;
  const lines = [`${step}. ${color(MARK[s.outcome])} ${style.bold(s.title)}  ${style.dim(time)}`];
  lines.push(...wrap(`${s.component}: ${color(s.summary)}`, width, INDENT));
  lines.push(...wrap(s.happens, width, INDENT).map(style.dim));
  if (s.timing !== 'none') lines.push(...wrap(`time: ${s.timing}`, width, INDENT).map(style.dim));
  for (const v of s.visible)
    lines.push(...wrap(v, width, `${INDENT}$ `, `${INDENT}  `).map(style.cyan));
  for (const p of s.problems) lines.push(...problem(p, o));
  const where = unique(s.sources).slice(0, 3);
  if (where.length > 0 && s.problems.length === 0)
    lines.push(...wrap(`from ${where.map(formatSource).join('; ')}`, width, INDENT).map(style.dim));
  return lines;
}

function problem(p: LifecycleProblem, o: LifecycleTextOptions): string[] {
  const { style, width } = o;
  const color =
    p.severity === 'error' ? style.red : p.severity === 'warning' ? style.yellow : style.dim;
  const head = `${p.severity}${p.code ? ` ${p.code}` : ''}${p.source ? ` (${formatSource(p.source)})` : ''}: ${p.what}`;
  return [
    ...wrap(head, width, `${INDENT}${color('✗')} `, `${INDENT}  `).map((l, i) => (i === 0 ? l : l)),
    ...wrap(`→ ${p.symptom}`, width, `${INDENT}  `, `${INDENT}    `),
  ];
}

function unique(refs: readonly SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}/${r.namespace}/${r.name}/${r.range.startLine}`;
    if (seen.has(key) || r.assumed) return false;
    seen.add(key);
    return true;
  });
}
