import type { Attempt, Stage } from '../../engine/index.js';
import { HOP_MS } from '../topology/token.js';
import type { TracePath } from '../topology/types.js';
import { StageItem } from './StageItem.js';

/** When the token reaches each stage's first node, so the list lights up in step with it. */
function revealTimes(path: TracePath | null): Map<string, number> {
  const times = new Map<string, number>();
  path?.hops.forEach((h, i) => {
    if (!times.has(h.stage)) times.set(h.stage, i * HOP_MS);
  });
  return times;
}

export function StageList(props: {
  readonly stages: readonly Stage[];
  readonly attempts: readonly Attempt[];
  readonly path: TracePath | null;
}) {
  const times = revealTimes(props.path);
  return (
    <ol className="stages" aria-label="Stages">
      {props.stages.map((stage) => (
        <StageItem
          key={stage.id}
          stage={stage}
          attempts={props.attempts}
          revealMs={times.get(stage.id) ?? null}
        />
      ))}
    </ol>
  );
}
