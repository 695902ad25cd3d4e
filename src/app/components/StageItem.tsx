import type { CSSProperties } from 'react';
import type { Attempt, SourceRef, Stage } from '../../engine/index.js';
import { useAppStore } from '../state/store.js';
import { Attempts } from './Attempts.js';
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

export interface StageItemProps {
  readonly stage: Stage;
  readonly attempts: readonly Attempt[];
  /** When the token reaches this stage, in ms after the answer came (CSS reveal). */
  readonly revealMs: number | null;
}

export function StageItem({ stage, attempts, revealMs }: StageItemProps) {
  const selected = useAppStore((s) => s.selectedStage === stage.id);
  const selectStage = useAppStore((s) => s.selectStage);
  const highlightLines = useAppStore((s) => s.highlightLines);
  const sources = uniqueSources(stage.sources);
  const firstSource = sources.find((s) => !s.assumed && s.range.startLine > 0);
  const style =
    revealMs === null ? undefined : ({ '--reveal-delay': `${revealMs}ms` } as CSSProperties);
  const choose = (): void => {
    selectStage(selected ? null : stage.id);
    if (!selected && firstSource) highlightLines(firstSource.range);
  };
  return (
    <li
      className={`stage ${stage.outcome}${selected ? ' selected' : ''}${revealMs !== null ? ' reveal' : ''}`}
      data-stage={stage.id}
      style={style}
    >
      <button type="button" className="stage-head" onClick={choose} aria-pressed={selected}>
        <span className={`badge ${stage.outcome}`}>{OUTCOME_LABELS[stage.outcome]}</span>
        <span className="stage-name" title={`stage id: ${stage.id}`}>
          {STAGE_LABELS[stage.id]}
        </span>
        <span className="stage-summary">{stage.summary}</span>
      </button>
      {stage.outcome !== 'skipped' && (selected || stage.outcome === 'fail') && (
        <div className="stage-body">
          <p className="stage-explanation">{stage.explanation}</p>
          {stage.assumptions && stage.assumptions.length > 0 && (
            <ul className="assumptions">
              {stage.assumptions.map((a) => (
                <li key={a}>Assumed: {a}</li>
              ))}
            </ul>
          )}
          {sources.length > 0 && (
            <p className="sources">
              <span className="label">Decided by</span>
              {sources.map((s) => (
                <SourceLink key={sourceKey(s)} source={s} />
              ))}
            </p>
          )}
          {stage.log && <pre className="log">{stage.log}</pre>}
          {stage.candidates && stage.candidates.length > 0 && (
            <Candidates candidates={stage.candidates} />
          )}
          {stage.id === 'upstream' && attempts.length > 0 && <Attempts attempts={attempts} />}
        </div>
      )}
    </li>
  );
}
