/**
 * `simulate` for people: a header, then tables (outcomes, reasons, latency, load per pod and
 * per controller replica), the events of the run, throughput over time and a few whole
 * requests with their attempts. Fits in 100 columns; long runs are grouped into at most
 * MAX_SERIES_ROWS rows.
 */
import type { SimulationResult } from '../simulation.js';
import type { Style } from './ansi.js';
import { attemptLine } from './attempt.js';
import {
  formatAt,
  formatCount,
  formatDuration,
  formatMs,
  formatPercent,
  formatSeconds,
  formatSpeed,
  table,
} from './format.js';
import { wrap } from './wrap.js';

export interface SimulationView {
  readonly result: SimulationResult;
  /** Wall-clock time of the run. */
  readonly wallMs: number;
  /** Simulated time reached (less than durationMs when the run stopped early). */
  readonly reachedMs: number;
  /** Said under the header when the files hold no Scenario and routelab made one up. */
  readonly defaultTraffic?: string;
}

export interface SimulateTextOptions {
  readonly style: Style;
  readonly width: number;
}

export const MAX_SERIES_ROWS = 20;
const MAX_EVENTS = 20;
const BAR_WIDTH = 30;

type Sample = SimulationResult['samples'][number];

/** Outcomes that count as errors: a 5xx, or no HTTP response at all ("error"). */
export function isErrorOutcome(key: string): boolean {
  return key === 'error' || Number(key) >= 500;
}

export function errorCount(outcomes: Readonly<Record<string, number>>): number {
  return Object.entries(outcomes)
    .filter(([k]) => isErrorOutcome(k))
    .reduce((sum, [, n]) => sum + n, 0);
}

