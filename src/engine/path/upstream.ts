/**
 * Stages 7 and 8: the proxy connects to a pod (trying the next one when the family's
 * retry rules allow) and forwards the request; the pod answers.
 */
import type { FamilyBehaviour } from '../model/family.js';
import type { Attempt } from '../model/trace.js';
import { freshConnections, runAttempts } from '../sim/attempts.js';
import type { BehaviourIndex } from '../sim/pods.js';
import type { Random } from '../util/random.js';
import type { WireRequest } from '../model/request.js';
import type { Route } from '../model/routeTable.js';
import type { NetworkTimings } from '../sim/network.js';
import { compileRegex, expandCaptures } from '../util/regex.js';
import type { Ending, TraceBuilder } from './builder.js';
import type { Selected } from './endpoints.js';
import type { Matched } from './match.js';

/** The path and query the pod receives. Without a rewrite nginx passes the request URI as the client sent it. */
export function forwardedUri(
  route: Route,
  req: WireRequest,
  uri: string,
): { path: string; note?: string } {
  const raw = req.query ? `${req.path}?${req.query}` : req.path;
  if (route.action.kind !== 'forward' || !route.action.rewrite) return { path: raw };
  const rw = route.action.rewrite;
  if (rw.kind === 'regex') {
    const re = compileRegex(rw.pattern, { caseInsensitive: rw.caseInsensitive });
    const m = re.ok ? re.regex.exec(uri) : null;
    if (!m)
      return {
        path: raw,
        note: `rewrite "${rw.pattern}" does not match "${uri}", so the path is sent unchanged`,
      };
    const replaced = expandCaptures(rw.replacement, m);
    // nginx rewrite replaces the matched part of $uri; the parts before and after stay.
    const whole = m[0] ?? '';
    const at = uri.toLowerCase().indexOf(whole.toLowerCase());
    const rewritten =
      at >= 0 ? uri.slice(0, at) + replaced + uri.slice(at + whole.length) : replaced;
    const withQuery =
      req.query && !rw.replacement.includes('?') ? `${rewritten}?${req.query}` : rewritten;
    const captures = m
      .slice(1)
      .map((g, i) => `$${i + 1}="${g ?? ''}"`)
      .join(', ');
    return {
      path: withQuery,
      note: `rewrite-target "${rw.replacement}" turns "${uri}" into "${rewritten}"${captures ? ` (${captures})` : ' (the path has no capture groups, so every sub-path becomes the same target)'}`,
    };
  }
  if (rw.kind === 'replaceFull') return { path: req.query ? `${rw.value}?${req.query}` : rw.value };
  const rest = uri.slice(rw.prefix.replace(/\/$/, '').length);
  const joined = `${rw.value.replace(/\/$/, '')}${rest}` || '/';
  return { path: req.query ? `${joined}?${req.query}` : joined };
}

/**
 * Stage 7 runs the attempts (sim/attempts.ts, with the family's retry rules and each
 * pod's behaviour from the Scenario); stage 8 is the pod that answered, if one did.
 */
