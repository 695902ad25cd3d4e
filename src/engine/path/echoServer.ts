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
import type { RequestScript } from '../sim/attempts.js';
import { parseGoDurationMs } from '../util/units.js';
import { parseQuery } from './routeMatch.js';

export const ECHO_BASIC_IMAGE = 'gateway-api/conformance/echo-basic';

/**
 * Does this pod run the conformance echo server? Asked once per pod, by the behaviour
 * index (sim/pods.ts) that both `trace` and `simulate` take a pod's behaviour from.
 */
export function runsEchoBasic(pod: PodInfo): boolean {
  return pod.containers.some((c) => c.image.includes(ECHO_BASIC_IMAGE));
}

/** A duration parameter, as the server reads it with Go's time.ParseDuration; a negative one does not wait. */
function durationParam(text: string | undefined): number | undefined {
  const ms = text !== undefined ? parseGoDurationMs(text) : undefined;
  return ms !== undefined && ms >= 0 ? ms : undefined;
}

export interface EchoScript {
  readonly script?: RequestScript;
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
  const delayMs = durationParam(delay);
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
  const failDelayMs = durationParam(retryDelay) ?? 0;
  if (failFirst > 0)
    notes.push(
      `it ${failStatus !== undefined ? `answers ${failStatus}` : 'resets the connection'} ${Number.isFinite(failFirst) ? `for the first ${failFirst} attempt(s)` : 'for every attempt'}${failDelayMs > 0 ? ` after ${failDelayMs} ms` : ''}${Number.isFinite(failFirst) ? ', then 200' : ''}`,
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

/** What a request asks of the echo server: the query of `forwardedPath` (path?query, as the pod receives it). */
export function echoRequest(
  forwardedPath: string,
  headers: readonly (readonly [string, string])[],
): EchoScript {
  const q = forwardedPath.indexOf('?');
  return echoScript(q < 0 ? '' : forwardedPath.slice(q + 1), headers);
}
