/**
 * The traffic replay: a simulation's requests as tokens flowing along the graph, drawn on a
 * canvas by an animation loop (React renders nothing per frame). Each second of simulated
 * time spawns as many tokens as the run sent in that second (times the speed), sent to pods
 * in the shares the run measured and red in the share that failed there. A token takes the
 * same real time for the whole path whatever the speed, so a faster replay shows more of
 * them at once; at most MAX_IN_FLIGHT are drawn. Requests the proxy answered itself (rate
 * limited, no route, no endpoints) stop at the controller replica, in the warning colour.
 */
import type { SimulationResult } from '../worker/protocol.js';
import type { TopologyView } from './types.js';

export const MAX_IN_FLIGHT = 800;
export const TRAVEL_MS = 1600;

interface Point {
  readonly x: number;
  readonly y: number;
}

export interface TrafficPath {
  readonly points: readonly Point[];
  /** Requests the run sent this way. */
  readonly weight: number;
  /** Share of them that failed (0–1). */
  readonly errorShare: number;
}

export interface TrafficPlan {
  readonly paths: readonly TrafficPath[];
  readonly totalWeight: number;
  /** Paths to the replicas, for requests no pod answered. */
  readonly stopped: readonly TrafficPath[];
  /** Share of the requests that no pod answered (0–1). */
  readonly stoppedShare: number;
  readonly series: SimulationResult['series'];
  readonly durationMs: number;
}

/** The ways requests went, from the run's load per pod (or per replica, when none reached a pod). */
export function planTraffic(view: TopologyView, result: SimulationResult): TrafficPlan {
  const centre = new Map(
    view.nodes.map((n) => [n.id, { x: n.x + n.width / 2, y: n.y + n.height / 2 }]),
  );
  const parent = new Map<string, string>();
  for (const e of view.edges) if (!parent.has(e.target)) parent.set(e.target, e.source);
  const chain = (id: string): Point[] => {
    const points: Point[] = [];
    const seen = new Set<string>();
    for (let at: string | undefined = id; at && !seen.has(at); at = parent.get(at)) {
      seen.add(at);
      const c = centre.get(at);
      if (c) points.push(c);
    }
    return points.reverse();
  };
  const paths: TrafficPath[] = [];
  for (const [pod, load] of Object.entries(result.perPod)) {
    const points = chain(`pod:${pod}`);
    if (points.length > 1 && load.requests > 0)
      paths.push({ points, weight: load.requests, errorShare: load.errors / load.requests });
  }
  // Requests that reached a pod: attempts on pods, less the retries among them.
  const attempts = Object.values(result.perPod).reduce((sum, l) => sum + l.requests, 0);
  const reached = Math.max(0, attempts - result.retries);
  const stoppedShare =
    result.requests > 0 ? Math.max(0, Math.min(1, 1 - reached / result.requests)) : 0;
  const stopped: TrafficPath[] = [];
  for (const [replica, load] of Object.entries(result.perReplica)) {
    const node = view.nodes.find((n) => n.kind === 'replica' && n.id.endsWith(`:${replica}`));
    const points = node ? chain(node.id) : [];
    if (points.length > 1 && load.requests > 0)
      stopped.push({ points, weight: load.requests, errorShare: 1 });
  }
  return {
    paths,
    totalWeight: paths.reduce((s, p) => s + p.weight, 0),
    stopped,
    stoppedShare: stopped.length > 0 ? (paths.length > 0 ? stoppedShare : 1) : 0,
    series: result.series,
    durationMs: result.stoppedAtMs ?? result.durationMs,
  };
}

type TokenKind = 'ok' | 'fail' | 'stopped';

interface Token {
  readonly path: TrafficPath;
  /** Real time (ms) the token has travelled. */
  age: number;
  readonly kind: TokenKind;
}

export interface TrafficFrame {
  /** Simulated time reached, in ms. */
  readonly simMs: number;
  readonly inFlight: number;
  /** Requests and errors of the seconds replayed so far. */
  readonly requests: number;
  readonly errors: number;
  readonly done: boolean;
}

/** Listeners for each frame: the panel writes its clock and counters from them. */
export const trafficFrames = new Set<(frame: TrafficFrame) => void>();

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** A seeded generator for the replay's choices (which pod, failed or not): xorshift32. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

