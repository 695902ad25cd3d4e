/**
 * One request's trips from the proxy to the pods: connect, send, wait, and on failure
 * the family's retry rules decide whether the next endpoint gets a try. Shared by
 * `trace` (one request, fresh connections) and `simulate` (pools, time, faults), so the
 * two can never disagree about what a retry does.
 */
import type { EndpointInfo } from '../model/cluster.js';
import type { BackendBehaviour } from '../model/scenario.js';
import type { RoutePolicy } from '../model/routeTable.js';
import type { Attempt } from '../model/trace.js';
import type { Random } from '../util/random.js';
import type { LatencySampler } from './distributions.js';

/** Why one attempt failed, in the words of nginx's proxy_next_upstream. */
export type Failure =
  | { readonly kind: 'refused'; readonly sent: false }
  /** 'request': the deadline over all attempts (Envoy's route timeout) ran out. */
  | {
      readonly kind: 'timeout';
      readonly sent: boolean;
      readonly phase: 'connect' | 'read' | 'request';
    }
  | { readonly kind: 'reset'; readonly sent: true }
  /** A pooled connection the pod had just closed ("upstream prematurely closed connection"). */
  | { readonly kind: 'stale'; readonly sent: true }
  | { readonly kind: 'status'; readonly sent: true; readonly status: number };

export interface RetryRules {
  /** May the next endpoint be tried after this failure? `why` explains it when `explain` is set. */
  next(
    failure: Failure,
    ctx: {
      method: string;
      triesSoFar: number;
      elapsedMs: number;
      policy: RoutePolicy;
      explain: boolean;
    },
  ): { retry: boolean; why: string };
  /** The status the client gets when the last attempt failed this way (a pod's own status passes through). */
  statusFor(failure: Failure): number;
  /** How long to wait before retry number `retry` (1 = the first retry); none when absent. */
  backoffMs?(retry: number, policy: RoutePolicy, rng: Random): number;
}

export interface PodConditions {
  /** Something accepts connections on the target port (the container runs and listens). */
  readonly accepting: boolean;
  readonly behaviour: BackendBehaviour['behaviour'];
  readonly errorRate: number;
  readonly errorStatus: number;
  readonly latency: LatencySampler;
  /** Milliseconds since the pod started, for slowStart. */
  readonly ageMs: number;
  /** The endpoint's `ip:port`, when the caller keeps it at hand (else it is worked out here). */
  readonly address?: string;
  /**
   * The pod answers as the request asks (it runs the conformance echo server,
   * path/echoServer.ts): its attempts follow the request's `AttemptsInput.script`.
   */
  readonly scripted?: boolean;
}

/**
 * What one request asks of a pod that reads it (the conformance echo server reads it from
 * the query): the first `failFirst` attempts fail after `failDelayMs`, with `failStatus` or,
 * without one, a reset connection; `latencyMs` replaces the latency draw.
 */
export interface RequestScript {
  readonly failFirst: number;
  readonly failStatus?: number;
  readonly failDelayMs: number;
  readonly latencyMs?: number;
}

export interface ConnectionResult {
  /** Time to a usable connection: 0 when a pooled one is reused. */
  readonly ms: number;
  readonly reused: boolean;
  /** The reused connection had just been closed by the pod. */
  readonly stale: boolean;
}

export interface Connector {
  /** `endpoint` is the endpoint of `pod` being tried, for connectors that keep state per endpoint. */
  connect(pod: string, atMs: number, endpoint?: EndpointInfo): ConnectionResult;
  release(pod: string, atMs: number, endpoint?: EndpointInfo): void;
}

/** No pool: every attempt opens a new TCP connection (one round trip). */
export function freshConnections(podRttMs: number): Connector {
  return {
    connect: () => ({ ms: podRttMs, reused: false, stale: false }),
    release: () => undefined,
  };
}

export interface AttemptsInput {
  readonly method: string;
  readonly policy: RoutePolicy;
  readonly rules: RetryRules;
  /** Endpoints in the order the balancer offers them; tries wrap around. */
  readonly endpoints: readonly EndpointInfo[];
  /** Where in `endpoints` the first try goes (the balancer's pick), so callers need not rotate. */
  readonly offset?: number;
  readonly startMs: number;
  readonly podRttMs: number;
  /** The pod's conditions when an attempt starts at `atMs`. */
  readonly conditions: (ep: EndpointInfo, atMs: number) => PodConditions;
  readonly connector: Connector;
  readonly rng: Random;
  /** Use each pod's median latency instead of a draw (a single teaching trace). */
  readonly typicalLatency?: boolean;
  /** Word each retry decision for a reader (a trace); a simulation skips the strings. */
  readonly explain?: boolean;
  /** What the request asks of the pods that read it (`PodConditions.scripted`). */
  readonly script?: RequestScript | undefined;
}

