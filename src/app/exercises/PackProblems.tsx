import type { Diagnostic } from '../../engine/index.js';
import type { LoadedPack } from './exerciseStore.js';

function where(d: Diagnostic): string {
  const line = d.source?.range.startLine ?? d.range?.startLine;
  const file = d.source?.file ?? d.file;
  return [file, line !== undefined ? `line ${line}` : ''].filter(Boolean).join(', ');
}

/** What the engine's reader found wrong in a pack, each with its file and line. */
export function PackProblems({ pack }: { pack: LoadedPack }) {
  if (pack.diagnostics.length === 0) return null;
  const errors = pack.diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <details className="pack-problems" open={pack.exercises.length === 0 || errors > 0}>
      <summary>
        {pack.diagnostics.length} problem{pack.diagnostics.length === 1 ? '' : 's'} in the pack
        {pack.exercises.length > 0
          ? ` (${pack.exercises.length} exercise${pack.exercises.length === 1 ? '' : 's'} read)`
          : ''}
      </summary>
      <ul>
        {pack.diagnostics.map((d, i) => (
          <li key={i} className={`pack-problem ${d.severity}`}>
            <span className="code">{d.code}</span> <span className="where">{where(d)}</span>:{' '}
            {d.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
