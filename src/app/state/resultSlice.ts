/** What the engine said about the current YAML and request. */
import type { Diagnostic, Trace } from '../../engine/index.js';
import type { SliceCreator } from './types.js';

export interface ResultSlice {
  readonly trace: Trace | null;
  readonly diagnostics: readonly Diagnostic[];
  /** A job is in the worker; the previous result stays on screen until it answers. */
  readonly pending: boolean;
  /** The engine failed or timed out; no trace is shown. */
  readonly error: string | null;
  /** Worker time of the last result, in milliseconds. */
  readonly elapsedMs: number | null;
  startRun(): void;
  showResult(trace: Trace, diagnostics: readonly Diagnostic[], elapsedMs: number): void;
  showError(message: string): void;
}

export const createResultSlice: SliceCreator<ResultSlice> = (set) => ({
  trace: null,
  diagnostics: [],
  pending: false,
  error: null,
  elapsedMs: null,
  startRun: () => set({ pending: true }),
  showResult: (trace, diagnostics, elapsedMs) =>
    set({ trace, diagnostics, elapsedMs, pending: false, error: null }),
  showError: (error) =>
    set({ error, trace: null, diagnostics: [], elapsedMs: null, pending: false }),
});
