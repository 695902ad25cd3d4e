import type { Stage } from '../../engine/index.js';
import { StageItem } from './StageItem.js';

export function StageList({ stages }: { readonly stages: readonly Stage[] }) {
  return (
    <ol className="stages" aria-label="Stages">
      {stages.map((stage) => (
        <StageItem key={stage.id} stage={stage} />
      ))}
    </ol>
  );
}