export interface AttemptsResult {
  readonly attempts: readonly Attempt[];
  readonly status: number;
  /** A short reason for the outcome: 'response', 'refused', 'timeout', 'reset', 'stale', 'pod error'. */
  readonly reason: string;
  readonly endMs: number;
  /** Index into `endpoints` of the pod that answered, when one did. */
  readonly answeredBy?: number;
  /** Why the attempts stopped (retry decisions), for explanations. */
  readonly decisions: readonly string[];
  readonly lastFailure?: Failure;
}

/** slowStart: ten times slower when new, back to normal over its first 30 s. */
function slowStartFactor(ageMs: number): number {
  return ageMs >= 30_000 ? 1 : 10 - (9 * ageMs) / 30_000;
}

/** Where an unlimited retry loop is cut short (nginx itself would go on). */
export const UNLIMITED_TRIES_CAP = 100;

const addresses = new WeakMap<EndpointInfo, string>();

function addressOf(ep: EndpointInfo, pod: PodConditions): string {
  if (pod.address !== undefined) return pod.address;
  let a = addresses.get(ep);
  if (a === undefined) addresses.set(ep, (a = `${ep.ip}:${ep.port}`));
  return a;
}

// Failures without data are shared: a million-request simulation allocates none of them.
const REFUSED: Failure = { kind: 'refused', sent: false };
const RESET: Failure = { kind: 'reset', sent: true };
const STALE: Failure = { kind: 'stale', sent: true };
const READ_TIMEOUT: Failure = { kind: 'timeout', sent: true, phase: 'read' };
const REQUEST_TIMEOUT: Failure = { kind: 'timeout', sent: true, phase: 'request' };

// Decisions are worded only for a reader (`explain`); every other call shares this empty
// list, and an attempts list starts shared and empty too. Frozen: a push would throw.
const NO_DECISIONS = Object.freeze([]) as unknown as string[];
const NO_ATTEMPTS = Object.freeze([]) as unknown as Attempt[];

/**
 * The attempts so far with `a` added. The first makes a list of one: `[]` would grow to
 * sixteen slots on its first push, and most requests make one attempt.
 */
function withAttempt(attempts: Attempt[], a: Attempt): Attempt[] {
  if (attempts.length === 0) return [a];
  attempts.push(a);
  return attempts;
}

