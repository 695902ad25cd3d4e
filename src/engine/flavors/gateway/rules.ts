/**
 * One HTTPRoute's rules, compiled once for every parent they attach to: matches in the
 * route-table form, filters as actions and checks, backends resolved, and the status
 * conditions the rules cause. Follows envoyproxy/gateway internal/gatewayapi/route.go
 * processHTTPRouteRules / processHTTPRouteRule and filters.go:
 *  - one Envoy route per match (matches are ORed; a rule without matches matches "/");
 *  - a rule whose match Envoy Gateway cannot program (a regex RE2 refuses) is dropped:
 *    Accepted=False, UnsupportedValue when every rule is, PartiallyInvalid otherwise;
 *  - a filter it cannot apply (an ExtensionRef it does not know) turns the rule into a
 *    direct 500 answer ("setting 500 direct response in routes due to errors in
 *    processing filters");
 *  - no usable backend at all (none given, all invalid, all weight 0) is a direct 500.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import type {
  HTTPBackendRef,
  HTTPCorsFilter,
  HTTPHeaderFilter,
  HTTPPathModifier,
  HTTPRoute,
  HTTPRouteFilter,
  HTTPRouteMatch,
  HTTPRouteRule,
} from '../../model/gateway.js';
import type {
  HeaderFilter,
  HeaderMatch,
  Mirror,
  PathMatch,
  PathRewrite,
  QueryMatch,
  RouteMatch,
  RoutePolicy,
  WeightedBackend,
} from '../../model/routeTable.js';
import type { SourceRef } from '../../model/source.js';
import { compileRegex } from '../../util/regex.js';
import { resolveBackendRef, type BackendContext } from './backends.js';
import { GW } from './codes.js';
import { rulePolicy } from './policy.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface RuleCondition {
  readonly type: 'Accepted' | 'ResolvedRefs';
  readonly reason: string;
  readonly message: string;
  readonly code: string;
  readonly source: SourceRef;
}

export interface CompiledMatch {
  readonly match: RouteMatch;
  /** The match as written, e.g. `PathPrefix /v2, header version=two`. */
  readonly written: string;
  readonly spec: HTTPRouteMatch;
  readonly index: number;
  readonly source: SourceRef;
  /** Set on the extra route Envoy Gateway adds for CORS preflights (table.ts). */
  readonly preflight?: true;
}

export type RuleAnswer =
  | {
      readonly kind: 'forward';
      readonly backends: readonly WeightedBackend[];
      readonly requestHeaders?: HeaderFilter;
      readonly responseHeaders?: HeaderFilter;
      readonly mirrors: readonly Mirror[];
      /** Applied per match: ReplacePrefixMatch needs the match's prefix. */
      readonly rewritePath?: HTTPPathModifier;
      readonly upstreamHost?: string;
    }
  | {
      readonly kind: 'redirect';
      readonly filter: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }>;
    }
  | { readonly kind: 'fail'; readonly status: number; readonly reason: string };

export interface CompiledRule {
  readonly route: HTTPRoute;
  readonly rule: HTTPRouteRule;
  readonly index: number;
  /** False: Envoy Gateway drops the rule (its matches are not programmed). */
  readonly accepted: boolean;
  readonly matches: readonly CompiledMatch[];
  readonly answer: RuleAnswer;
  readonly cors?: HTTPCorsFilter & { readonly source: SourceRef };
  readonly policy: RoutePolicy;
  readonly notes: readonly string[];
  readonly conditions: readonly RuleCondition[];
}

export function headerFilter(f: HTTPHeaderFilter): HeaderFilter {
  return {
    set: f.set.map((h) => [h.name, h.value] as const),
    add: f.add.map((h) => [h.name, h.value] as const),
    remove: [...f.remove],
  };
}