export function renderSimulationText(view: SimulationView, o: SimulateTextOptions): string {
  const { result: r } = view;
  const { style, width } = o;
  const out: string[] = [];
  const section = (lines: readonly string[]): void => {
    if (lines.length === 0) return;
    if (out.length > 0) out.push('');
    out.push(...lines);
  };

  // Header.
  const header = [
    `Scenario "${r.scenario}"`,
    `seed ${r.seed}`,
    `${formatDuration(r.durationMs)} simulated`,
  ].join(' · ');
  const head = [style.bold(header)];
  if (view.defaultTraffic)
    head.push(...wrap(view.defaultTraffic, width, '').map((l) => style.dim(l)));
  head.push(
    `${formatCount(r.requests)} ${r.requests === 1 ? 'request' : 'requests'} in ${formatMs(view.wallMs)} of wall time (${formatSpeed(view.reachedMs, view.wallMs)} faster than real time)`,
  );
  if (r.stoppedEarly)
    head.push(
      style.yellow(
        style.bold(
          `stopped early at ${formatSeconds(view.reachedMs)} of ${formatSeconds(r.durationMs)}: the figures cover the requests sent until then`,
        ),
      ),
    );
  section(head);

  // Outcomes, with the sum that shows every request ended in exactly one.
  const outcomes = Object.entries(r.outcomes).sort(([a], [b]) => outcomeOrder(a, b));
  const paintOutcome = (key: string, text: string): string =>
    isErrorOutcome(key) ? style.red(text) : Number(key) >= 400 ? style.yellow(text) : text;
  const outcomeRows = outcomes.map(([k, n]) => [
    k === 'error' ? 'no response' : k,
    formatCount(n),
    formatPercent(n, r.requests),
  ]);
  const sum = outcomes.reduce((s, [, n]) => s + n, 0);
  const outcomeLines = table(
    [{ header: 'Outcome' }, { header: 'requests' }, { header: '%' }],
    [...outcomeRows, ['total', formatCount(sum), formatPercent(sum, r.requests)]],
    style.bold,
  );
  section(
    outcomeLines.map((line, i) => {
      const key = outcomes[i - 1]?.[0];
      return key !== undefined ? paintOutcome(key, line) : line;
    }),
  );

  // Reasons.
  const reasons = Object.entries(r.reasons).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (reasons.length > 0)
    section(
      table(
        [{ header: 'Reason' }, { header: 'requests' }, { header: '%' }],
        reasons.map(([k, n]) => [k, formatCount(n), formatPercent(n, r.requests)]),
        style.bold,
      ),
    );

  section([
    [
      `retries ${formatCount(r.retries)}`,
      `rate-limited ${formatCount(r.rateLimited)}${r.rateLimited > 0 ? ` (${formatPercent(r.rateLimited, r.requests)})` : ''}`,
      `handshakes: ${formatCount(r.handshakes.client)} client, ${formatCount(r.handshakes.upstream)} upstream`,
    ].join(' · '),
  ]);

  // Latency, overall and per route.
  const latencyRow = (
    label: string,
    n: number,
    l: SimulationResult['latencyMs'],
  ): readonly string[] => [
    label,
    formatCount(n),
    formatMs(l.p50),
    formatMs(l.p95),
    formatMs(l.p99),
    formatMs(l.max),
  ];
  const routes = Object.entries(r.perRoute);
  if (r.requests > 0)
    section(
      table(
        [
          { header: 'Latency' },
          { header: 'requests' },
          { header: 'p50' },
          { header: 'p95' },
          { header: 'p99' },
          { header: 'max' },
        ],
        [
          latencyRow('all requests', r.requests, r.latencyMs),
          ...routes.map(([route, v]) => latencyRow(route, v.requests, v.latencyMs)),
        ],
        style.bold,
      ),
    );

  // Load per pod and per replica.
  const pods = Object.entries(r.perPod);
  const podTotal = pods.reduce((s, [, v]) => s + v.requests, 0);
  if (pods.length > 0)
    section(
      table(
        [{ header: 'Pod' }, { header: 'attempts' }, { header: 'share' }, { header: 'errors' }],
        pods.map(([pod, v]) => [
          pod,
          formatCount(v.requests),
          formatPercent(v.requests, podTotal),
          v.errors > 0 ? `${formatCount(v.errors)} (${formatPercent(v.errors, v.requests)})` : '0',
        ]),
        style.bold,
      ),
    );
  const replicas = Object.entries(r.perReplica);
  const replicaTotal = replicas.reduce((s, [, v]) => s + v.requests, 0);
  if (replicas.length > 0)
    section(
      table(
        [{ header: 'Controller replica' }, { header: 'requests' }, { header: 'share' }],
        replicas.map(([name, v]) => [
          name,
          formatCount(v.requests),
          formatPercent(v.requests, replicaTotal),
        ]),
        style.bold,
      ),
    );

  // What happened in the world.
  if (r.events.length > 0) {
    const lines = [style.bold('Events')];
    for (const e of r.events.slice(0, MAX_EVENTS)) {
      const [first = '', ...rest] = wrap(`at ${formatAt(e.atMs)}: ${e.text}`, width, '  ', '    ');
      lines.push(first, ...rest);
    }
    if (r.events.length > MAX_EVENTS)
      lines.push(
        style.dim(`  … and ${r.events.length - MAX_EVENTS} more (-o json lists them all)`),
      );
    section(lines);
  }

  // Over time.
  section(renderSeries(r, view.reachedMs, style));

  // A few whole requests.
  if (r.samples.length > 0) {
    const lines = [style.bold('Sampled requests (the first of each outcome)')];
    const context = {
      route: Object.keys(r.perRoute).length > 1,
      replica: Object.keys(r.perReplica).length > 1,
    };
    const samples = [...r.samples].sort(
      (a, b) =>
        outcomeOrder(outcomeKey(a), outcomeKey(b)) || a.arrivalMs - b.arrivalMs || a.id - b.id,
    );
    for (const s of samples) lines.push(...renderSample(s, context, style, width));
    section(lines);
  }

  return `${out.join('\n')}\n`;
}

