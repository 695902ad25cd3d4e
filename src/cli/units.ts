/** The simulate command's own arguments: durations, percentages and counts. */
import { UsageError } from './io.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A week of simulated time: its per-second series alone is 604,800 rows (65 MB of JSON). */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/**
 * --duration D as a Scenario's duration is written: 500ms, 30s, 2m, 1m30s, 1h; a plain number
 * is seconds (as `sleep`).
 */
export function parseDuration(text: string, flag = '--duration'): number {
  const t = text.trim();
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(t)) ms = Number(t) * 1000;
  else if (/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(t)) {
    ms = 0;
    for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
      ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
  }
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0)
    throw new UsageError(`${flag} "${text}" is not a duration (e.g. 500ms, 30s, 2m, 1m30s, or 45)`);
  if (ms > MAX_DURATION_MS)
    throw new UsageError(`${flag} "${text}" is longer than the 7 days routelab simulates at most`);
  return ms;
}

/** --fail-on-error-rate PERCENT: 0 to 100, with or without "%". */
export function parsePercent(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 100))
    throw new UsageError(
      `${flag} "${text}" is not a percentage between 0 and 100 (e.g. 1 or 0.5%)`,
    );
  return n;
}

/** A whole number from 0 to max (--samples). */
export function parseCount(text: string, flag: string, max: number): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n > max)
    throw new UsageError(`${flag} "${text}" is not a whole number from 0 to ${max}`);
  return n;
}