function pathMatch(spec: HTTPRouteMatch): PathMatch {
  const { type, value } = spec.path;
  if (type === 'Exact') return { kind: 'exact', value };
  if (type === 'PathPrefix') return { kind: 'prefix', value, semantics: 'segment' };
  // Envoy safe_regex matches the whole path (RE2), case-sensitively.
  return {
    kind: 'regex',
    pattern: value,
    caseInsensitive: false,
    anchoredStart: true,
    whole: true,
  };
}

export function describeMatch(spec: HTTPRouteMatch): string {
  const parts = [`${spec.path.type} ${spec.path.value}`];
  if (spec.method) parts.push(`method ${spec.method}`);
  for (const h of spec.headers)
    parts.push(`header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`);
  for (const q of spec.queryParams)
    parts.push(`query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`);
  return parts.join(', ');
}

function compileMatch(spec: HTTPRouteMatch, index: number): CompiledMatch {
  const headers: HeaderMatch[] = spec.headers.map((h) =>
    h.type === 'Exact'
      ? { name: h.name, kind: 'exact', value: h.value }
      : { name: h.name, kind: 'regex', value: h.value, whole: true },
  );
  const query: QueryMatch[] = spec.queryParams.map((q) =>
    q.type === 'Exact'
      ? { name: q.name, kind: 'exact', value: q.value, values: 'first' }
      : { name: q.name, kind: 'regex', value: q.value, whole: true, values: 'first' },
  );
  return {
    match: {
      path: pathMatch(spec),
      headers,
      query,
      ...(spec.method !== undefined ? { method: spec.method } : {}),
    },
    written: describeMatch(spec),
    spec,
    index,
    source: spec.source,
  };
}

/** Regexes Envoy Gateway validates before programming (internal/utils/regex Validate: Go RE2). */
function regexProblems(spec: HTTPRouteMatch): string[] {
  const out: string[] = [];
  const check = (what: string, pattern: string): void => {
    const r = compileRegex(pattern);
    if (!r.ok) out.push(`${what} regex "${pattern}" is not valid RE2 (${r.error})`);
  };
  if (spec.path.type === 'RegularExpression') check('path', spec.path.value);
  for (const h of spec.headers)
    if (h.type === 'RegularExpression') check(`header ${h.name}`, h.value);
  for (const q of spec.queryParams)
    if (q.type === 'RegularExpression') check(`query parameter ${q.name}`, q.value);
  return out;
}

export function compileRules(
  route: HTTPRoute,
  ctx: BackendContext,
  diagnostics: Diagnostic[],
): CompiledRule[] {
  return route.rules.map((rule, index) => compileRule(route, rule, index, ctx, diagnostics));
}

