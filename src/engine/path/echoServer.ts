/**
 * The Gateway API conformance echo server (image registry.k8s.io/gateway-api/conformance/
 * echo-basic), which the upstream suite and many tutorials deploy as the backend. Its
 * answers depend on the request, so a pod running it is modelled from the request
 * itself ([GW] conformance/echo-basic/echo-basic.go; test/conformance/data/README.md):
 *   ?delay=1s            sleeps that long before answering (Go time.ParseDuration);
 *   ?responseCode=503    fails with that status (absent: resets the connection) ...
 *   ?succeedAfter=2      ... for the first 2 attempts of the request, then answers 200;
 *   ?delayRetry=300ms    waits that long before each failing answer;
 *   X-Echo-Set-Header: Name:value,Other:value   adds those headers to its response.
 */
import type { PodInfo } from '../model/cluster.js';
import type { PodConditions } from '../sim/attempts.js';
import { parseQuery } from './routeMatch.js';

export const ECHO_BASIC_IMAGE = 'gateway-api/conformance/echo-basic';

const byCluster = new WeakMap<readonly PodInfo[], Map<string, boolean>>();

/** Does this pod run the conformance echo server? */
export function runsEchoBasic(pods: readonly PodInfo[], pod: string): boolean {
  let map = byCluster.get(pods);
  if (!map) {
    map = new Map(
      pods.map((p) => [p.name, p.containers.some((c) => c.image.includes(ECHO_BASIC_IMAGE))]),
    );
    byCluster.set(pods, map);
  }
  return map.get(pod) ?? false;
}

/** Go's time.ParseDuration for the units the suite uses (h, m, s, ms, us, ns), in ms. */
export function parseGoDuration(text: string): number | undefined {
  const units: Readonly<Record<string, number>> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 0.001,
    µs: 0.001,
    ns: 0.000001,
  };
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

export interface EchoScript {
  readonly script?: NonNullable<PodConditions['script']>;
  /** Headers X-Echo-Set-Header asks the server to add to its response. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** What the query asked for, in words. */
  readonly notes: readonly string[];
}

export function echoScript(
  query: string,
  headers: readonly (readonly [string, string])[],
): EchoScript {
  const params = new Map<string, string>();
  for (const [k, v] of parseQuery(query)) if (!params.has(k)) params.set(k, v);
  const notes: string[] = [];
  const delay = params.get('delay');
  const delayMs = delay !== undefined ? parseGoDuration(delay) : undefined;
  if (delayMs !== undefined) notes.push(`delay=${delay ?? ''} makes it wait ${delayMs} ms`);
  const code = params.get('responseCode');
  const after = params.get('succeedAfter');
  const failStatus = code !== undefined && /^\d{3}$/.test(code) ? Number(code) : undefined;
  const failFirst =
    after !== undefined && /^\d+$/.test(after)
      ? Number(after)
      : failStatus !== undefined
        ? Number.POSITIVE_INFINITY
        : 0;
  const retryDelay = params.get('delayRetry');
  const failDelayMs = (retryDelay !== undefined ? parseGoDuration(retryDelay) : undefined) ?? 0;
  if (failFirst > 0)
    notes.push(
      `it ${failStatus !== undefined ? `answers ${failStatus}` : 'resets the connection'} for the first ${Number.isFinite(failFirst) ? failFirst : 'every'} attempt(s)${failDelayMs > 0 ? ` after ${failDelayMs} ms` : ''}${Number.isFinite(failFirst) ? ', then 200' : ''}`,
    );
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'x-echo-set-header') continue;
    for (const kv of value.split(',')) {
      const trimmed = kv.trim();
      const colon = trimmed.indexOf(':');
      const key = colon < 0 ? trimmed : trimmed.slice(0, colon);
      const v = colon < 0 ? '' : trimmed.slice(colon + 1);
      if (!key) continue;
      responseHeaders[key] =
        responseHeaders[key] === undefined ? v : `${responseHeaders[key]},${v.trim()}`;
    }
  }
  const script =
    failFirst > 0 || delayMs !== undefined
      ? {
          failFirst,
          failDelayMs,
          ...(failStatus !== undefined ? { failStatus } : {}),
          ...(delayMs !== undefined ? { latencyMs: delayMs } : {}),
        }
      : undefined;
  return { ...(script ? { script } : {}), responseHeaders, notes };
}
