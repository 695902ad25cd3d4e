import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { Exercise, GoalResult } from '../../engine/index.js';
import { appStore } from '../state/store.js';
import { useDock } from './dock.js';
import {
  exerciseStoreFor,
  hasSimulationGoals,
  useExercises,
  type ExerciseState,
} from './exerciseStore.js';
import { InstructorView } from './InstructorView.js';
import { PackProblems } from './PackProblems.js';
import { readPackFiles } from './packLink.js';
import { RichText } from './RichText.js';
import './exercises.css';

const store = exerciseStoreFor(appStore);
const use = <T,>(selector: (s: ExerciseState) => T): T => useExercises(store, selector);

/**
 * The exercise panel, left of the editor: a pack's exercises, then the one being solved
 * (story, goals that turn green as the text changes, hints, reset, solution, explanation).
 * A pack file can be dropped on it.
 */
export function ExercisePanel() {
  const view = useDock((s) => s.view);
  const setOpen = useDock((s) => s.setOpen);
  const setView = useDock((s) => s.setView);
  const phase = use((s) => s.phase);
  const pack = use((s) => s.pack);
  const refused = use((s) => s.refused);
  const current = use((s) => s.current);
  const file = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => store.getState().start(), []);

  const open = (list: readonly File[]): void => {
    void readPackFiles(list).then((read) => {
      if (read.ok) {
        const first = read.files[0]?.file ?? 'a file';
        store
          .getState()
          .loadFiles(read.files, read.files.length > 1 ? `${read.files.length} files` : first);
      } else store.getState().refuse(`The pack was not opened: ${read.reason}.`);
    });
  };
  const onDrop = (e: DragEvent<HTMLElement>): void => {
    e.preventDefault();
    setDragging(false);
    open([...e.dataTransfer.files]);
  };
  const exercise = pack?.exercises.find((x) => x.name === current);

  return (
    <aside
      className={`panel exercise-panel${dragging ? ' dragging' : ''}`}
      id="exercise-panel"
      aria-label="Exercises"
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="panel-head exercise-head">
        <h2>Exercises</h2>
        <span className="example-name" title={pack?.label}>
          {pack ? pack.label : ''}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label="Close exercises"
          onClick={() => setOpen(false)}
        >
          ×
        </button>
      </div>
      <div className="exercise-tools">
        <button type="button" onClick={() => file.current?.click()}>
          Open pack…
        </button>
        <input
          ref={file}
          type="file"
          multiple
          accept=".yaml,.yml,text/yaml"
          hidden
          data-testid="pack-file"
          onChange={(e) => {
            open([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        {pack && pack.id !== 'builtin' && (
          <button type="button" onClick={() => store.getState().loadBuiltin()}>
            Workshop pack
          </button>
        )}
        <button
          type="button"
          disabled={!pack || pack.exercises.length === 0}
          onClick={() => setView('instructor')}
          aria-haspopup="dialog"
        >
          Instructor view
        </button>
      </div>
      <div className="exercise-body">
        {refused && (
          <p className="exercise-refused" role="alert">
            {refused}
          </p>
        )}
        {pack && <PackProblems pack={pack} />}
        {phase === 'loading' && <p className="hint">Reading the pack…</p>}
        {phase === 'ready' && pack && !exercise && <ExerciseList />}
        {phase === 'ready' && exercise && <Solving exercise={exercise} />}
        {dragging && <p className="drop-hint">Drop a pack (.yaml files) to open it</p>}
      </div>
      {view === 'instructor' && pack && (
        <InstructorView pack={pack} onClose={() => setView('panel')} />
      )}
    </aside>
  );
}

function ExerciseList() {
  const pack = use((s) => s.pack);
  const progress = use((s) => s.progress);
  if (!pack) return null;
  const mine = progress.exercises[pack.id] ?? {};
  const solved = pack.exercises.filter((e) => mine[e.name]?.solved).length;
  if (pack.exercises.length === 0)
    return <p className="hint">This pack holds no exercise the page can read.</p>;
  return (
    <>
      <p className="hint">
        {solved} of {pack.exercises.length} solved. Pick one: its starting YAML replaces the
        editor's (your text is kept, and a button puts it back).
      </p>
      <ol className="exercise-list">
        {pack.exercises.map((e) => {
          const p = mine[e.name];
          return (
            <li key={e.name}>
              <button
                type="button"
                data-exercise={e.name}
                onClick={() => store.getState().choose(e.name)}
              >
                <span className="exercise-title">{e.title}</span>
                <span className={`difficulty ${e.difficulty}`}>{e.difficulty}</span>
                {p?.solved && (
                  <span className="solved-mark" title="Solved">
                    ✓ solved{p.revealed ? ' (solution shown)' : ''}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}

type GoalState = 'met' | 'unmet' | 'pending';

function goalState(goal: GoalResult, simulated: boolean): GoalState {
  if (goal.met) return 'met';
  return goal.kind === 'simulation' && !simulated ? 'pending' : 'unmet';
}

const GOAL_MARK: Readonly<Record<GoalState, string>> = { met: '✓', unmet: '✗', pending: '…' };
const GOAL_WORD: Readonly<Record<GoalState, string>> = {
  met: 'met',
  unmet: 'not met',
  pending: 'not simulated yet',
};

function Solving({ exercise }: { exercise: Exercise }) {
  const pack = use((s) => s.pack);
  const grade = use((s) => s.grade);
  const simulated = use((s) => s.simulated);
  const grading = use((s) => s.grading);
  const gradeError = use((s) => s.gradeError);
  const progress = use((s) => s.progress);
  const [confirming, setConfirming] = useState(false);
  const entry = pack ? progress.exercises[pack.id]?.[exercise.name] : undefined;
  const hintsShown = Math.min(entry?.hints ?? 0, exercise.hints.length);
  const needsSimulation = hasSimulationGoals(exercise);
  const solved = grade?.solved === true && (simulated || !needsSimulation);
  const index = pack?.exercises.indexOf(exercise) ?? -1;
  const next = pack?.exercises[index + 1];
  const backup = progress.backup;
  const s = store.getState();

  return (
    <article className="exercise" data-exercise={exercise.name}>
      <button type="button" className="link-button" onClick={() => s.choose(null)}>
        ← All exercises
      </button>
      <h3>
        {index >= 0 && <span className="exercise-number">{index + 1}. </span>}
        {exercise.title}
      </h3>
      <p className="exercise-meta">
        <span className={`difficulty ${exercise.difficulty}`}>{exercise.difficulty}</span>
        {exercise.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </p>
      <RichText text={exercise.story} className="story" />
      {exercise.scenario && (
        <details className="scenario">
          <summary>How the pods behave and the traffic (read only)</summary>
          <p className="hint">
            The goals are graded with this Scenario, and the trace beside the editor uses it too
            (instead of any Scenario in the editor).
          </p>
          <pre>{exercise.scenario.text}</pre>
        </details>
      )}

      <section aria-labelledby="goals-title" className="goals">
        <div className="goals-head">
          <h4 id="goals-title">
            Goals{' '}
            {grade && (
              <span className="goal-count" data-testid="goal-count">
                {grade.met} of {grade.total} met
              </span>
            )}
          </h4>
          <button type="button" onClick={() => s.check()} disabled={grading}>
            {grading ? 'Checking…' : 'Check'}
          </button>
        </div>
        <ul className="goal-list" aria-live="polite">
          {exercise.goals.map((g) => {
            const result = grade?.goals.find((r) => r.id === g.id);
            const state = result ? goalState(result, simulated) : 'pending';
            return (
              <li key={g.id} className={`goal ${state}`} data-goal={g.id} data-state={state}>
                <span className="goal-mark" aria-hidden="true">
                  {GOAL_MARK[state]}
                </span>
                <span className="goal-text">
                  <span className="visually-hidden">{GOAL_WORD[state]}: </span>
                  {g.title}
                  {result && state !== 'met' && (
                    <span className="goal-why">
                      {state === 'pending'
                        ? 'Checked by a simulation: press Check, or pause typing.'
                        : result.why}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
        {gradeError && <p className="exercise-refused">{gradeError}</p>}
        {grade?.notes.map((n) => (
          <p key={n} className="hint">
            {n}
          </p>
        ))}
      </section>

      {solved && (
        <section className="explanation" aria-labelledby="solved-title" data-testid="explanation">
          <h4 id="solved-title">Solved{entry?.revealed ? ' (with the solution)' : ''}</h4>
          <RichText text={exercise.explanation} />
          {next && (
            <button type="button" onClick={() => s.choose(next.name)}>
              Next: {next.title}
            </button>
          )}
        </section>
      )}

      <section aria-labelledby="hints-title" className="hints">
        <h4 id="hints-title">Hints</h4>
        {hintsShown > 0 && (
          <ol className="hint-list">
            {exercise.hints.slice(0, hintsShown).map((h, i) => (
              <li key={i}>
                <RichText text={h} />
              </li>
            ))}
          </ol>
        )}
        {hintsShown < exercise.hints.length ? (
          <button type="button" onClick={() => s.showHint()}>
            {hintsShown === 0 ? 'Show a hint' : 'Show the next hint'} (
            {exercise.hints.length - hintsShown} left)
          </button>
        ) : (
          <p className="hint">No more hints.</p>
        )}
      </section>

      <section className="exercise-actions" aria-label="Start again or see the solution">
        <button type="button" onClick={() => s.reset()}>
          Reset
        </button>
        {confirming ? (
          <div className="confirm" role="group" aria-label="Show the solution?">
            <p>
              The solution replaces the text in the editor. Yours is kept: “Put back” brings it
              back.
            </p>
            <button
              type="button"
              className="primary"
              onClick={() => {
                setConfirming(false);
                s.reveal();
              }}
            >
              Show the solution
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Reveal solution…
          </button>
        )}
        {backup && (
          <p className="backup">
            <button type="button" onClick={() => s.putBack()}>
              Put back {backup.label}
            </button>
          </p>
        )}
      </section>
    </article>
  );
}