export function runAttempts(input: AttemptsInput): AttemptsResult {
  const { policy, rules, endpoints } = input;
  let attempts = NO_ATTEMPTS;
  const decisions = input.explain ? [] : NO_DECISIONS;
  let now = input.startMs;
  // tries 0 means no limit in nginx: a client would wait for ever. A simulation has to stop.
  const unlimited = policy.retry.tries <= 0;
  const maxTries = unlimited ? UNLIMITED_TRIES_CAP : policy.retry.tries;
  let lastFailure: Failure | undefined;
  // One try waits at most the per-try timeout (Envoy) or the read timeout (nginx).
  const tryLimitMs = policy.retry.perTryTimeoutMs ?? policy.timeouts.readMs;
  // A deadline over every attempt and back-off (Envoy's route timeout, Gateway timeouts.request).
  const deadline =
    policy.timeouts.requestMs !== undefined && policy.timeouts.requestMs > 0
      ? input.startMs + policy.timeouts.requestMs
      : Number.POSITIVE_INFINITY;
  // nginx gives a try back when a cached (kept-alive) connection fails with an error
  // ([NGX] ngx_http_upstream_next: `if (u->peer.cached && ft_type == FT_ERROR) u->peer.tries++`),
  // so `i` counts trips and `used` counts tries; the trip cap keeps the loop finite.
  let used = 0;
  for (
    let i = 0;
    used < maxTries && i < maxTries + UNLIMITED_TRIES_CAP && endpoints.length > 0;
    i++
  ) {
    const index = ((input.offset ?? 0) + i) % endpoints.length;
    const ep = endpoints[index] as EndpointInfo;
    const pod = input.conditions(ep, now);
    const start = now;
    let failure: Failure | undefined;
    let status = 200;
    let end: number;
    if (!ep.listening || !pod.accepting || pod.behaviour === 'refuse') {
      // RST to the SYN: one round trip, nothing sent.
      end = start + input.podRttMs;
      failure = REFUSED;
    } else {
      const conn = input.connector.connect(ep.pod, start, ep);
      const sentAt = start + conn.ms;
      if (conn.stale) {
        end = sentAt + input.podRttMs;
        failure = STALE;
      } else if (pod.behaviour === 'hang') {
        end = sentAt + tryLimitMs;
        failure = READ_TIMEOUT;
      } else if (pod.scripted === true && input.script && i < input.script.failFirst) {
        // A scripted failure: after its delay, a status or a reset (unless the try times out first).
        const script = input.script;
        if (script.failDelayMs > tryLimitMs) {
          end = sentAt + tryLimitMs;
          failure = READ_TIMEOUT;
        } else {
          end = sentAt + input.podRttMs + script.failDelayMs;
          failure =
            script.failStatus !== undefined
              ? { kind: 'status', sent: true, status: script.failStatus }
              : RESET;
          if (script.failStatus !== undefined) input.connector.release(ep.pod, end, ep);
        }
      } else {
        const base =
          (pod.scripted === true ? input.script?.latencyMs : undefined) ??
          (input.typicalLatency ? pod.latency.median : pod.latency.sample(input.rng));
        const latency = pod.behaviour === 'slowStart' ? base * slowStartFactor(pod.ageMs) : base;
        if (pod.behaviour === 'reset') {
          end = sentAt + input.podRttMs + latency / 2;
          failure = RESET;
        } else if (latency > tryLimitMs) {
          // The read timeout runs from sending the request to the first byte of the answer.
          end = sentAt + tryLimitMs;
          failure = READ_TIMEOUT;
        } else {
          end = sentAt + input.podRttMs + latency;
          const errs =
            pod.errorRate > 0 &&
            (input.typicalLatency ? pod.errorRate >= 1 : input.rng.next() < pod.errorRate);
          if (errs) {
            status = pod.errorStatus;
            // Any error status may be a retry condition (nginx http_404, Envoy retriable-4xx).
            if (status >= 400) failure = { kind: 'status', sent: true, status };
          }
          input.connector.release(ep.pod, end, ep);
        }
      }
    }
    if (end > deadline) {
      // The deadline cuts the attempt short: the client gets the timeout, whatever the pod does.
      end = deadline;
      failure = REQUEST_TIMEOUT;
    }
    now = end;
    if (!failure) {
      attempts = withAttempt(attempts, {
        pod: ep.pod,
        address: addressOf(ep, pod),
        startMs: start,
        endMs: end,
        outcome: 'response',
        status,
      });
      return {
        attempts,
        status,
        reason: status >= 400 ? 'pod error' : 'response',
        endMs: end,
        answeredBy: index,
        decisions,
      };
    }
    lastFailure = failure;
    attempts = withAttempt(
      attempts,
      failure.kind === 'status'
        ? {
            pod: ep.pod,
            address: addressOf(ep, pod),
            startMs: start,
            endMs: end,
            outcome: 'response',
            status: failure.status,
          }
        : {
            pod: ep.pod,
            address: addressOf(ep, pod),
            startMs: start,
            endMs: end,
            outcome: failure.kind === 'stale' ? 'reset' : failure.kind,
          },
    );
    if (failure.kind !== 'stale') used++;
    if (failure === REQUEST_TIMEOUT) {
      if (input.explain)
        decisions.push(
          `the request timeout (${(policy.timeouts.requestMs ?? 0) / 1000}s) ran out, so no further attempt is made`,
        );
      break;
    }
    const decision = rules.next(failure, {
      method: input.method,
      triesSoFar: used,
      elapsedMs: now - input.startMs,
      policy,
      explain: input.explain ?? false,
    });
    if (input.explain) decisions.push(decision.why);
    if (!decision.retry) break;
    const wait = rules.backoffMs ? rules.backoffMs(used, policy, input.rng) : 0;
    if (now + wait >= deadline) {
      now = deadline;
      lastFailure = REQUEST_TIMEOUT;
      if (input.explain)
        decisions.push(
          `the request timeout (${(policy.timeouts.requestMs ?? 0) / 1000}s) runs out before the next attempt`,
        );
      break;
    }
    now += wait;
    if (used >= maxTries) {
      if (unlimited && input.explain)
        decisions.push(
          `proxy-next-upstream-tries is 0 (no limit) and no time budget is set, so nginx would keep trying; routelab stops after ${UNLIMITED_TRIES_CAP} tries`,
        );
      break;
    }
  }
  const failure = lastFailure ?? REFUSED;
  const status = rules.statusFor(failure);
  const reason = failure.kind === 'status' ? 'pod error' : failure.kind;
  if (failure.kind !== 'status')
    return { attempts, status, reason, endMs: now, decisions, lastFailure: failure };
  // A pod's own error status: that pod answered.
  const answeredBy = ((input.offset ?? 0) + attempts.length - 1) % Math.max(1, endpoints.length);
  return { attempts, status, reason, endMs: now, decisions, lastFailure: failure, answeredBy };
}
