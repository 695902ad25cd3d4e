/**
 * What the engine benchmarks share: timing a call, the median and the fastest of a series,
 * and printing the figures with the machine's load. On a shared machine the median moves with
 * whatever else runs; the fastest run is the closest to what the code itself costs, so both
 * are printed.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** "47.1 ms (fastest 38.0)": a series of wall-clock times in milliseconds. */
export function msFigure(xs: readonly number[]): string {
  return `${median(xs).toFixed(1)} ms (fastest ${Math.min(...xs).toFixed(1)})`;
}

/** Prints `what  figure  target` rows under a title that names node and the load average. */
export function printFigures(title: string, rows: readonly [string, string, string][]): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  const f = Math.max(...rows.map((r) => r[1].length));
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`${title} — node ${process.version}, load average ${load}`);
  for (const [what, figure, target] of rows)
    console.log(`${what.padEnd(w)}  ${figure.padStart(f)}  ${target}`);
}
