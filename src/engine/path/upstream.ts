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
import type { Cluster } from '../model/cluster.js';
import type { Ending, TraceBuilder } from './builder.js';
import { echoRequest } from './echoServer.js';
import type { Selected } from './endpoints.js';
import { applyHeaderFilter } from './headerFilter.js';
import { applyPathSteps } from './pathSteps.js';
import type { Matched } from './match.js';

/** The path and query the pod receives. Without a rewrite nginx passes the request URI as the client sent it. */
export function forwardedUri(
  route: Route,
  req: WireRequest,
  uri: string,
  forwardsNormalizedPath = false,
): { path: string; note?: string; forwardedPrefix?: string; replacedPath?: string } {
  const sentPath = forwardsNormalizedPath ? uri : req.path;
  const raw = req.query ? `${sentPath}?${req.query}` : sentPath;
  if (route.action.kind !== 'forward' || !route.action.rewrite) return { path: raw };
  const rw = route.action.rewrite;
  if (rw.kind === 'steps') {
    const r = applyPathSteps(rw.steps, uri);
    return {
      path: req.query ? `${r.path}?${req.query}` : r.path,
      ...(r.notes.length > 0 ? { note: r.notes.join('; ') } : {}),
      ...(r.strippedPrefixes.length > 0 ? { forwardedPrefix: r.strippedPrefixes.join(', ') } : {}),
      ...(r.replacedPath !== undefined ? { replacedPath: r.replacedPath } : {}),
    };
  }
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
  cluster: Cluster,
  family: FamilyBehaviour,
  matched: Matched,
  selected: Selected,
  req: WireRequest,
  timings: NetworkTimings,
  behaviours: BehaviourIndex,
  rng: Random,
): Ending | undefined {
  const { route } = matched;
  const fwd = forwardedUri(route, req, matched.uri, family.forwardsNormalizedPath);
  const backend = selected.backend;
  const sent = headersSent(matched, selected, fwd);
  const behaviourOf = (pod: string) => behaviours.for(backend.namespace, backend.service, pod);
  // A pod that runs the conformance echo server answers as the request asks (echoServer.ts):
  // what it asks is read once, when such a pod may be tried.
  const echo = selected.order.some((ep) => behaviourOf(ep.pod).echo)
    ? echoRequest(fwd.path, Object.entries(sent.headers))
    : undefined;
  const result = runAttempts({
    method: req.method,
    policy: route.policy,
    rules: family.retry,
    endpoints: selected.order,
    startMs: t.now,
    podRttMs: timings.podRttMs,
    conditions: (ep) => {
      const b = behaviourOf(ep.pod);
      return {
        accepting: true,
        behaviour: b.spec.behaviour,
        errorRate: b.spec.errorRate,
        errorStatus: b.spec.errorStatus,
        latency: b.latency,
        ageMs: Number.POSITIVE_INFINITY,
        scripted: b.echo,
      };
    },
    connector: freshConnections(timings.podRttMs),
    rng,
    typicalLatency: true,
    explain: true,
    ...(echo?.script ? { script: echo.script } : {}),
  });
  t.attempts.push(...result.attempts);
  const logs = result.attempts
    .filter((a) => a.outcome !== 'response')
    .map((a) => attemptLog(family, a, fwd.path));
  const tried = result.attempts
    .map((a, i) => `attempt ${i + 1} → ${a.pod}: ${describeAttempt(a)}`)
    .join('; ');
  const policyText = family.words.policy(route.policy);
  const last = result.attempts[result.attempts.length - 1];
  const answered = result.answeredBy !== undefined ? selected.order[result.answeredBy] : undefined;
  const headers = sent.headers;
  const host = headers.Host ?? req.hostHeader;
  const headerNote = sent.changes.length > 0 ? ` Header filters: ${sent.changes.join('; ')}.` : '';
  sendMirrors(t, cluster, route, rng);
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
      `The controller connects to pod ${answered.pod} at ${answered.ip}:${answered.port}${retried} and sends ${req.method} ${fwd.path} with Host: ${host}.${fwd.note ? ` ${fwd.note}.` : ''}${headerNote}${mirrorNote(t)} ${policyText}`,
      {
        sources: [route.source],
        durationMs: Math.max(0, last.startMs - t.now),
        ...(logs.length > 0 ? { log: logs.join('\n') } : {}),
      },
    );
    t.podAnswered = true;
    const b = behaviourOf(answered.pod);
    const echoed = b.echo ? echo : undefined;
    if (echoed) Object.assign(t.responseHeaders, echoed.responseHeaders);
    applyResponseFilters(t, route, selected);
    const scenarioNote = echoed
      ? `(it runs the Gateway API conformance echo server${echoed.notes.length > 0 ? `: ${echoed.notes.join('; ')}` : ''})`
      : b.spec.source.assumed
        ? '(the default pod behaviour; a Scenario can change it)'
        : `(as the Scenario at line ${b.spec.source.range.startLine} describes it)`;
    t.stage(
      'pod',
      result.status >= 500 ? 'fail' : 'ok',
      `${answered.pod} answers ${result.status}`,
      `Pod ${answered.pod} (${backend.namespace}/${backend.service}) receives the request and answers ${result.status} after ${round(last.endMs - last.startMs)} ms ${scenarioNote}.${result.status >= 500 ? ` ${family.words.podError(result.status, route.policy)}` : ''}`,
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
        ? `no answer in time (${timeoutText(route, result.endMs - (result.attempts[0]?.startMs ?? result.endMs))})`
        : cause?.kind === 'reset'
          ? 'the pod closed the connection in the middle of the request'
          : `the pod had just closed the kept-alive connection ${family.product} reused`;
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
  if (a.outcome === 'timeout') return family.log.timeout(a.address ?? '', path);
  return family.log.reset(a.address ?? '', path);
}

