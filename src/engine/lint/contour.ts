/**
 * Contour HTTPProxy diagnostics (RL8xx). The statuses Contour itself writes (invalid,
 * orphaned, with Contour's reason as `kubectl describe httpproxy` shows it), and what
 * Contour accepts but does not do what it seems to: retriable status codes that never
 * take effect, routes that replace each other, conditions no request can meet.
 *
 * Codes: RL801 the CRD schema refuses a value (manifest/kinds/contour.ts), RL802 an
 * unknown field; RL810 invalid HTTPProxy, RL811 include of a missing HTTPProxy, RL812 a
 * root including a root, RL813 an include cycle, RL814 one fqdn in several roots, RL815
 * the TLS Secret cannot be used, RL816 a Service that does not resolve, RL819 routelab's
 * limit on include expansion; RL820 orphaned;
 * RL821 no Contour claims it; RL830 retriableStatusCodes without retriable-status-codes,
 * RL831 perTryTimeout not below the response timeout, RL832 count 0; RL833 two routes
 * with the same conditions; RL834 conditions no request can meet; RL835 services
 * without a weight next to weighted ones.
 */
import type { Cluster } from '../model/cluster.js';
import type { ContourRoute, HTTPProxy } from '../model/contour.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Secret } from '../model/resources.js';
import { modelContour, type ContourModel } from '../flavors/contour/build.js';
import { describePath, type HeaderCondition } from '../flavors/contour/conditions.js';
import { assumedContourInstall, detectContourInstalls } from '../flavors/contour/controller.js';
import { currentStatus, type ProxyError } from '../flavors/contour/includes.js';
import { parseGoDurationMs } from '../manifest/kinds/contour.js';
import { compileRegex } from '../util/regex.js';

const REASON_CODES: Readonly<Record<string, string>> = {
  IncludeNotFound: 'RL811',
  RootIncludesRoot: 'RL812',
  IncludeCreatesCycle: 'RL813',
  DuplicateVhost: 'RL814',
  SecretNotValid: 'RL815',
  DelegationNotPermitted: 'RL815',
  ServiceUnresolvedReference: 'RL816',
};

export function contourModels(cluster: Cluster): ContourModel[] {
  const proxies = cluster.resources.filter((r): r is HTTPProxy => r.kind === 'HTTPProxy');
  const detected = detectContourInstalls(cluster.resources);
  if (detected.length === 0 && proxies.length === 0) return [];
  const installs = detected.length > 0 ? detected : [assumedContourInstall()];
  const secrets = new Map(
    cluster.resources
      .filter((r): r is Secret => r.kind === 'Secret')
      .map((s) => [`${s.meta.namespace}/${s.meta.name}`, s]),
  );
  return installs.map((install) =>
    modelContour(install, proxies, {
      resources: cluster.resources,
      secrets,
      certificates: cluster.certificates,
      strict: cluster.strict,
    }),
  );
}

const name = (p: HTTPProxy): string => `${p.meta.namespace}/${p.meta.name}`;

export function lintContour(cluster: Cluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const models = contourModels(cluster);
  if (models.length === 0) return out;
  const claimedByAny = new Set(models.flatMap((m) => m.claimed));
  for (const m of models) {
    for (const { proxy, reason } of m.ignored)
      if (!claimedByAny.has(proxy))
        out.push({
          code: 'RL821',
          severity: 'warning',
          message: `No Contour serves HTTPProxy ${name(proxy)}: ${reason}.`,
          source: proxy.source,
        });
    for (const [proxy, status] of m.forest.statuses) {
      const state = currentStatus(status);
      for (const e of status.errors) out.push(statusDiagnostic(proxy, e, state));
    }
  }
  for (const proxy of claimedByAny) {
    proxy.routes.forEach((route, i) => out.push(...lintRoute(proxy, route, i)));
    out.push(...lintNeverMatches(proxy));
  }
  for (const m of models) out.push(...lintDuplicates(m));
  return out;
}

