import type { SourceRef, Stage } from '../../engine/index.js';
import { Candidates } from './Candidates.js';
import { SourceLink } from './SourceLink.js';
import { OUTCOME_LABELS, STAGE_LABELS } from './stageLabels.js';

function sourceKey(s: SourceRef): string {
  return `${s.kind}/${s.namespace}/${s.name}/${s.range.startLine}-${s.range.endLine}`;
}

/** Sources can repeat within a stage (the same lines cited twice); show each once. */
function uniqueSources(sources: readonly SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = sourceKey(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function StageItem({ stage }: { readonly stage: Stage }) {
  const sources = uniqueSources(stage.sources);
  return (
    <li className={`stage ${stage.outcome}`} data-stage={stage.id}>
      <div className="stage-head">
        <span className={`badge ${stage.outcome}`}>{OUTCOME_LABELS[stage.outcome]}</span>
        <h3 title={`stage id: ${stage.id}`}>{STAGE_LABELS[stage.id]}</h3>
        <p className="stage-summary">{stage.summary}</p>
      </div>
      {stage.outcome !== 'skipped' && (
        <div className="stage-body">
          <details>
            <summary>Why</summary>
            <p className="stage-explanation">{stage.explanation}</p>
            <p className="stage-id">
              Stage id <code>{stage.id}</code>, as in <code>routelab trace -o json</code>
            </p>
            {stage.assumptions && stage.assumptions.length > 0 && (
              <ul className="assumptions">
                {stage.assumptions.map((a) => (
                  <li key={a}>Assumed: {a}</li>
                ))}
              </ul>
            )}
          </details>
          {sources.length > 0 && (
            <p className="sources">
              <span className="label">From</span>
              {sources.map((s) => (
                <SourceLink key={sourceKey(s)} source={s} />
              ))}
            </p>
          )}
          {stage.log && <pre className="log">{stage.log}</pre>}
          {stage.candidates && stage.candidates.length > 0 && (
            <Candidates candidates={stage.candidates} />
          )}
        </div>
      )}
    </li>
  );
}