/** Which timeout ended the wait: the whole-request deadline, a per-try limit, or the read timeout. */
function timeoutText(route: Route, elapsedMs: number): string {
  const t = route.policy.timeouts;
  const perTry = route.policy.retry.perTryTimeoutMs;
  if (t.requestMs !== undefined && elapsedMs >= t.requestMs)
    return `the request timeout of ${t.requestMs / 1000}s covers every attempt`;
  if (perTry !== undefined) return `the per-try timeout is ${perTry / 1000}s`;
  return `the read timeout is ${t.readMs / 1000}s, counted from sending the request to the first byte of the answer`;
}

/** The headers the pod receives: the proxy's own, then the route's filters, then the backend's. */
function headersSent(
  matched: Matched,
  selected: Selected,
  fwd: { forwardedPrefix?: string; replacedPath?: string },
): { headers: Record<string, string>; changes: string[] } {
  const action = matched.route.action;
  let headers: Record<string, string> = { ...matched.forwarding.headers };
  const changes: string[] = [];
  if (action.kind !== 'forward') return { headers, changes };
  if (action.forwardedPrefix) headers['X-Forwarded-Prefix'] = action.forwardedPrefix;
  // Path steps record what they stripped or replaced ([TRF] stripprefix.go, replacepath.go).
  if (fwd.forwardedPrefix) headers['X-Forwarded-Prefix'] = fwd.forwardedPrefix;
  if (fwd.replacedPath) headers['X-Replaced-Path'] = fwd.replacedPath;
  for (const filter of [action.requestHeaders, selected.weighted?.requestHeaders]) {
    if (!filter) continue;
    const applied = applyHeaderFilter(headers, filter);
    headers = applied.headers;
    changes.push(...applied.changes);
  }
  return { headers, changes };
}

function applyResponseFilters(t: TraceBuilder, route: Route, selected: Selected): void {
  if (route.action.kind !== 'forward') return;
  for (const filter of [selected.weighted?.responseHeaders, route.action.responseHeaders]) {
    if (!filter) continue;
    const applied = applyHeaderFilter(t.responseHeaders, filter);
    for (const k of Object.keys(t.responseHeaders)) delete t.responseHeaders[k];
    Object.assign(t.responseHeaders, applied.headers);
  }
}

/** Mirrors get a copy of the request ([GW] HTTPRequestMirrorFilter: responses are ignored). */
function sendMirrors(t: TraceBuilder, cluster: Cluster, route: Route, rng: Random): void {
  if (route.action.kind !== 'forward') return;
  for (const m of route.action.mirrors ?? []) {
    if (m.percent < 100 && rng.next() * 100 >= m.percent) continue;
    const res = cluster.resolveService(m.namespace, m.service, m.port);
    const pod = res.endpoints.find((e) => e.ready)?.pod ?? null;
    t.mirrored.push({ namespace: m.namespace, service: m.service, pod });
  }
}

function mirrorNote(t: TraceBuilder): string {
  if (t.mirrored.length === 0) return '';
  const list = t.mirrored
    .map((m) => `${m.namespace}/${m.service}${m.pod ? ` (${m.pod})` : ' (no ready pod)'}`)
    .join(', ');
  return ` A copy goes to ${list}; its answer is ignored.`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
