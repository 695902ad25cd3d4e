/**
 * The engine's only source of randomness: a seeded generator passed down explicitly,
 * so the same manifests, request and seed give the same answer byte for byte.
 * mulberry32: tiny, fast, and plenty for load-balancing and canary draws.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [1, n], like Lua's math.random(n) that ingress-nginx uses. */
  int1(n: number): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
  /** Standard normal (Box–Muller; each pair of uniforms gives two, the second kept for the next call). */
  normal(): number;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  return {
    next,
    int1: (n) => 1 + Math.floor(next() * n),
    below: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      let u = next();
      if (u <= Number.MIN_VALUE) u = Number.MIN_VALUE;
      const r = Math.sqrt(-2 * Math.log(u));
      const angle = 2 * Math.PI * next();
      spare = r * Math.sin(angle);
      return r * Math.cos(angle);
    },
  };
}
