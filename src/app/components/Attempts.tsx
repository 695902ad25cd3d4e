import type { Attempt } from '../../engine/index.js';

const OUTCOME: Readonly<Record<Attempt['outcome'], string>> = {
  response: 'answered',
  refused: 'connection refused',
  timeout: 'timed out',
  reset: 'connection reset',
};

/** Each try to a pod as a trip of its own: which pod, when, and how it ended. */
export function Attempts({ attempts }: { readonly attempts: readonly Attempt[] }) {
  return (
    <div className="attempts">
      <h4>
        {attempts.length} {attempts.length === 1 ? 'attempt' : 'attempts'}
        {attempts.length > 1 && <span className="hint"> (the proxy retried)</span>}
      </h4>
      <ol>
        {attempts.map((a, i) => (
          <li key={i} className={a.outcome === 'response' ? 'ok' : 'fail'} data-attempt={i + 1}>
            <span className="trip">trip {i + 1}</span>
            <code>{a.pod ?? 'no pod'}</code>
            <span>
              {OUTCOME[a.outcome]}
              {a.status !== undefined && ` ${a.status}`}
            </span>
            <span className="hint">
              {a.startMs.toFixed(0)}–{a.endMs.toFixed(0)} ms
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
