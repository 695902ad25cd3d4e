import type { Diagnostic } from '../../engine/index.js';
import { useAppStore } from '../state/store.js';

function lineOf(d: Diagnostic): number | undefined {
  const line = d.source?.range.startLine ?? d.range?.startLine;
  return line !== undefined && line > 0 && !d.source?.assumed ? line : undefined;
}

export function Diagnostics({ id }: { readonly id: string }) {
  const diagnostics = useAppStore((s) => s.diagnostics);
  const highlightLines = useAppStore((s) => s.highlightLines);

  return (
    <section className="diagnostics" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        Diagnostics <span className="count">{diagnostics.length}</span>
      </h2>
      {diagnostics.length === 0 ? (
        <p className="hint">No problems found in the YAML.</p>
      ) : (
        <ul>
          {diagnostics.map((d, i) => {
            const line = lineOf(d);
            const range = d.source?.range ?? d.range;
            return (
              <li key={`${d.code}-${i}`} className={`diagnostic ${d.severity}`}>
                {line !== undefined && range ? (
                  <button
                    type="button"
                    className="line-link"
                    onClick={() => highlightLines(range)}
                    title="Select in the YAML"
                  >
                    line {line}
                  </button>
                ) : (
                  <span className="line-link muted">—</span>
                )}
                <span className={`severity ${d.severity}`}>{d.severity}</span>
                <code className="code">{d.code}</code>
                <span className="message">
                  {d.message}
                  {d.fix && <span className="fix"> Fix: {d.fix.title}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
