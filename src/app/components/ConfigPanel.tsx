import { useAppStore } from '../state/store.js';
import { SourceLink } from './SourceLink.js';

const TITLES = {
  nginx: 'nginx.conf',
  xds: 'Envoy xDS',
  traefik: 'Traefik dynamic configuration',
} as const;

/** What the proxy of the controller that answered runs, read-only. */
export function ConfigPanel() {
  const config = useAppStore((s) => s.config);
  if (!config) return <p className="hint panel-pad">Rendering the configuration…</p>;
  const text = config.format === 'nginx' ? config.text : JSON.stringify(config.document, null, 2);
  return (
    <section className="config panel-pad" aria-label="Proxy configuration">
      <h3>
        {TITLES[config.format]}{' '}
        <span className="hint">of {config.controller}, generated from the YAML</span>
      </h3>
      {config.notes.length > 0 && (
        <ul className="hint config-notes">
          {config.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {config.format !== 'nginx' && config.sources.length > 0 && (
        <details className="config-sources">
          <summary>Where each part comes from ({config.sources.length})</summary>
          <ul>
            {config.sources.map((s, i) => (
              <li key={i}>
                <code>{s.path.join('.')}</code> <SourceLink source={s.source} />
              </li>
            ))}
          </ul>
        </details>
      )}
      <pre
        className="config-view"
        tabIndex={0}
        aria-label={`${TITLES[config.format]}, read-only`}
        data-testid="config-view"
      >
        {text}
      </pre>
    </section>
  );
}
