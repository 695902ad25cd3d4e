import { lazy, Suspense } from 'react';
import { useDock } from './dock.js';

/** The panel and everything behind it (state, worker, pack) is a chunk of its own. */
const ExercisePanel = lazy(() =>
  import('./ExercisePanel.js').then((m) => ({ default: m.ExercisePanel })),
);

/** Where the exercise panel goes in the layout: nothing until the exercises are opened. */
export function ExerciseSlot() {
  const open = useDock((s) => s.open);
  if (!open) return null;
  return (
    <Suspense
      fallback={
        <aside className="panel exercise-panel" id="exercise-panel" aria-busy="true">
          <p className="hint">Loading the exercises…</p>
        </aside>
      }
    >
      <ExercisePanel />
    </Suspense>
  );
}