function compileRule(
  route: HTTPRoute,
  rule: HTTPRouteRule,
  index: number,
  ctx: BackendContext,
  diagnostics: Diagnostic[],
): CompiledRule {
  const conditions: RuleCondition[] = [];
  const { policy, notes } = rulePolicy(rule);
  const matches = rule.matches.map((m, i) => compileMatch(m, i));
  const problems = rule.matches.flatMap(regexProblems);
  let cors: CompiledRule['cors'];
  // Built without object spreads: this runs for every rule on every compile.
  const compiled = (accepted: boolean, answer: RuleAnswer): CompiledRule => {
    const out = { route, rule, index, matches, policy, notes, accepted, answer, conditions };
    return cors ? { ...out, cors } : out;
  };
  if (problems.length > 0) {
    conditions.push({
      type: 'Accepted',
      reason: 'UnsupportedValue',
      code: GW.unsupportedValue,
      message: `rules[${index}] is dropped: ${problems.join('; ')}`,
      source: rule.source,
    });
    // Never reached: a dropped rule gets no Envoy route at all.
    return compiled(false, { kind: 'fail', status: 404, reason: 'the rule is not programmed' });
  }
  let requestHeaders: HeaderFilter | undefined;
  let responseHeaders: HeaderFilter | undefined;
  let redirect: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }> | undefined;
  let rewritePath: HTTPPathModifier | undefined;
  let upstreamHost: string | undefined;
  const mirrors: Mirror[] = [];
  let failure: string | undefined;
  for (const f of rule.filters) {
    switch (f.type) {
      case 'RequestHeaderModifier':
        requestHeaders = headerFilter(f.headers);
        break;
      case 'ResponseHeaderModifier':
        responseHeaders = headerFilter(f.headers);
        break;
      case 'RequestRedirect':
        redirect = f;
        break;
      case 'URLRewrite':
        if (f.path) rewritePath = f.path;
        if (f.hostname) upstreamHost = f.hostname;
        break;
      case 'RequestMirror': {
        const b = resolveBackendRef(route, f.backendRef, ctx, 'requestMirror.backendRef');
        if (!b.ok) {
          // [GW] HTTPRequestMirrorFilter: an invalid mirror backendRef "must be dropped".
          conditions.push({
            type: 'ResolvedRefs',
            reason: b.problem.reason,
            code: b.problem.code,
            message: `${b.problem.message}; the mirror is dropped`,
            source: b.problem.source,
          });
          break;
        }
        if (f.percent <= 0) break;
        mirrors.push({
          namespace: b.namespace,
          service: b.service,
          port: { number: b.port },
          percent: f.percent,
          source: f.source,
        });
        break;
      }
      case 'CORS':
        cors = { ...f.cors, source: f.source };
        break;
      case 'ExtensionRef':
        failure = `filter ExtensionRef ${f.ref.group}/${f.ref.kind} ${f.ref.name} is not one Envoy Gateway knows`;
        break;
      case 'Other':
        failure = `filter ${f.declaredType} is not modelled by routelab`;
        break;
    }
  }
  if (failure) {
    diagnostics.push({
      code: GW.unsupportedFilter,
      severity: 'error',
      message: `HTTPRoute ${route.meta.namespace}/${route.meta.name} rules[${index}]: ${failure}. "If a reference to a custom filter type cannot be resolved, the filter MUST NOT be skipped": every request this rule matches gets 500.`,
      source: rule.source,
    });
    return compiled(true, { kind: 'fail', status: 500, reason: failure });
  }
  if (redirect) return compiled(true, { kind: 'redirect', filter: redirect });
  const backends = compileBackends(route, rule, ctx, conditions);
  // Backend-level RequestRedirect / URLRewrite ([GW] HTTPBackendRef.filters): with a
  // single backend they act exactly as rule-level ones.
  const only = backends.effective.length === 1 ? backends.effective[0] : undefined;
  if (only?.redirect) return compiled(true, { kind: 'redirect', filter: only.redirect });
  if (only?.rewrite) {
    if (only.rewrite.path) rewritePath = only.rewrite.path;
    if (only.rewrite.hostname) upstreamHost = only.rewrite.hostname;
  } else if (backends.effective.some((b) => b.rewrite || b.redirect))
    diagnostics.push({
      code: GW.unsupportedFilter,
      severity: 'warning',
      message: `HTTPRoute ${route.meta.namespace}/${route.meta.name} rules[${index}]: URLRewrite or RequestRedirect on one of several backendRefs is not modelled by routelab; it is ignored here.`,
      source: rule.source,
    });
  const usable = backends.weighted.filter((b) => !b.invalid);
  if (usable.length === 0) {
    const why =
      rule.backendRefs.length === 0
        ? 'the rule has no backendRefs and no redirect'
        : backends.weighted.length === 0
          ? 'every backendRef has weight 0'
          : 'no backendRef can be used';
    diagnostics.push({
      code: GW.noUsableBackend,
      severity: rule.backendRefs.length === 0 ? 'warning' : 'error',
      message: `HTTPRoute ${route.meta.namespace}/${route.meta.name} rules[${index}]: ${why}, so Envoy Gateway answers every request it matches with 500.`,
      source:
        rule.backendRefs.length === 0 ? rule.source : (rule.backendRefs[0]?.source ?? rule.source),
    });
    if (backends.weighted.length === 0)
      return compiled(true, { kind: 'fail', status: 500, reason: why });
  }
  const answer: Mutable<Extract<RuleAnswer, { kind: 'forward' }>> = {
    kind: 'forward',
    backends: backends.weighted,
    mirrors,
  };
  if (requestHeaders) answer.requestHeaders = requestHeaders;
  if (responseHeaders) answer.responseHeaders = responseHeaders;
  if (rewritePath) answer.rewritePath = rewritePath;
  if (upstreamHost) answer.upstreamHost = upstreamHost;
  return compiled(true, answer);
}

