/** The canvas the traffic replay draws on, over the graph (a child of <ReactFlow>). */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../state/store.js';
import { planTraffic, TrafficPlayer, trafficFrames } from './traffic.js';

export function TrafficCanvas() {
  const sim = useAppStore((s) => s.simulation);
  const view = useAppStore((s) => s.topology);
  const traffic = useAppStore((s) => s.traffic);
  const speed = useAppStore((s) => s.trafficSpeed);
  const restart = useAppStore((s) => s.trafficRestart);
  const setTraffic = useAppStore((s) => s.setTraffic);
  const flow = useReactFlow();
  const canvas = useRef<HTMLCanvasElement>(null);
  const player = useRef<TrafficPlayer | null>(null);
  const latest = useRef({ traffic, speed, view });
  useEffect(() => {
    latest.current = { traffic, speed, view };
  });
  // The replay draws by position: it starts again when nodes move, not when only their text
  // changes (a value typed in the YAML while the replay runs).
  const placement = view?.placement;

  useEffect(() => {
    const el = canvas.current;
    const view = latest.current.view;
    if (!el || !sim || !view || placement === undefined) return;
    const css = getComputedStyle(document.documentElement);
    const p = new TrafficPlayer(el, planTraffic(view, sim.result), () => flow.getViewport(), {
      ok: css.getPropertyValue('--path').trim() || '#0a58ca',
      fail: css.getPropertyValue('--fail').trim() || '#b42318',
      stopped: css.getPropertyValue('--warn').trim() || '#8a4b00',
    });
    p.setSpeed(latest.current.speed);
    if (latest.current.traffic === 'playing') p.play();
    player.current = p;
    const onFrame = (frame: { done: boolean }): void => {
      if (frame.done) setTraffic('paused');
    };
    trafficFrames.add(onFrame);
    return () => {
      trafficFrames.delete(onFrame);
      p.destroy();
      player.current = null;
    };
  }, [sim, placement, flow, setTraffic]);

  useEffect(() => player.current?.setSpeed(speed), [speed]);
  useEffect(() => {
    if (traffic === 'playing') player.current?.play();
    else player.current?.pause();
  }, [traffic]);
  useEffect(() => {
    if (restart > 0) player.current?.restart();
  }, [restart]);

  return (
    <canvas
      ref={canvas}
      className="traffic-canvas"
      data-testid="traffic-canvas"
      aria-hidden="true"
    />
  );
}
