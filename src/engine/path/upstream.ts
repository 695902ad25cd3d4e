/**
 * Stages 7 and 8: the proxy connects to a pod (trying the next one when the family's
 * retry rules allow) and forwards the request; the pod answers.
 */
import type { FamilyBehaviour } from '../model/family.js';
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

export function upstreamStage(
  t: TraceBuilder,
  family: FamilyBehaviour,
  matched: Matched,
  selected: Selected,
  req: WireRequest,
  timings: NetworkTimings,
): Ending | undefined {
  const { route } = matched;
  const retry = route.policy.retry;
  const tries = Math.max(
    1,
    Math.min(retry.tries, selected.order.length > 0 ? Math.max(retry.tries, 1) : 1),
  );
  const fwd = forwardedUri(route, req, matched.uri);
  const logs: string[] = [];
  for (let i = 0; i < tries; i++) {
    const ep = selected.order[i % selected.order.length];
    if (!ep) break;
    const start = t.now;
    if (!ep.listening) {
      const end = start + timings.podRttMs;
      t.attempts.push({
        pod: ep.pod,
        address: `${ep.ip}:${ep.port}`,
        startMs: start,
        endMs: end,
        outcome: 'refused',
      });
      t.advance(timings.podRttMs);
      logs.push(family.log.refused(`${ep.ip}:${ep.port}`, fwd.path));
      const canRetry = retry.on.includes('error') && i + 1 < tries;
      if (canRetry) continue;
      break;
    }
    t.attempts.push({
      pod: ep.pod,
      address: `${ep.ip}:${ep.port}`,
      startMs: start,
      endMs: start + timings.podRttMs * 2 + timings.podResponseMs,
      outcome: 'response',
      status: 200,
    });
    const headers = { ...matched.forwarding.headers };
    const host = headers.Host ?? req.hostHeader;
    t.forwarded = { host, path: fwd.path, headers };
    t.backend = {
      namespace: selected.backend.namespace,
      service: selected.backend.service,
      port:
        selected.resolution.port?.port ??
        selected.backend.port.number ??
        selected.backend.port.name ??
        '',
      pod: ep.pod,
      ...(selected.resolution.assumed ? { assumed: true as const } : {}),
    };
    const retried =
      i > 0
        ? ` after ${i} failed attempt${i === 1 ? '' : 's'} (proxy_next_upstream ${retry.on.join(' ')})`
        : '';
    t.stage(
      'upstream',
      'ok',
      `→ ${ep.pod} ${ep.ip}:${ep.port}${retried ? ` (attempt ${i + 1})` : ''}`,
      `The controller connects to pod ${ep.pod} at ${ep.ip}:${ep.port}${retried} and sends ${req.method} ${fwd.path} with Host: ${host}.${fwd.note ? ` ${fwd.note}.` : ''} Timeouts: connect ${route.policy.timeouts.connectMs / 1000}s, read ${route.policy.timeouts.readMs / 1000}s between two reads.`,
      {
        sources: [route.source],
        durationMs: timings.podRttMs,
        ...(logs.length > 0 ? { log: logs.join('\n') } : {}),
      },
    );
    t.podAnswered = true;
    t.stage(
      'pod',
      'ok',
      `${ep.pod} answers 200`,
      `Pod ${ep.pod} (${selected.backend.namespace}/${selected.backend.service}) receives the request and answers 200 in about ${timings.podResponseMs} ms (the default pod behaviour; a Scenario can change it).`,
      {
        durationMs: timings.podRttMs + timings.podResponseMs,
        ...(selected.resolution.assumed ? { assumptions: [`pod ${ep.pod} is assumed`] } : {}),
      },
    );
    return undefined;
  }
  const explanation = `Every attempt failed: nothing listens on the target port of ${selected.backend.service}'s pods (their declared container ports do not include it), so connections are refused. nginx tried ${t.attempts.length} time${t.attempts.length === 1 ? '' : 's'} (proxy_next_upstream ${retry.on.join(' ')}, up to ${retry.tries} tries) and answers ${family.status.connectFailure} Bad Gateway. Check the Service's targetPort against the containerPort.`;
  t.stage('upstream', 'fail', `connection refused → ${family.status.connectFailure}`, explanation, {
    sources: [...selected.resolution.sources],
    log: logs.join('\n'),
  });
  return {
    status: family.status.connectFailure,
    summary: `${family.status.connectFailure}: connection refused by the pods`,
    explanation,
  };
}
