import { useEffect, useState, type KeyboardEvent } from 'react';
import type { LifecycleStageId, StageId } from '../../engine/index.js';
import { useAppStore } from '../state/store.js';
import { SourceLink } from './SourceLink.js';

/** The trace stage whose graph nodes stand for each lifecycle stage (null: none). */
const GRAPH_STAGE: Readonly<Record<LifecycleStageId, StageId | null>> = {
  apiServer: null,
  controllerWatch: 'controller',
  configGenerated: 'controller',
  tlsSecret: 'tls',
  proxyUpdate: 'controller',
  dns: 'dns',
  loadBalancer: 'l4lb',
  tlsTermination: 'tls',
  routeMatching: 'match',
  backendSelection: 'endpoints',
  forwarded: 'upstream',
};

export const AUTOPLAY_MS = 2500;

/**
 * The eleven stages from `kubectl apply` to the pod, one at a time: previous/next, arrow
 * keys, autoplay. The graph lights the component of the stage shown.
 */
export function LifecyclePanel() {
  const lc = useAppStore((s) => s.lifecycle);
  const step = useAppStore((s) => s.lifecycleStep);
  const setStep = useAppStore((s) => s.setLifecycleStep);
  const selectStage = useAppStore((s) => s.selectStage);
  const [playing, setPlaying] = useState(false);
  const stage = lc?.stages[step];

  useEffect(() => {
    selectStage(stage ? GRAPH_STAGE[stage.id] : null);
  }, [stage, selectStage]);

  useEffect(() => {
    if (!playing) return;
    const id = setTimeout(() => {
      if (step >= 10) setPlaying(false);
      else setStep(step + 1);
    }, AUTOPLAY_MS);
    return () => clearTimeout(id);
  }, [playing, step, setStep]);

  if (!lc) return <p className="hint panel-pad">Working out the lifecycle…</p>;

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    const to =
      e.key === 'ArrowRight'
        ? step + 1
        : e.key === 'ArrowLeft'
          ? step - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? 10
              : null;
    if (to === null) return;
    e.preventDefault();
    setStep(to);
  };

  return (
    <section className="lifecycle panel-pad" aria-label="Lifecycle" onKeyDown={onKeyDown}>
      <p className="lifecycle-summary">{lc.summary}</p>
      <div className="stepper-bar">
        <button type="button" onClick={() => setStep(step - 1)} disabled={step === 0}>
          ← Previous
        </button>
        <ol className="stepper" aria-label="Lifecycle stages">
          {lc.stages.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className={`step ${s.outcome}${i === step ? ' current' : ''}`}
                aria-current={i === step ? 'step' : undefined}
                title={`${s.step}. ${s.title}`}
                onClick={() => setStep(i)}
              >
                {s.step}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => setStep(step + 1)} disabled={step === 10}>
          Next →
        </button>
        <button
          type="button"
          onClick={() => {
            if (!playing && step === 10) setStep(0);
            setPlaying(!playing);
          }}
          aria-pressed={playing}
        >
          {playing ? 'Pause' : 'Autoplay'}
        </button>
      </div>
      {stage && (
        <article className={`lifecycle-stage ${stage.outcome}`} aria-live="polite">
          <h3>
            <span className={`badge ${stage.outcome === 'warning' ? 'assumed' : stage.outcome}`}>
              {stage.outcome}
            </span>{' '}
            {stage.step}. {stage.title}
          </h3>
          <p className="hint">
            {stage.component} · {stage.startMs.toFixed(0)}–{stage.endMs.toFixed(0)} ms after kubectl
            apply
          </p>
          <p className="stage-summary">{stage.summary}</p>
          <p>{stage.happens}</p>
          <p className="hint">Time: {stage.timing}</p>
          {stage.visible.length > 0 && (
            <>
              <h4>What you would see</h4>
              <pre className="log">{stage.visible.join('\n')}</pre>
            </>
          )}
          {stage.problems.length > 0 && (
            <>
              <h4>What can go wrong here</h4>
              <ul className="lifecycle-problems">
                {stage.problems.map((p, i) => (
                  <li key={i} className={p.severity}>
                    <strong>{p.what}</strong> — {p.symptom}
                    {p.source && <SourceLink source={p.source} />}
                  </li>
                ))}
              </ul>
            </>
          )}
          {stage.sources.length > 0 && (
            <p className="sources">
              <span className="label">From</span>
              {stage.sources.slice(0, 6).map((s, i) => (
                <SourceLink key={i} source={s} />
              ))}
            </p>
          )}
        </article>
      )}
    </section>
  );
}