function statusDiagnostic(proxy: HTTPProxy, e: ProxyError, state: string): Diagnostic {
  if (e.reason === 'RoutelabLimit')
    return {
      code: 'RL819',
      severity: 'warning',
      message: `HTTPProxy ${name(proxy)}: ${e.message}. Contour expands every path through the include tree too, so such a tree is costly there as well; routes past the limit are missing from this model.`,
      source: e.source,
    };
  if (e.reason === 'Orphaned')
    return {
      code: 'RL820',
      severity: 'warning',
      message: `HTTPProxy ${name(proxy)} is orphaned: "${e.message}". It has no virtualhost, and no root HTTPProxy includes it, so Contour ignores its routes. Give it a virtualhost.fqdn, or include it from a root.`,
      source: proxy.source,
      ...(proxy.virtualhost ? {} : { fix: { title: 'Add spec.virtualhost.fqdn' } }),
    };
  return {
    code: REASON_CODES[e.reason] ?? 'RL810',
    severity: 'error',
    message: `Contour marks HTTPProxy ${name(proxy)} ${state} (${e.type}/${e.reason}): ${e.message}.`,
    source: e.source,
  };
}

function lintRoute(proxy: HTTPProxy, route: ContourRoute, i: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rp = route.retryPolicy;
  if (rp) {
    const on = rp.retryOn.length > 0 ? rp.retryOn : ['5xx'];
    if (rp.retriableStatusCodes.length > 0 && !on.includes('retriable-status-codes'))
      out.push({
        code: 'RL830',
        severity: 'warning',
        message: `retriableStatusCodes ${rp.retriableStatusCodes.join(', ')} take effect only with retryOn: [retriable-status-codes] ([CTR] httpproxy.go RetryPolicy). As written Envoy retries on ${on.join(', ')}${on.includes('5xx') ? ', so a 500 is retried too' : ''}.`,
        source: proxy.locate(['spec', 'routes', i, 'retryPolicy', 'retriableStatusCodes']),
        fix: { title: 'Add retryOn: [retriable-status-codes]' },
      });
    if (rp.count === 0)
      out.push({
        code: 'RL832',
        severity: 'info',
        message:
          "retryPolicy.count 0 does not turn retries off: Contour uses Envoy's default of 1 retry. Use -1 for none, or remove the retryPolicy.",
        source: proxy.locate(['spec', 'routes', i, 'retryPolicy', 'count']),
      });
    const perTry = rp.perTryTimeout !== undefined ? parseGoDurationMs(rp.perTryTimeout) : undefined;
    const response = route.timeoutPolicy?.response;
    const responseMs =
      response?.kind === 'duration'
        ? response.ms
        : response?.kind === 'disabled'
          ? undefined
          : 15_000;
    if (perTry !== undefined && perTry > 0 && responseMs !== undefined && perTry >= responseMs)
      out.push({
        code: 'RL831',
        severity: 'warning',
        message: `perTryTimeout ${rp.perTryTimeout ?? ''} is not shorter than the response timeout (${responseMs / 1000}s${response?.kind === 'duration' ? '' : ', the default'}), which covers all tries: no retry after a per-try timeout can happen in time.`,
        source: proxy.locate(['spec', 'routes', i, 'retryPolicy', 'perTryTimeout']),
      });
  }
  const main = route.services.filter((s) => !s.mirror);
  const weighted = main.filter((s) => s.weight !== undefined && s.weight > 0);
  const unweighted = main.filter((s) => s.weight === undefined);
  if (weighted.length > 0 && unweighted.length > 0)
    out.push({
      code: 'RL835',
      severity: 'warning',
      message: `Service${unweighted.length === 1 ? '' : 's'} ${unweighted.map((s) => s.name).join(', ')} ${unweighted.length === 1 ? 'has' : 'have'} no weight while others do, so ${unweighted.length === 1 ? 'it gets' : 'they get'} no traffic ([CTR] request-routing.md "Upstream Weighting").`,
      source: unweighted[0]?.source ?? route.source,
    });
  return out;
}

