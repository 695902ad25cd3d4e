import type { Candidate } from '../../engine/index.js';
import { SourceLink } from './SourceLink.js';

/** The routes the match stage weighed: the winner and why the others lost. */
export function Candidates({ candidates }: { readonly candidates: readonly Candidate[] }) {
  const lost = candidates.filter((c) => !c.matched).length;
  return (
    <div className="candidates">
      <h4>
        Candidates <span className="hint">{lost} lost</span>
      </h4>
      <ul>
        {candidates.map((c, i) => (
          <li key={`${c.label}-${i}`} className={c.matched ? 'won' : 'lost'}>
            <span className={`badge ${c.matched ? 'won' : 'lost'}`}>
              {c.matched ? 'won' : 'lost'}
            </span>
            <code>{c.label}</code>
            <span className="reason">{c.reason}</span>
            {c.source && <SourceLink source={c.source} compact />}
          </li>
        ))}
      </ul>
    </div>
  );
}