/** 2xx first, then by status, "error" (no response) last. */
function outcomeOrder(a: string, b: string): number {
  const n = (k: string): number => (k === 'error' ? Infinity : Number(k));
  return n(a) - n(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Throughput, errors and p99 per second, or per group of seconds for a long run. */
function renderSeries(r: SimulationResult, reachedMs: number, style: Style): string[] {
  // Seconds after the point where the run stopped early are empty: leave them out.
  const seconds = r.series.filter((_, i) => !r.stoppedEarly || i * 1000 < reachedMs || i === 0);
  if (seconds.length === 0 || r.requests === 0) return [];
  const step = seriesStep(seconds.length);
  const unit = step >= 3600 && step % 3600 === 0 ? 3600 : step >= 60 && step % 60 === 0 ? 60 : 1;
  const unitName = unit === 3600 ? 'h' : unit === 60 ? 'min' : 's';
  const inUnit = (sec: number): string => formatCount(sec / unit).replace(/\.0$/, '');
  const groups: { from: number; to: number; requests: number; errors: number; p99: number }[] = [];
  for (let i = 0; i < seconds.length; i += step) {
    const part = seconds.slice(i, i + step);
    groups.push({
      from: part[0]?.second ?? i,
      to: (part.at(-1)?.second ?? i) + 1,
      requests: part.reduce((s, x) => s + x.requests, 0),
      errors: part.reduce((s, x) => s + x.errors, 0),
      // Per-second percentiles come from coarse buckets: never above the slowest request.
      p99: Math.min(
        r.latencyMs.max,
        Math.max(0, ...part.filter((x) => x.requests > 0).map((x) => x.p99)),
      ),
    });
  }
  const rate = (g: (typeof groups)[number]): number => g.requests / (g.to - g.from);
  const peak = Math.max(...groups.map(rate));
  const rows = groups.map((g) => {
    const full = peak > 0 ? Math.round((rate(g) / peak) * BAR_WIDTH) : 0;
    const bad = g.requests > 0 ? Math.round((g.errors / g.requests) * full) : 0;
    const bar = '█'.repeat(full - bad) + style.red('▒'.repeat(g.errors > 0 ? Math.max(1, bad) : 0));
    return [
      `${inUnit(g.from)}–${inUnit(g.to)} ${unitName}`,
      formatRate(rate(g)),
      g.errors > 0 ? `${formatCount(g.errors)} (${formatPercent(g.errors, g.requests)})` : '0',
      g.requests > 0 ? formatMs(g.p99) : '–',
      bar,
    ];
  });
  const lines = table(
    [
      { header: step === 1 ? 'Per second' : `Per ${formatDuration(step * 1000)}` },
      { header: 'req/s' },
      { header: 'errors' },
      { header: step === 1 ? 'p99' : 'worst p99' },
      { header: `█ requests ${style.red('▒')} errors (5xx, no response)`, align: 'left' },
    ],
    rows,
    style.bold,
  );
  return lines;
}

/** Seconds per row: a round span, so that at most MAX_SERIES_ROWS rows cover the run. */
const STEPS = [
  1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10_800, 21_600,
  43_200, 86_400,
];

export function seriesStep(seconds: number): number {
  const least = Math.ceil(seconds / MAX_SERIES_ROWS);
  return STEPS.find((s) => s >= least) ?? Math.ceil(least / 86_400) * 86_400;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 100 || Number.isInteger(perSecond)) return formatCount(Math.round(perSecond));
  // Slow traffic (2/m) keeps two significant digits: 0.033, not 0.0.
  return perSecond < 1 ? String(Number(perSecond.toPrecision(2))) : perSecond.toFixed(1);
}

const outcomeKey = (s: Sample): string => (s.status === null ? 'error' : String(s.status));

/**
 * "504 POST http://x/import: timeout after 60.07 s", then when it was sent and by whom (and
 * the route and the replica when there are several), then its attempts.
 */
function renderSample(
  s: Sample,
  context: { readonly route: boolean; readonly replica: boolean },
  style: Style,
  width: number,
): string[] {
  const status = s.status === null ? 'no response' : String(s.status);
  const paint = s.status === null || s.status >= 500 ? style.red : (x: string): string => x;
  const reason = s.reason === 'response' ? 'answered' : s.reason;
  const lines = wrap(
    `${status} ${s.method} ${s.url}: ${reason} after ${formatMs(s.latencyMs)}`,
    width,
    '  ',
    '      ',
  );
  lines[0] = (lines[0] ?? '').replace(status, paint(status));
  const sent = [
    `sent at ${formatAt(s.arrivalMs)} from ${s.client}`,
    context.route && s.route ? `to ${s.route}` : '',
    context.replica && s.replica ? `via ${s.replica}` : '',
  ].filter(Boolean);
  lines.push(...wrap(sent.join(' '), width, '      ', '        ').map(style.dim));
  if (s.attempts.length === 0) lines.push(style.dim('      no attempt reached a pod'));
  s.attempts.forEach((a, i) =>
    lines.push(...wrap(attemptLine(a, i), width, '      ', '        ').map(style.dim)),
  );
  return lines;
}