export function upstreamStage(
  t: TraceBuilder,
  family: FamilyBehaviour,
  matched: Matched,
  selected: Selected,
  req: WireRequest,
  timings: NetworkTimings,
  behaviours: BehaviourIndex,
  rng: Random,
): Ending | undefined {
  const { route } = matched;
  const fwd = forwardedUri(route, req, matched.uri);
  const backend = selected.backend;
  const result = runAttempts({
    method: req.method,
    policy: route.policy,
    rules: family.retry,
    endpoints: selected.order,
    startMs: t.now,
    podRttMs: timings.podRttMs,
    conditions: (ep) => {
      const b = behaviours.for(backend.namespace, backend.service, ep.pod);
      return {
        accepting: true,
        behaviour: b.spec.behaviour,
        errorRate: b.spec.errorRate,
        errorStatus: b.spec.errorStatus,
        latency: b.latency,
        ageMs: Number.POSITIVE_INFINITY,
      };
    },
    connector: freshConnections(timings.podRttMs),
    rng,
    typicalLatency: true,
    explain: true,
  });
  t.attempts.push(...result.attempts);
  const logs = result.attempts
    .filter((a) => a.outcome !== 'response')
    .map((a) => attemptLog(family, a, fwd.path));
  const tried = result.attempts
    .map((a, i) => `attempt ${i + 1} → ${a.pod}: ${describeAttempt(a)}`)
    .join('; ');
  const policyText = `Timeouts: connect ${route.policy.timeouts.connectMs / 1000}s, read ${route.policy.timeouts.readMs / 1000}s between two reads; proxy_next_upstream ${route.policy.retry.on.join(' ')}, ${route.policy.retry.tries} tries.`;
  const last = result.attempts[result.attempts.length - 1];
  const answered = result.answeredBy !== undefined ? selected.order[result.answeredBy] : undefined;
  const headers = { ...matched.forwarding.headers };
  const host = headers.Host ?? req.hostHeader;
  if (answered && last) {
    t.forwarded = { host, path: fwd.path, headers };
    t.backend = {
      namespace: backend.namespace,
      service: backend.service,
      port: selected.resolution.port?.port ?? backend.port.number ?? backend.port.name ?? '',
      pod: answered.pod,
      ...(selected.resolution.assumed ? { assumed: true as const } : {}),
    };
    const retried =
      result.attempts.length > 1
        ? ` after ${result.attempts.length - 1} failed attempt${result.attempts.length === 2 ? '' : 's'} (${result.decisions.join('; ')})`
        : '';
    t.stage(
      'upstream',
      'ok',
      `→ ${answered.pod} ${answered.ip}:${answered.port}${result.attempts.length > 1 ? ` (attempt ${result.attempts.length})` : ''}`,
      `The controller connects to pod ${answered.pod} at ${answered.ip}:${answered.port}${retried} and sends ${req.method} ${fwd.path} with Host: ${host}.${fwd.note ? ` ${fwd.note}.` : ''} ${policyText}`,
      {
        sources: [route.source],
        durationMs: Math.max(0, last.startMs - t.now),
        ...(logs.length > 0 ? { log: logs.join('\n') } : {}),
      },
    );
    t.podAnswered = true;
    const b = behaviours.for(backend.namespace, backend.service, answered.pod);
    const scenarioNote = b.spec.source.assumed
      ? '(the default pod behaviour; a Scenario can change it)'
      : `(as the Scenario at line ${b.spec.source.range.startLine} describes it)`;
    t.stage(
      'pod',
      result.status >= 500 ? 'fail' : 'ok',
      `${answered.pod} answers ${result.status}`,
      `Pod ${answered.pod} (${backend.namespace}/${backend.service}) receives the request and answers ${result.status} after ${round(last.endMs - last.startMs)} ms ${scenarioNote}.${result.status >= 500 ? ` ${family.product} passes the pod's own ${result.status} to the client: proxy_next_upstream does not retry on it.` : ''}`,
      {
        durationMs: last.endMs - t.now,
        sources: b.spec.source.assumed ? [] : [b.spec.source],
        ...(selected.resolution.assumed ? { assumptions: [`pod ${answered.pod} is assumed`] } : {}),
      },
    );
    return result.status === 200
      ? undefined
      : {
          status: result.status,
          summary: `${result.status} from pod ${answered.pod}`,
          explanation: `The pod answered ${result.status}.`,
        };
  }
  const cause = result.lastFailure;
  const why =
    cause?.kind === 'refused'
      ? `nothing accepts connections on the target port (connection refused)${selected.order.some((e) => !e.listening) ? ": the pods declare other container ports than the Service targets. Check the Service's targetPort against the containerPort" : ''}`
      : cause?.kind === 'timeout'
        ? `no answer within proxy-read-timeout (${route.policy.timeouts.readMs / 1000}s, counted from sending the request to the first byte of the answer)`
        : cause?.kind === 'reset'
          ? 'the pod closed the connection in the middle of the request'
          : 'the pod had just closed the kept-alive connection nginx reused';
  const explanation = `${tried}. The last attempt failed because ${why}. ${result.decisions[result.decisions.length - 1] ?? ''}. So ${family.product} answers ${result.status}${result.status === 504 ? ' Gateway Timeout' : result.status === 502 ? ' Bad Gateway' : ''}. ${policyText}`;
  t.stage(
    'upstream',
    'fail',
    `${result.attempts.length} attempt${result.attempts.length === 1 ? '' : 's'}, ${result.reason} → ${result.status}`,
    explanation,
    {
      sources: [route.source, ...selected.resolution.sources],
      durationMs: result.endMs - t.now,
      log: logs.join('\n'),
    },
  );
  return {
    status: result.status,
    summary: `${result.status}: ${result.reason} after ${result.attempts.length} attempt${result.attempts.length === 1 ? '' : 's'}`,
    explanation,
  };
}

function describeAttempt(a: Attempt): string {
  const ms = round(a.endMs - a.startMs);
  switch (a.outcome) {
    case 'response':
      return `answered ${a.status ?? 200} after ${ms} ms`;
    case 'refused':
      return 'connection refused';
    case 'timeout':
      return `timed out after ${ms} ms`;
    case 'reset':
      return `connection reset after ${ms} ms`;
  }
}

function attemptLog(family: FamilyBehaviour, a: Attempt, path: string): string {
  if (a.outcome === 'refused') return family.log.refused(a.address ?? '', path);
  if (a.outcome === 'timeout')
    return `[error] upstream timed out (110: Connection timed out) while reading response header from upstream, upstream: "http://${a.address ?? ''}${path}"`;
  return `[error] upstream prematurely closed connection while reading response header from upstream, upstream: "http://${a.address ?? ''}${path}"`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