export class TrafficPlayer {
  private tokens: Token[] = [];
  private simMs = 0;
  private owed = 0;
  private last = 0;
  private frame = 0;
  private playing = false;
  private speed = 1;
  private readonly random = xorshift(7);
  /** A token drawn once per colour and stamped with drawImage: cheaper than a path per token. */
  private readonly sprites: Readonly<Record<TokenKind, HTMLCanvasElement>>;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly plan: TrafficPlan,
    private readonly viewport: () => Viewport,
    colours: Readonly<Record<TokenKind, string>>,
  ) {
    this.sprites = {
      ok: sprite(colours.ok),
      fail: sprite(colours.fail),
      stopped: sprite(colours.stopped),
    };
    this.frame = requestAnimationFrame(this.tick);
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  setSpeed(speed: number): void {
    this.speed = speed;
  }

  restart(): void {
    this.tokens = [];
    this.simMs = 0;
    this.owed = 0;
    this.playing = true;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.tokens = [];
    this.draw();
  }

  private readonly tick = (now: number): void => {
    const dt = this.last === 0 ? 0 : Math.min(100, now - this.last);
    this.last = now;
    if (this.playing) this.advance(dt);
    this.draw();
    this.frame = requestAnimationFrame(this.tick);
  };

  private advance(dt: number): void {
    const plan = this.plan;
    const before = this.simMs;
    this.simMs = Math.min(plan.durationMs, this.simMs + dt * this.speed);
    // Spawn what the run sent in the simulated time just replayed.
    if ((plan.totalWeight > 0 || plan.stopped.length > 0) && this.simMs > before) {
      const second = plan.series[Math.floor(before / 1000)];
      const rate = second ? second.requests : 0;
      this.owed += (rate * (this.simMs - before)) / 1000;
      const errorShareNow = second && second.requests > 0 ? second.errors / second.requests : 0;
      while (this.owed >= 1) {
        this.owed -= 1;
        if (this.tokens.length >= MAX_IN_FLIGHT) continue;
        if (this.random() < plan.stoppedShare) {
          this.tokens.push({ path: this.pick(plan.stopped), age: 0, kind: 'stopped' });
          continue;
        }
        const path = this.pick(plan.paths);
        const share = path.errorShare > 0 ? path.errorShare : errorShareNow;
        this.tokens.push({ path, age: 0, kind: this.random() < share ? 'fail' : 'ok' });
      }
    }
    for (const t of this.tokens) t.age += dt;
    this.tokens = this.tokens.filter((t) => t.age < TRAVEL_MS);
    const done = this.simMs >= plan.durationMs && this.tokens.length === 0;
    if (done) this.playing = false;
    let requests = 0;
    let errors = 0;
    for (const s of plan.series) {
      if (s.second * 1000 >= this.simMs) break;
      requests += s.requests;
      errors += s.errors;
    }
    const frame: TrafficFrame = {
      simMs: this.simMs,
      inFlight: this.tokens.length,
      requests,
      errors,
      done,
    };
    for (const listener of trafficFrames) listener(frame);
  }

  private pick(paths: readonly TrafficPath[]): TrafficPath {
    let r = this.random() * paths.reduce((s, p) => s + p.weight, 0);
    for (const p of paths) {
      r -= p.weight;
      if (r <= 0) return p;
    }
    return paths[paths.length - 1] as TrafficPath;
  }

  private draw(): void {
    const canvas = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (this.tokens.length === 0) return;
    const v = this.viewport();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const r = SPRITE / 2;
    for (const t of this.tokens) {
      const p = position(t.path.points, t.age / TRAVEL_MS);
      const x = p.x * v.zoom + v.x;
      const y = p.y * v.zoom + v.y;
      if (x < -r || y < -r || x > width + r || y > height + r) continue;
      ctx.drawImage(this.sprites[t.kind], x - r, y - r);
    }
  }
}

const SPRITE = 10;

function sprite(colour: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = SPRITE;
  c.height = SPRITE;
  const ctx = c.getContext('2d');
  if (ctx) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(SPRITE / 2, SPRITE / 2, SPRITE / 2, 0, Math.PI * 2);
    ctx.fill();
  }
  return c;
}

/** The point a fraction of the way along a polyline (by segment, each the same time). */
function position(points: readonly Point[], fraction: number): Point {
  const segments = points.length - 1;
  const at = Math.max(0, Math.min(segments, fraction * segments));
  const i = Math.min(segments - 1, Math.floor(at));
  const a = points[i] as Point;
  const b = points[i + 1] as Point;
  const f = at - i;
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}
