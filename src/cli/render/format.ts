/** Numbers for people: durations, counts, percentages, and aligned tables. */

/** A span of time: "0.4 ms", "10.5 ms", "1.50 s", "60.03 s", "185.20 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${ms < 10 ? round(ms, 2) : round(ms, 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A length of simulated time, as a person says it: "500 ms", "2 s", "12.5 s", "1 min 30 s", "2 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${round(ms, 1)} ms`;
  if (ms < 60_000) return `${round(ms / 1000, 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean).join(' ');
}

/** A point in simulated time, from the start of the run: "12.0 s". */
export function formatAt(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Seconds with thousands separators: "739.2 s", "3,600 s" (whole seconds without a decimal). */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s)
    ? `${formatCount(s)} s`
    : `${s.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
}

/** 1234567 → "1,234,567"; a fraction keeps one decimal (60.8). */
export function formatCount(n: number): string {
  return Number.isInteger(n) || Math.abs(n) >= 1000
    ? Math.round(n).toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A share: "88.0%", "<0.1%" for a small one that is not zero, "0%" for none. */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return '0%';
  const p = (100 * part) / whole;
  if (p < 0.1) return '<0.1%';
  return `${p.toFixed(1)}%`;
}

/** How many times faster than real time: "480×", "12.5×", "0.8×". */
export function formatSpeed(simulatedMs: number, wallMs: number): string {
  if (wallMs <= 0) return '∞×';
  const x = simulatedMs / wallMs;
  return `${x >= 100 ? formatCount(Math.round(x)) : x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
}

function round(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}

/** Shortens text to `max` characters, cutting the middle (pod names keep their hash). */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

export interface Column {
  readonly header: string;
  /** Right-aligned (numbers) unless 'left'. */
  readonly align?: 'left' | 'right';
}

/**
 * An aligned table: the first column left-aligned (its header is the section's title, its
 * cells indented by two spaces), the others right-aligned unless told; columns two spaces apart.
 * `paint` styles the header line. Returns lines without trailing spaces.
 */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  paint: (s: string) => string = (s) => s,
  maxFirst = 44,
): string[] {
  const cells = rows.map((r) =>
    r.map((c, i) => (i === 0 ? `  ${truncateMiddle(c, maxFirst)}` : c)),
  );
  const widths = columns.map((col, i) =>
    Math.max(width(col.header), ...cells.map((r) => width(r[i] ?? ''))),
  );
  const line = (r: readonly string[]): string =>
    columns
      .map((col, i) => {
        const cell = r[i] ?? '';
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
        return i === 0 || col.align === 'left' ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd();
  return [paint(line(columns.map((c) => c.header))), ...cells.map(line)];
}

/** Display width, ignoring ANSI colour codes. */
export function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
