import type { Trace } from '../../engine/index.js';

function statusClass(status: number | null): string {
  if (status === null) return 'status-error';
  if (status >= 500) return 'status-5xx';
  if (status >= 400) return 'status-4xx';
  if (status >= 300) return 'status-3xx';
  return 'status-2xx';
}

/** The answer in one line: the status and the summary, or why no response came back. */
export function StatusLine({ trace }: { readonly trace: Trace }) {
  return (
    <div className={`status-line ${statusClass(trace.status)}`}>
      <span className="status-code" data-testid="status">
        {trace.status ?? 'No response'}
      </span>
      <div className="status-text">
        <p className="status-summary">{trace.error ?? trace.summary}</p>
        <p className="status-explanation">{trace.explanation}</p>
        {trace.redirect && (
          <p className="status-redirect">
            Location: <code>{trace.redirect}</code>
          </p>
        )}
      </div>
    </div>
  );
}
