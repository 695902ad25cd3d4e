import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ExerciseGoal } from '../../engine/index.js';
import type { LoadedPack } from './exerciseStore.js';
import { encodePackLink } from './packLink.js';
import { RichText } from './RichText.js';

/** A goal in one line: what it checks, as the YAML says it. */
function goalDetail(goal: ExerciseGoal): string {
  switch (goal.kind) {
    case 'request': {
      const parts = Object.entries(goal.expect)
        .filter(([k]) => k !== 'source' && k !== 'sources')
        .map(([k, v]) => expectation(k, v));
      return `${goal.request.method ?? 'GET'} ${goal.request.url} → ${parts.join(', ')}`;
    }
    case 'diagnostic':
      return `lint ${goal.present ? 'reports' : 'does not report'} ${goal.code}${goal.resource ? ` about ${goal.resource}` : ''}`;
    case 'simulation':
      return `simulation: ${goal.thresholds
        .map(
          (t) =>
            `${t.metric}${t.status ? ` ${t.status}` : ''}${t.service ? ` ${t.service}` : ''}${t.min !== undefined ? ` ≥ ${t.min}` : ''}${t.max !== undefined ? ` ≤ ${t.max}` : ''}`,
        )
        .join(', ')}`;
  }
}

/**
 * A pack at a glance for the person running the workshop: every exercise with its story,
 * goals, hints, solution and explanation. Printable (the rest of the page is hidden when
 * printing), and with a link that opens the pack in anyone's page.
 */
export function InstructorView({ pack, onClose }: { pack: LoadedPack; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState(false);
  const link = useMemo(
    () => `${location.origin}${location.pathname}${location.search}#${encodePackLink(pack.files)}`,
    [pack.files],
  );

  useEffect(() => {
    const root = document.documentElement;
    root.dataset['exerciseView'] = 'instructor';
    close.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      delete root.dataset['exerciseView'];
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

  const copy = (): void => {
    void navigator.clipboard?.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return createPortal(
    <div className="instructor-view" role="dialog" aria-modal="true" aria-labelledby="iv-title">
      <header className="iv-head">
        <h1 id="iv-title">Instructor view: {pack.label}</h1>
        <span className="hint">{pack.exercises.length} exercises</span>
        <div className="iv-actions">
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" ref={close} onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <section className="iv-share" aria-label="Share this pack">
        <label htmlFor="iv-link">Link to this pack (learners open it in their own page)</label>
        <div className="iv-link-row">
          <input id="iv-link" readOnly value={link} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
        <p className="hint">
          {link.length.toLocaleString('en')} characters. The pack travels in the link itself;
          nothing is uploaded.
        </p>
      </section>
      <nav className="iv-toc" aria-label="Exercises in the pack">
        <ol>
          {pack.exercises.map((e) => (
            <li key={e.name}>
              <a href={`#iv-${e.name}`} onClick={(ev) => jump(ev, e.name)}>
                {e.title}
              </a>{' '}
              <span className={`difficulty ${e.difficulty}`}>{e.difficulty}</span>
            </li>
          ))}
        </ol>
      </nav>
      {pack.exercises.map((e, i) => (
        <article key={e.name} id={`iv-${e.name}`} className="iv-exercise">
          <h2>
            {i + 1}. {e.title}
          </h2>
          <p className="exercise-meta">
            <span className={`difficulty ${e.difficulty}`}>{e.difficulty}</span>
            <code>{e.name}</code>
            {e.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </p>
          <RichText text={e.story} className="story" />
          <h3>Goals</h3>
          <ol className="iv-goals">
            {e.goals.map((g) => (
              <li key={g.id}>
                {g.title}
                <span className="goal-why">{goalDetail(g)}</span>
              </li>
            ))}
          </ol>
          <h3>Hints</h3>
          <ol>
            {e.hints.map((h, j) => (
              <li key={j}>
                <RichText text={h} />
              </li>
            ))}
          </ol>
          {e.scenario && (
            <>
              <h3>Scenario (how the pods behave; not the learner's to edit)</h3>
              <pre className="iv-solution">{e.scenario.text}</pre>
            </>
          )}
          <h3>Solution</h3>
          <pre className="iv-solution">{e.solution.text}</pre>
          <h3>Explanation</h3>
          <RichText text={e.explanation} />
        </article>
      ))}
    </div>,
    document.body,
  );
}

/** In-page links without touching the URL fragment (it may hold a pack link). */
function jump(ev: React.MouseEvent, name: string): void {
  ev.preventDefault();
  document.getElementById(`iv-${name}`)?.scrollIntoView();
}

/** One expected field of a request goal, in words. */
function expectation(key: string, value: unknown): string {
  if (key === 'status' && Array.isArray(value)) return `status ${value.join(' or ')}`;
  if (key === 'noResponse') return value ? 'no response' : 'a response';
  if (key === 'backend') {
    if (value === null) return 'no pod answers';
    const b = value as { namespace?: string; service?: string; port?: unknown; pod?: string };
    const service = b.service !== undefined ? `${b.namespace ?? ''}/${b.service}` : '';
    const port = b.port !== undefined ? `:${String(b.port)}` : '';
    return `backend ${service}${port}${b.pod !== undefined ? ` (pod ${b.pod}…)` : ''}`;
  }
  if (key === 'redirect') return value === null ? 'no redirect' : `redirect to ${String(value)}`;
  if (typeof value === 'string' || typeof value === 'number') return `${key} ${value}`;
  return `${key} ${JSON.stringify(value, dropSource)}`;
}

function dropSource(key: string, value: unknown): unknown {
  return key === 'source' || key === 'sources' ? undefined : value;
}
