/** One attempt of a request to a pod, in words. */
import type { Attempt } from '../../engine/index.js';
import { formatMs, truncateMiddle } from './format.js';

/** "attempt 1 → api-a: connection reset after 10.5 ms". */
export function attemptLine(a: Attempt, index: number): string {
  const took = formatMs(a.endMs - a.startMs);
  const what =
    a.outcome === 'response'
      ? `${a.status ?? 'answered'} after ${took}`
      : a.outcome === 'refused'
        ? `connection refused after ${took}`
        : a.outcome === 'reset'
          ? `connection reset after ${took}`
          : `timed out after ${took}`;
  return `attempt ${index + 1} → ${truncateMiddle(a.pod ?? a.address ?? 'no pod', 60)}: ${what}`;
}