interface BackendFilters {
  readonly redirect?: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }>;
  readonly rewrite?: Extract<HTTPRouteFilter, { type: 'URLRewrite' }>;
}

function compileBackends(
  route: HTTPRoute,
  rule: HTTPRouteRule,
  ctx: BackendContext,
  conditions: RuleCondition[],
): { weighted: WeightedBackend[]; effective: BackendFilters[] } {
  const weighted: WeightedBackend[] = [];
  const effective: BackendFilters[] = [];
  const withEndpoints: boolean[] = [];
  for (const ref of rule.backendRefs) {
    const r = resolveBackendRef(route, ref, ctx);
    if (!r.ok)
      conditions.push({
        type: 'ResolvedRefs',
        reason: r.problem.reason,
        code: r.problem.code,
        message: r.problem.message,
        source: r.problem.source,
      });
    // "skip backendRefs with weight 0 as they do not affect the traffic distribution".
    if (ref.weight === 0) continue;
    effective.push(backendFilters(ref));
    const filters = perBackendHeaders(ref);
    weighted.push({
      namespace: r.namespace,
      service: r.ok ? r.service : ref.name,
      port: { number: ref.port ?? 0 },
      weight: ref.weight,
      source: ref.source,
      ...filters,
      ...(r.ok ? {} : { invalid: { status: 500, reason: r.problem.message } }),
    });
    withEndpoints.push(r.ok && r.readyEndpoints > 0);
  }
  // A Service with no ready endpoint drops out of the weighted cluster while another
  // backend still has endpoints (buildXdsWeightedRouteAction adds only settings with
  // endpoints); when none has, the whole rule answers 503 (direct response).
  const anyEndpoints = withEndpoints.some(Boolean);
  if (anyEndpoints) {
    const kept: WeightedBackend[] = [];
    weighted.forEach((b, i) => {
      if (withEndpoints[i] || b.invalid) kept.push(b);
    });
    return { weighted: kept, effective };
  }
  return { weighted, effective };
}

function backendFilters(ref: HTTPBackendRef): BackendFilters {
  const redirect = ref.filters.find(
    (f): f is Extract<HTTPRouteFilter, { type: 'RequestRedirect' }> => f.type === 'RequestRedirect',
  );
  const rewrite = ref.filters.find(
    (f): f is Extract<HTTPRouteFilter, { type: 'URLRewrite' }> => f.type === 'URLRewrite',
  );
  return { ...(redirect ? { redirect } : {}), ...(rewrite ? { rewrite } : {}) };
}

function perBackendHeaders(
  ref: HTTPBackendRef,
): Pick<WeightedBackend, 'requestHeaders' | 'responseHeaders'> {
  const req = ref.filters.find((f) => f.type === 'RequestHeaderModifier');
  const res = ref.filters.find((f) => f.type === 'ResponseHeaderModifier');
  return {
    ...(req && req.type === 'RequestHeaderModifier'
      ? { requestHeaders: headerFilter(req.headers) }
      : {}),
    ...(res && res.type === 'ResponseHeaderModifier'
      ? { responseHeaders: headerFilter(res.headers) }
      : {}),
  };
}

/** The rewrite a rule's URLRewrite path makes for one of its matches. */
export function rewriteFor(modifier: HTTPPathModifier, match: CompiledMatch): PathRewrite {
  if (modifier.type === 'ReplaceFullPath') return { kind: 'replaceFull', value: modifier.value };
  return { kind: 'replacePrefix', prefix: match.spec.path.value, value: modifier.value };
}
