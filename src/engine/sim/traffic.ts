/** Arrival times for a traffic entry: constant, Poisson, one burst a second, or a ramp. */
import type { TrafficPattern, TrafficSpec } from '../model/scenario.js';
import type { Random } from '../util/random.js';
import { exponential } from './distributions.js';
import { asLiteral } from './literals.js';

const PATTERNS: readonly TrafficPattern[] = ['constant', 'poisson', 'burst', 'ramp'];

export class ArrivalStream {
  private k = 0;
  private t: number;
  private readonly endMs: number;
  /** spec.pattern as the literal: compute() switches on it for every arrival. */
  private readonly pattern: TrafficPattern;

  constructor(
    readonly spec: TrafficSpec,
    readonly index: number,
    scenarioEndMs: number,
    private readonly rng: Random,
  ) {
    this.t = spec.startMs;
    this.pattern = asLiteral(spec.pattern, PATTERNS);
    this.endMs = Math.min(
      scenarioEndMs,
      spec.durationMs === undefined ? scenarioEndMs : spec.startMs + spec.durationMs,
    );
    this.nextTime = this.compute();
  }

  /** Time of the next arrival, or Infinity when the stream is done. */
  nextTime: number;

  /** Which client sends the next request (they take turns). */
  get client(): number {
    return this.k % this.spec.clients;
  }

  advance(): void {
    this.k++;
    this.nextTime = this.compute();
  }

  private compute(): number {
    const { ratePerSec, startMs } = this.spec;
    if (ratePerSec <= 0) return Infinity;
    let t: number;
    switch (this.pattern) {
      case 'constant':
        t = startMs + (this.k * 1000) / ratePerSec;
        break;
      case 'poisson':
        t = this.k === 0 ? startMs : this.t + exponential(this.rng, 1000 / ratePerSec);
        break;
      case 'burst': {
        // All of a second's requests arrive together at the start of that second.
        const perSecond = Math.max(1, Math.round(ratePerSec));
        t = startMs + Math.floor(this.k / perSecond) * 1000;
        break;
      }
      case 'ramp': {
        // Rate grows linearly from 0 to ratePerSec over the stream: the k-th arrival is at sqrt(2·D·k / rate).
        const d = Math.max(1, this.endMs - startMs) / 1000;
        t = startMs + 1000 * Math.sqrt((2 * d * (this.k + 1)) / ratePerSec);
        break;
      }
    }
    this.t = t;
    return t < this.endMs ? t : Infinity;
  }
}

/** A client's address: 198.51.100.0/24 first (documentation range), then 100.64.0.0/10. */
export function clientAddress(index: number): string {
  if (index < 254) return `198.51.100.${index + 1}`;
  const n = index - 254;
  return `100.${64 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}
