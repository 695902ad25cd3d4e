import { memo } from 'react';
import { useAppStore } from '../state/store.js';
import { StageList } from './StageList.js';
import { StatusLine } from './StatusLine.js';

export function ResultPanel() {
  const trace = useAppStore((s) => s.trace);
  const path = useAppStore((s) => s.path);
  const seq = useAppStore((s) => s.resultSeq);
  const error = useAppStore((s) => s.error);
  const pending = useAppStore((s) => s.pending);

  return (
    <section className="result" aria-labelledby="result-title" aria-busy={pending}>
      <h2 id="result-title" className="visually-hidden">
        Result
      </h2>
      <div aria-live="polite" aria-atomic="true">
        {error ? (
          <div className="status-line status-error" role="alert">
            <span className="status-code" data-testid="status">
              Engine error
            </span>
            <div className="status-text">
              <p className="status-summary">{error}</p>
            </div>
          </div>
        ) : trace ? (
          <StatusLine trace={trace} />
        ) : (
          <p className="hint">Tracing the request…</p>
        )}
      </div>
      {trace && !error && (
        <>
          <Stages key={seq} stages={trace.stages} attempts={trace.attempts} path={path} />
          {trace.assumptions.length > 0 && (
            <details className="trace-assumptions">
              <summary>What routelab assumed ({trace.assumptions.length})</summary>
              <ul>
                {trace.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </details>
          )}
          <Timing />
        </>
      )}
    </section>
  );
}

/** The stages re-render for a new trace, not when the panel only turns busy and back. */
const Stages = memo(StageList);

/**
 * The worker's times: until the trace, and for the whole job once the graph and problems
 * are in. `data-answer` counts the traces shown (bench/page.ts waits for it to change).
 */
function Timing() {
  const pending = useAppStore((s) => s.pending);
  const elapsedMs = useAppStore((s) => s.elapsedMs);
  const totalMs = useAppStore((s) => s.totalMs);
  const answers = useAppStore((s) => s.answers);
  return (
    <p className="hint timing" data-testid="timing" data-answer={answers}>
      {pending
        ? 'Updating…'
        : elapsedMs !== null &&
          `Evaluated in the engine worker in ${elapsedMs.toFixed(1)} ms${
            totalMs !== null ? `; with the graph and problems, ${totalMs.toFixed(1)} ms.` : '.'
          }`}
    </p>
  );
}
