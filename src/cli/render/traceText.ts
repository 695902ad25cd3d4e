/** `trace` for people: one line per stage, the reasons under it, then the response. */
import {
  formatSource,
  STAGE_ORDER,
  type Attempt,
  type Stage,
  type Trace,
} from '../../engine/index.js';
import type { Style } from './ansi.js';
import { attemptLine } from './attempt.js';
import { formatMs } from './format.js';
import { wrap } from './wrap.js';

export interface TextOptions {
  readonly style: Style;
  /** Terminal width. */
  readonly width: number;
  /** Name the file in sources ("from Ingress a/b (x.yaml lines 3-9)"): useful with several. */
  readonly showFiles: boolean;
}

const MARK: Readonly<Record<Stage['outcome'], string>> = { ok: '✓', fail: '✗', skipped: '·' };
/** Stage ids are padded to the longest ("controller") plus two spaces. */
const ID_WIDTH = Math.max(...STAGE_ORDER.map((id) => id.length)) + 2;
/** Details sit under the summary column: mark, space, padded id. */
const DETAIL = ' '.repeat(2 + ID_WIDTH);

export function renderTraceText(t: Trace, options: TextOptions): string {
  const { style, width } = options;
  const out: string[] = [];
  out.push(style.bold(header(t)), '');
  for (const stage of t.stages) {
    const lines = renderStage(stage, options, stage.id === 'upstream' ? t.attempts : []);
    // A blank line after a stage with details, so that each stands apart.
    if (lines.length > 1 && out.at(-1) !== '') out.push('');
    out.push(...lines);
    if (lines.length > 1) out.push('');
  }
  if (out.at(-1) !== '') out.push('');
  out.push(...renderResult(t, style, width));
  return `${out.join('\n')}\n`;
}

function header(t: Trace): string {
  const { method, url, host } = t.request;
  const urlHost = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)/i.exec(url)?.[1]?.replace(/^.*@/, '');
  const showHost =
    host !== '' && urlHost !== undefined && host.toLowerCase() !== urlHost.toLowerCase();
  return `${method} ${url}${showHost ? `  (Host: ${host})` : ''}`;
}

function renderStage(
  s: Stage,
  { style, width, showFiles }: TextOptions,
  attempts: readonly Attempt[],
): string[] {
  const mark =
    s.outcome === 'ok'
      ? style.green(MARK.ok)
      : s.outcome === 'fail'
        ? style.red(MARK.fail)
        : style.dim(MARK.skipped);
  const id = s.id.padEnd(ID_WIDTH);
  // The summary wraps under itself, so that the stage ids stay a clean column.
  const [indented = '', ...rest] = wrap(s.summary, width, DETAIL, `${DETAIL}  `);
  const first = indented.slice(DETAIL.length);
  if (s.outcome === 'skipped') return [`${mark} ${style.dim(id + first)}`, ...rest.map(style.dim)];
  const lines = [`${mark} ${style.bold(id)}${first}`, ...rest];
  lines.push(...wrap(s.explanation, width, DETAIL));
  // One attempt says nothing the summary does not; several are the story of the request.
  if (attempts.length > 1)
    attempts.forEach((a, i) =>
      lines.push(...wrap(attemptLine(a, i), width, DETAIL, `${DETAIL}  `)),
    );
  for (const c of s.candidates ?? []) {
    if (c.matched) continue;
    const [first = '', ...rest] = wrap(`✗ ${c.label} — ${c.reason}`, width, DETAIL, `${DETAIL}  `);
    lines.push(first.replace('✗', style.red('✗')), ...rest);
  }
  const sources = [
    ...new Set(
      s.sources.map((src) => {
        const { file: _file, ...withoutFile } = src;
        return `from ${formatSource(showFiles ? src : withoutFile)}`;
      }),
    ),
  ];
  for (const src of sources) lines.push(...wrap(src, width, DETAIL, `${DETAIL}  `).map(style.dim));
  if (s.log) lines.push(...wrap(`log: ${s.log}`, width, DETAIL, `${DETAIL}  `).map(style.dim));
  return lines;
}

function renderResult(t: Trace, style: Style, width: number): string[] {
  const lines = [resultLine(t, style)];
  // The last stage often said the same thing already: print it once.
  const told = t.stages.some(
    (s) => s.outcome !== 'skipped' && s.explanation.includes(t.explanation),
  );
  if (t.explanation && !told) lines.push(...wrap(t.explanation, width, '  '));
  lines.push(`  took ${formatMs(t.durationMs)} of simulated time`);
  if (t.assumptions.length > 0) lines.push('');
  for (const a of t.assumptions) {
    const [first = '', ...rest] = wrap(`assumed: ${a}`, width, '', '  ');
    lines.push(first.replace('assumed:', style.yellow('assumed:')), ...rest);
  }
  if (t.forwarded) {
    const f = t.forwarded;
    lines.push('', 'forwarded to the pod:');
    lines.push(`  Host: ${f.host}`, `  path: ${f.path}`);
    for (const [name, value] of Object.entries(f.headers)) {
      if (/^x-(forwarded-|real-ip$)/i.test(name)) lines.push(`  ${name}: ${value}`);
    }
  }
  return lines;
}

function resultLine(t: Trace, style: Style): string {
  if (t.status === null) return style.red(style.bold(`→ no response: ${t.error ?? t.summary}`));
  const status = t.status;
  const paint =
    status >= 500
      ? style.red
      : status >= 400
        ? style.yellow
        : status >= 300
          ? style.cyan
          : style.green;
  const text = t.redirect
    ? `${status} redirect to ${t.redirect}`
    : t.backend
      ? `${status} from pod ${t.backend.pod} (${t.backend.namespace}/${t.backend.service})`
      : t.summary.startsWith(String(status))
        ? t.summary
        : `${status} ${t.summary}`;
  return paint(style.bold(`→ ${text}`));
}
