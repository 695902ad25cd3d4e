import { useDock } from './dock.js';

/** The header's button that opens (or closes) the exercise panel. */
export function ExercisesButton() {
  const open = useDock((s) => s.open);
  const setOpen = useDock((s) => s.setOpen);
  return (
    <button
      type="button"
      aria-pressed={open}
      aria-controls="exercise-panel"
      onClick={() => setOpen(!open)}
      title="Workshop exercises that grade themselves"
    >
      Exercises
    </button>
  );
}
