import { useMemo } from 'react';
import { METHODS } from '../state/requestSlice.js';
import { buildRequestSpec } from '../state/requestSpec.js';
import { useAppStore } from '../state/store.js';

export function RequestBar() {
  const method = useAppStore((s) => s.method);
  const url = useAppStore((s) => s.url);
  const headersText = useAppStore((s) => s.headersText);
  const clientIp = useAppStore((s) => s.clientIp);
  const bodySize = useAppStore((s) => s.bodySize);
  const insecure = useAppStore((s) => s.insecure);
  const pending = useAppStore((s) => s.pending);
  // The address the engine used when the field is empty: its default client address.
  const usedClientIp = useAppStore((s) => s.trace?.request.clientIp ?? '');
  const setUrl = useAppStore((s) => s.setUrl);
  const setMethod = useAppStore((s) => s.setMethod);
  const setHeadersText = useAppStore((s) => s.setHeadersText);
  const setClientIp = useAppStore((s) => s.setClientIp);
  const setBodySize = useAppStore((s) => s.setBodySize);
  const setInsecure = useAppStore((s) => s.setInsecure);
  const send = useAppStore((s) => s.send);

  // Headers, a client address or a body open the options; -k alone only marks them (it
  // says so in the summary), so the graph keeps its room.
  const optionsShown = headersText.trim() !== '' || clientIp !== '' || bodySize !== '';
  const optionsSet = optionsShown || insecure;
  const problems = useMemo(
    () => buildRequestSpec({ method, url, headersText, clientIp, bodySize, insecure }).problems,
    [method, url, headersText, clientIp, bodySize, insecure],
  );

  return (
    <form
      className="request-bar"
      aria-label="Request"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="request-line">
        <label htmlFor="method" className="visually-hidden">
          Method
        </label>
        <select id="method" value={method} onChange={(e) => setMethod(e.target.value)}>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <label htmlFor="url" className="visually-hidden">
          URL
        </label>
        <div className="url-field">
          <input
            id="url"
            type="text"
            inputMode="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://shop.example.com/api"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <button type="submit" className="primary" aria-busy={pending}>
          Send
        </button>
      </div>
      <details className="request-more" open={optionsShown || undefined}>
        <summary>
          Headers, client IP, body{insecure && ', -k'}
          {optionsSet && <span className="dot" aria-label="(set)" />}
        </summary>
        <div className="request-options">
          <div className="field headers">
            <label htmlFor="headers">
              Headers <span className="hint">Name: value</span>
            </label>
            <textarea
              id="headers"
              rows={2}
              value={headersText}
              onChange={(e) => setHeadersText(e.target.value)}
              spellCheck={false}
              placeholder="X-Canary: always"
            />
          </div>
          <div className="field client-ip">
            <label htmlFor="client-ip">Client IP</label>
            <input
              id="client-ip"
              type="text"
              value={clientIp}
              onChange={(e) => setClientIp(e.target.value)}
              placeholder={usedClientIp}
              spellCheck={false}
              autoComplete="off"
            />
          </div>
          <div className="field body-size">
            <label htmlFor="body-size">Body bytes</label>
            <input
              id="body-size"
              type="text"
              inputMode="numeric"
              value={bodySize}
              onChange={(e) => setBodySize(e.target.value)}
              placeholder="0"
              autoComplete="off"
            />
          </div>
          <div className="field checkbox insecure">
            <input
              id="insecure"
              type="checkbox"
              checked={insecure}
              onChange={(e) => setInsecure(e.target.checked)}
            />
            <label htmlFor="insecure" title="Go on when the server certificate does not verify">
              Insecure <span className="hint">(curl -k)</span>
            </label>
          </div>
        </div>
      </details>
      {problems.length > 0 && (
        <ul className="request-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
