import type { Diagnostic } from '../../engine/index.js';
import { diagnosticLine } from '../editor/diagnosticEdits.js';
import { useAppStore } from '../state/store.js';

const ORDER: Readonly<Record<Diagnostic['severity'], number>> = { error: 0, warning: 1, info: 2 };

export function Diagnostics({ id }: { readonly id: string }) {
  const diagnostics = useAppStore((s) => s.diagnostics);
  const highlightLines = useAppStore((s) => s.highlightLines);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  const sorted = [...diagnostics].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);

  return (
    <details className="diagnostics" id={id} open={counts.error > 0 || undefined}>
      <summary>
        <span className="diagnostics-title">Problems</span>
        <span className={`count error${counts.error ? '' : ' zero'}`}>
          {plural(counts.error, 'error')}
        </span>
        <span className={`count warning${counts.warning ? '' : ' zero'}`}>
          {plural(counts.warning, 'warning')}
        </span>
        <span className={`count info${counts.info ? '' : ' zero'}`}>
          {plural(counts.info, 'note')}
        </span>
      </summary>
      {diagnostics.length === 0 ? (
        <p className="hint">No problems found in the YAML.</p>
      ) : (
        <ul>
          {sorted.map((d, i) => {
            const line = diagnosticLine(d);
            return (
              <li key={`${d.code}-${i}`} className={`diagnostic ${d.severity}`}>
                {line !== undefined ? (
                  <button
                    type="button"
                    className="line-link"
                    onClick={() =>
                      highlightLines(
                        d.source?.range ?? d.range ?? { startLine: line, endLine: line },
                      )
                    }
                    title="Select in the YAML"
                  >
                    line {line}
                  </button>
                ) : (
                  <span className="line-link muted">—</span>
                )}
                <code className="code">{d.code}</code>
                <span className="message">
                  {d.message}
                  {d.fix && (
                    <span className="fix">
                      {' '}
                      Fix: {d.fix.title}
                      {d.fix.edit && ' (quick fix in the editor: Ctrl+.)'}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </details>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
