/** Latency samples from the Scenario's models, drawn from the one seeded generator. */
import type { LatencyModel } from '../model/scenario.js';
import type { Random } from '../util/random.js';

/** z such that P(Z ≤ z) = 0.99 for a standard normal. */
const Z99 = 2.3263478740408408;

export interface LatencySampler {
  sample(rng: Random): number;
  /** The median, for a single traced request. */
  readonly median: number;
}

// Samplers are classes rather than closures: their sample method is the same function in
// every simulation, so the optimized code of the attempts that call it stays valid from one
// run to the next (a new closure is a new call target, and code that inlined the old one
// is thrown away).

class FixedLatency implements LatencySampler {
  constructor(readonly median: number) {}

  sample(): number {
    return this.median;
  }
}

class LogNormalLatency implements LatencySampler {
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
    readonly median: number,
  ) {}

  sample(rng: Random): number {
    return Math.exp(this.mu + this.sigma * rng.normal());
  }
}

export function latencySampler(model: LatencyModel): LatencySampler {
  if (model.kind === 'fixed') return new FixedLatency(model.ms);
  // Log-normal through p50 and p99: mu = ln p50, sigma = (ln p99 - ln p50) / z99.
  const mu = Math.log(Math.max(model.p50, 0.001));
  const sigma = (Math.log(Math.max(model.p99, 0.001)) - mu) / Z99;
  return new LogNormalLatency(mu, sigma, model.p50);
}

export function exponential(rng: Random, mean: number): number {
  let u = rng.next();
  if (u <= Number.MIN_VALUE) u = Number.MIN_VALUE;
  return -Math.log(u) * mean;
}
