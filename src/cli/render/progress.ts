/**
 * A one-line progress bar on standard error, for long runs on a terminal: drawn only once
 * the run has lasted `delayMs` (a short run never flickers), redrawn at most every
 * `intervalMs`, and erased by clear() before the result is printed.
 */
import { formatDuration } from './format.js';

export interface ProgressOptions {
  readonly write: (text: string) => void;
  readonly columns: number;
  /** Milliseconds, monotonic (performance.now). */
  readonly clock: () => number;
  /** Simulated duration of the whole run, for the "12 s of 60 s" label. */
  readonly totalMs: number;
  readonly delayMs?: number;
  readonly intervalMs?: number;
}

export class ProgressBar {
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private note = '';

  constructor(private readonly o: ProgressOptions) {
    this.started = o.clock();
  }

  /** fraction: 0 to 1 of simulated time. */
  update(fraction: number): void {
    const now = this.o.clock();
    if (now - this.started < (this.o.delayMs ?? 500)) return;
    if (now - this.lastDraw < (this.o.intervalMs ?? 100)) return;
    this.lastDraw = now;
    this.draw(fraction);
  }

  /** A word after the bar ("stopping…"), drawn at once if the bar is showing. */
  say(note: string, fraction: number): void {
    this.note = note;
    if (this.drawn) this.draw(fraction);
  }

  clear(): void {
    if (this.drawn) this.o.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(fraction: number): void {
    const f = Math.min(1, Math.max(0, fraction));
    const label = ` ${String(Math.floor(f * 100)).padStart(3)}%  ${formatDuration(f * this.o.totalMs)} of ${formatDuration(this.o.totalMs)} simulated`;
    const room = Math.max(10, Math.min(40, this.o.columns - label.length - 3));
    const full = Math.round(f * room);
    const line = `[${'█'.repeat(full)}${'·'.repeat(room - full)}]${label}${this.note ? `  ${this.note}` : ''}`;
    // Never wider than the terminal: a wrapped line could not be erased with \r.
    this.o.write(`\r\x1b[2K${line.slice(0, Math.max(0, this.o.columns - 1))}`);
    this.drawn = true;
  }
}