/** Conditions on one header that no value can satisfy together (Contour accepts them). */
function headerConflict(conds: readonly HeaderCondition[]): string | undefined {
  const byName = new Map<string, HeaderCondition[]>();
  for (const c of conds) {
    const k = c.name.toLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), c]);
  }
  for (const [header, list] of byName) {
    const absent = list.find((c) => c.matchType === 'present' && c.invert);
    const needsValue = list.find((c) => !(c.matchType === 'present') && !c.invert);
    if (absent && needsValue)
      return `header ${header} must be absent (notpresent) and have a value at the same time`;
    const exact = list.find((c) => c.matchType === 'exact' && !c.invert && !c.ignoreCase);
    if (!exact) continue;
    for (const c of list) {
      if (c === exact || c.matchType === 'present') continue;
      const v = exact.value;
      const cmp = c.ignoreCase ? [v.toLowerCase(), c.value.toLowerCase()] : [v, c.value];
      const [val = '', want = ''] = cmp;
      const holds =
        c.matchType === 'exact'
          ? val === want
          : c.matchType === 'contains'
            ? val.includes(want)
            : (() => {
                const re = compileRegex(c.value);
                return re.ok ? re.regex.matchesWhole(v) : true;
              })();
      if (holds === c.invert)
        return `header ${header} must be exactly "${v}", and "${v}" ${c.invert ? 'fails' : 'does not meet'} the condition ${c.invert ? 'not ' : ''}${c.matchType} "${c.value}"`;
    }
  }
  return undefined;
}

function lintNeverMatches(proxy: HTTPProxy): Diagnostic[] {
  const out: Diagnostic[] = [];
  proxy.routes.forEach((route) => {
    for (const c of route.conditions) {
      const path = c.exact ?? c.prefix;
      if (path !== undefined && (path.includes('?') || path.includes('#')))
        out.push({
          code: 'RL834',
          severity: 'warning',
          message: `The path condition "${path}" contains "${path.includes('?') ? '?' : '#'}", but Envoy matches the path without its query string or fragment: this route never matches.`,
          source: c.source,
        });
      const h = c.header;
      if (
        h &&
        !h.present &&
        !h.notpresent &&
        [h.contains, h.notcontains, h.exact, h.notexact, h.regex].every((v) => v === undefined)
      )
        out.push({
          code: 'RL834',
          severity: 'warning',
          message: `The header condition on "${h.name}" sets no operator (present, exact, contains, regex, ...), so Contour drops it and the route matches whatever that header says.`,
          source: c.source,
        });
    }
    const headers = route.conditions.flatMap((c) => (c.header ? [c.header] : []));
    const merged = mergeForLint(headers);
    const conflict = headerConflict(merged);
    if (conflict)
      out.push({
        code: 'RL834',
        severity: 'warning',
        message: `No request can meet the conditions of this route: ${conflict}.`,
        source: route.source,
      });
  });
  return out;
}

function mergeForLint(
  headers: readonly NonNullable<ContourRoute['conditions'][number]['header']>[],
): HeaderCondition[] {
  const out: HeaderCondition[] = [];
  for (const h of headers) {
    const base = {
      name: h.name,
      ignoreCase: h.ignoreCase,
      treatMissingAsEmpty: h.treatMissingAsEmpty,
    };
    if (h.present) out.push({ ...base, matchType: 'present', value: '', invert: false });
    else if (h.notpresent) out.push({ ...base, matchType: 'present', value: '', invert: true });
    else if (h.contains !== undefined)
      out.push({ ...base, matchType: 'contains', value: h.contains, invert: false });
    else if (h.notcontains !== undefined)
      out.push({ ...base, matchType: 'contains', value: h.notcontains, invert: true });
    else if (h.exact !== undefined)
      out.push({ ...base, matchType: 'exact', value: h.exact, invert: false });
    else if (h.notexact !== undefined)
      out.push({ ...base, matchType: 'exact', value: h.notexact, invert: true });
    else if (h.regex !== undefined)
      out.push({ ...base, matchType: 'regex', value: h.regex, invert: false, ignoreCase: false });
  }
  return out;
}

/** Routes of one virtual host with the same merged conditions: Contour keeps the last added. */
function lintDuplicates(m: ContourModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const tree of m.forest.roots) {
    const seen = new Map<string, (typeof tree.routes)[number]>();
    for (const r of tree.routes) {
      const key = JSON.stringify([r.path, r.headers, r.query]);
      const earlier = seen.get(key);
      if (earlier && earlier.route && r.route)
        out.push({
          code: 'RL833',
          severity: 'warning',
          message: `Two routes of ${tree.fqdn} have the same conditions (${describePath(r.path)}${r.headers.length + r.query.length > 0 ? ' and the same header/query conditions' : ''}): Contour keeps only the one it adds last (this one, from HTTPProxy ${name(r.proxy)}), and the route at line ${earlier.route.source.range.startLine} of HTTPProxy ${name(earlier.proxy)} never answers.`,
          source: r.route.source,
        });
      seen.set(key, r);
    }
  }
  return out;
}
