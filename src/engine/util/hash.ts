/** Small deterministic hashes for generated names (pod names, request ids). Not for security. */

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// The alphabet Kubernetes uses for generated suffixes (k8s.io/apimachinery rand.String): no vowels, no 0/1/3.
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A Kubernetes-looking suffix of `length` characters, derived from `seed`. */
export function safeSuffix(seed: string, length: number): string {
  let h = fnv1a(seed);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % 6 === 0) h = fnv1a(`${seed}:${i}:${h}`);
    out += SAFE[h % SAFE.length];
    h = Math.floor(h / SAFE.length);
  }
  return out;
}
