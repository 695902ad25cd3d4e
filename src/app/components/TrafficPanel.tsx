import { useEffect, useRef } from 'react';
import { trafficFrames, type TrafficFrame } from '../topology/traffic.js';
import { useAppStore } from '../state/store.js';
import type { SimulationResult } from '../worker/protocol.js';

const SPEEDS = [1, 5, 20, 100] as const;

/**
 * Traffic: run the Scenario (the YAML's, else a default one) in the engine worker, then
 * replay it on the graph. The clock, counters and chart cursors are written straight into
 * the DOM from the replay's frames, not through React state.
 */
export function TrafficPanel() {
  const sim = useAppStore((s) => s.simulation);
  const yaml = useAppStore((s) => s.yaml);
  const traffic = useAppStore((s) => s.traffic);
  const speed = useAppStore((s) => s.trafficSpeed);
  const pending = useAppStore((s) => s.pending);
  const runScenario = useAppStore((s) => s.runScenario);
  const setTraffic = useAppStore((s) => s.setTraffic);
  const setSpeed = useAppStore((s) => s.setTrafficSpeed);
  const restart = useAppStore((s) => s.restartTraffic);
  const clearSimulation = useAppStore((s) => s.clearSimulation);
  const clock = useRef<HTMLOutputElement>(null);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!sim) return;
    const duration = sim.result.stoppedAtMs ?? sim.result.durationMs;
    const cursors = root.current?.querySelectorAll<SVGLineElement>('line.cursor') ?? [];
    const onFrame = (f: TrafficFrame): void => {
      if (clock.current)
        clock.current.textContent = `${(f.simMs / 1000).toFixed(1)} s of ${(duration / 1000).toFixed(0)} s · ${f.requests} requests, ${f.errors} errors · ${f.inFlight} in flight`;
      const x = String((f.simMs / Math.max(1, duration)) * CHART_W);
      for (const c of cursors) {
        c.setAttribute('x1', x);
        c.setAttribute('x2', x);
      }
    };
    trafficFrames.add(onFrame);
    return () => void trafficFrames.delete(onFrame);
  }, [sim]);

  if (!sim) {
    return (
      <section className="traffic panel-pad" aria-label="Traffic">
        <p>
          Run the Scenario in the YAML (a document of <code>kind: Scenario</code>: how pods behave,
          the traffic, the faults), or without one, 10 requests a second from 5 clients to the first
          host, for 10 s. It runs in the engine worker in simulated time, then plays on the graph.
        </p>
        <button type="button" className="primary" onClick={runScenario} disabled={pending}>
          Run the Scenario
        </button>
      </section>
    );
  }

  const r = sim.result;
  const stale = sim.yaml !== yaml;
  return (
    <section ref={root} className="traffic panel-pad" aria-label="Traffic">
      <div className="traffic-controls">
        <button
          type="button"
          className="primary"
          onClick={() => setTraffic(traffic === 'playing' ? 'paused' : 'playing')}
        >
          {traffic === 'playing' ? 'Pause' : 'Play'}
        </button>
        <label htmlFor="traffic-speed">Speed</label>
        <select id="traffic-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <button type="button" onClick={restart}>
          Restart
        </button>
        <button type="button" onClick={runScenario}>
          Run again
        </button>
        <button
          type="button"
          onClick={() => {
            setTraffic('stopped');
            clearSimulation();
          }}
        >
          Cancel
        </button>
        <output ref={clock} className="traffic-clock" data-testid="traffic-clock" />
      </div>
      {stale && (
        <p className="notice-inline">The YAML changed since this run: Run again to follow it.</p>
      )}
      <p className="traffic-summary">
        <strong>{r.requests}</strong> requests in {(r.durationMs / 1000).toFixed(0)} s
        {r.stoppedEarly && ' (stopped early: the run took too long)'} · p50{' '}
        {r.latencyMs.p50.toFixed(0)} ms, p99 {r.latencyMs.p99.toFixed(0)} ms · {r.retries} retries ·{' '}
        {r.rateLimited} rate limited
      </p>
      <p className="legend hint">
        <span className="dot ok" /> answered by a pod <span className="dot fail" /> failed at the
        pod (5xx, refused, timed out) <span className="dot stopped" /> answered by the proxy itself
        (rate limit, no route, no endpoints)
      </p>
      <ul className="outcomes" aria-label="Outcomes per status">
        {Object.entries(r.outcomes).map(([status, n]) => (
          <li key={status} className={`outcome s${status.slice(0, 1)}`}>
            <strong>{status}</strong> {n}
          </li>
        ))}
      </ul>
      <div className="charts">
        <Chart title="Requests per second" series={r} pick={(s) => s.requests} />
        <Chart title="5xx and no response per second" series={r} pick={(s) => s.errors} />
        <Chart title="p99 latency (ms)" series={r} pick={(s) => s.p99} />
      </div>
      <LoadTable title="Load per pod" load={r.perPod} />
      <LoadTable title="Load per controller replica" load={r.perReplica} />
      {r.events.length > 0 && (
        <details>
          <summary>What happened when ({r.events.length})</summary>
          <ul className="events">
            {r.events.slice(0, 30).map((e, i) => (
              <li key={i}>
                <code>{(e.atMs / 1000).toFixed(1)} s</code> {e.text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

const CHART_W = 300;
const CHART_H = 60;

function Chart(props: {
  title: string;
  series: SimulationResult;
  pick: (s: SimulationResult['series'][number]) => number;
}) {
  const values = props.series.series.map(props.pick);
  const max = Math.max(1, ...values);
  const step = CHART_W / Math.max(1, values.length - 1);
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(CHART_H - (v / max) * CHART_H).toFixed(1)}`,
  );
  return (
    <figure className="chart">
      <figcaption>
        {props.title} <span className="hint">max {max.toFixed(0)}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${CHART_W} ${CHART_H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={props.title}
      >
        <polyline points={points.join(' ')} />
        <line className="cursor" x1="0" x2="0" y1="0" y2={CHART_H} />
      </svg>
    </figure>
  );
}

function LoadTable(props: {
  title: string;
  load: Readonly<Record<string, { readonly requests: number; readonly errors?: number }>>;
}) {
  const rows = Object.entries(props.load).sort((a, b) => b[1].requests - a[1].requests);
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.map(([, l]) => l.requests));
  return (
    <div className="load">
      <h4>{props.title}</h4>
      <ul>
        {rows.slice(0, 12).map(([name, l]) => (
          <li key={name}>
            <code>{name}</code>
            <span className="bar" style={{ width: `${(l.requests / max) * 100}%` }} />
            <span>
              {l.requests}
              {l.errors ? ` (${l.errors} errors)` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
