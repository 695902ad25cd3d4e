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
  let out = `${spec.path.type} ${spec.path.value}`;
  if (spec.method) out += `, method ${spec.method}`;
  for (const h of spec.headers)
    out += `, header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`;
  for (const q of spec.queryParams)
    out += `, query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`;
  return out;
}

// Built without object spreads, and with no array for an empty list: this runs for every
// match on every compile. Nothing writes to a compiled match (its fields are readonly).
const NO_HEADERS: readonly HeaderMatch[] = [];
const NO_QUERY: readonly QueryMatch[] = [];

function compileMatch(spec: HTTPRouteMatch, index: number): CompiledMatch {
  const headers: readonly HeaderMatch[] =
    spec.headers.length === 0
      ? NO_HEADERS
      : spec.headers.map((h) =>
          h.type === 'Exact'
            ? { name: h.name, kind: 'exact', value: h.value }
            : { name: h.name, kind: 'regex', value: h.value, whole: true },
        );
  const query: readonly QueryMatch[] =
    spec.queryParams.length === 0
      ? NO_QUERY
      : spec.queryParams.map((q) =>
          q.type === 'Exact'
            ? { name: q.name, kind: 'exact', value: q.value, values: 'first' }
            : { name: q.name, kind: 'regex', value: q.value, whole: true, values: 'first' },
        );
  const match: Mutable<RouteMatch> = { path: pathMatch(spec), headers, query };
  if (spec.method !== undefined) match.method = spec.method;
  return { match, written: describeMatch(spec), spec, index, source: spec.source };
}

/** Regexes Envoy Gateway validates before programming (internal/utils/regex Validate: Go RE2). */
function regexProblems(spec: HTTPRouteMatch, out: string[]): void {
  const check = (what: string, pattern: string): void => {
    const r = compileRegex(pattern);
    if (!r.ok) out.push(`${what} regex "${pattern}" is not valid RE2 (${r.error})`);
  };
  if (spec.path.type === 'RegularExpression') check('path', spec.path.value);
  for (const h of spec.headers)
    if (h.type === 'RegularExpression') check(`header ${h.name}`, h.value);
  for (const q of spec.queryParams)
    if (q.type === 'RegularExpression') check(`query parameter ${q.name}`, q.value);
}

function hasRegex(spec: HTTPRouteMatch): boolean {
  if (spec.path.type === 'RegularExpression') return true;
  for (const h of spec.headers) if (h.type === 'RegularExpression') return true;
  for (const q of spec.queryParams) if (q.type === 'RegularExpression') return true;
  return false;
}

const NO_MIRRORS: readonly Mirror[] = [];

export function compileRules(
  route: HTTPRoute,
  ctx: BackendContext,
  diagnostics: Diagnostic[],
): CompiledRule[] {
  return route.rules.map((rule, index) => compileRule(route, rule, index, ctx, diagnostics));
}

// Built without object spreads or a closure: this runs for every rule on every compile.
function compiledRule(
  route: HTTPRoute,
  rule: HTTPRouteRule,
  index: number,
  matches: readonly CompiledMatch[],
  policy: RoutePolicy,
  notes: readonly string[],
  conditions: readonly RuleCondition[],
  cors: CompiledRule['cors'],
  accepted: boolean,
  answer: RuleAnswer,
): CompiledRule {
  const out: Mutable<CompiledRule> = {
    route,
    rule,
    index,
    matches,
    policy,
    notes,
    accepted,
    answer,
    conditions,
  };
  if (cors) out.cors = cors;
  return out;
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
  const matches = rule.matches.map(compileMatch);
  let problems: string[] | undefined;
  for (const m of rule.matches) if (hasRegex(m)) regexProblems(m, (problems ??= []));
  let cors: CompiledRule['cors'];
  if (problems && problems.length > 0) {
    conditions.push({
      type: 'Accepted',
      reason: 'UnsupportedValue',
      code: GW.unsupportedValue,
      message: `rules[${index}] is dropped: ${problems.join('; ')}`,
      source: rule.source,
    });
    // Never reached: a dropped rule gets no Envoy route at all.
    return compiledRule(route, rule, index, matches, policy, notes, conditions, cors, false, {
      kind: 'fail',
      status: 404,
      reason: 'the rule is not programmed',
    });
  }
  let requestHeaders: HeaderFilter | undefined;
  let responseHeaders: HeaderFilter | undefined;
  let redirect: Extract<HTTPRouteFilter, { type: 'RequestRedirect' }> | undefined;
  let rewritePath: HTTPPathModifier | undefined;
  let upstreamHost: string | undefined;
  let mirrors: Mirror[] | undefined;
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
        (mirrors ??= []).push({
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
    return compiledRule(route, rule, index, matches, policy, notes, conditions, cors, true, {
      kind: 'fail',
      status: 500,
      reason: failure,
    });
  }
  if (redirect)
    return compiledRule(route, rule, index, matches, policy, notes, conditions, cors, true, {
      kind: 'redirect',
      filter: redirect,
    });
  const backends = compileBackends(route, rule, ctx, conditions);
  // Backend-level RequestRedirect / URLRewrite ([GW] HTTPBackendRef.filters): with a
  // single backend they act exactly as rule-level ones.
  const only = backends.effective.length === 1 ? backends.effective[0] : undefined;
  if (only?.redirect)
    return compiledRule(route, rule, index, matches, policy, notes, conditions, cors, true, {
      kind: 'redirect',
      filter: only.redirect,
    });
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
  if (!backends.weighted.some((b) => !b.invalid)) {
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
      return compiledRule(route, rule, index, matches, policy, notes, conditions, cors, true, {
        kind: 'fail',
        status: 500,
        reason: why,
      });
  }
  const answer: Mutable<Extract<RuleAnswer, { kind: 'forward' }>> = {
    kind: 'forward',
    backends: backends.weighted,
    mirrors: mirrors ?? NO_MIRRORS,
  };
  if (requestHeaders) answer.requestHeaders = requestHeaders;
  if (responseHeaders) answer.responseHeaders = responseHeaders;
  if (rewritePath) answer.rewritePath = rewritePath;
  if (upstreamHost) answer.upstreamHost = upstreamHost;
  return compiledRule(route, rule, index, matches, policy, notes, conditions, cors, true, answer);
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
): { weighted: WeightedBackend[]; effective: readonly BackendFilters[] } {
  // Arrays made at their size, not grown, and what is not needed not made: this runs for
  // every rule on every compile, and a rule has one backendRef more often than not.
  let weighted: WeightedBackend[] | undefined;
  let effective: BackendFilters[] | undefined;
  /** Indexes in `weighted` of Services that exist but have no ready endpoint. */
  let noEndpoints: number[] | undefined;
  let anyEndpoints = false;
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
    const filtered = ref.filters.length > 0;
    const n = weighted?.length ?? 0;
    if (filtered || effective) {
      effective ??= Array.from({ length: n }, () => NO_BACKEND_FILTERS);
      effective.push(filtered ? backendFilters(ref) : NO_BACKEND_FILTERS);
    }
    // Built without object spreads: this runs for every backendRef on every compile.
    const b: Mutable<WeightedBackend> = {
      namespace: r.namespace,
      service: r.ok ? r.service : ref.name,
      port: { number: ref.port ?? 0 },
      weight: ref.weight,
      source: ref.source,
    };
    if (filtered) perBackendHeaders(ref, b);
    if (!r.ok) b.invalid = { status: 500, reason: r.problem.message };
    if (weighted) weighted.push(b);
    else weighted = [b];
    if (r.ok && r.readyEndpoints > 0) anyEndpoints = true;
    else if (r.ok) (noEndpoints ??= []).push(n);
  }
  if (!weighted) return { weighted: [], effective: effective ?? NO_EFFECTIVE };
  // A Service with no ready endpoint drops out of the weighted cluster while another
  // backend still has endpoints (buildXdsWeightedRouteAction adds only settings with
  // endpoints); when none has, the whole rule answers 503 (direct response).
  if (anyEndpoints && noEndpoints) {
    const out = noEndpoints;
    const kept = weighted.filter((_, i) => !out.includes(i));
    return { weighted: kept, effective: effective ?? NO_EFFECTIVE };
  }
  return { weighted, effective: effective ?? NO_EFFECTIVE };
}

/** No backendRef has filters: none can redirect or rewrite. */
const NO_EFFECTIVE: readonly BackendFilters[] = [];

const NO_BACKEND_FILTERS: BackendFilters = {};

function backendFilters(ref: HTTPBackendRef): BackendFilters {
  const redirect = ref.filters.find(
    (f): f is Extract<HTTPRouteFilter, { type: 'RequestRedirect' }> => f.type === 'RequestRedirect',
  );
  const rewrite = ref.filters.find(
    (f): f is Extract<HTTPRouteFilter, { type: 'URLRewrite' }> => f.type === 'URLRewrite',
  );
  return { ...(redirect ? { redirect } : {}), ...(rewrite ? { rewrite } : {}) };
}

function perBackendHeaders(ref: HTTPBackendRef, into: Mutable<WeightedBackend>): void {
  const req = ref.filters.find((f) => f.type === 'RequestHeaderModifier');
  const res = ref.filters.find((f) => f.type === 'ResponseHeaderModifier');
  if (req && req.type === 'RequestHeaderModifier') into.requestHeaders = headerFilter(req.headers);
  if (res && res.type === 'ResponseHeaderModifier')
    into.responseHeaders = headerFilter(res.headers);
}

/** The rewrite a rule's URLRewrite path makes for one of its matches. */
export function rewriteFor(modifier: HTTPPathModifier, match: CompiledMatch): PathRewrite {
  if (modifier.type === 'ReplaceFullPath') return { kind: 'replaceFull', value: modifier.value };
  return { kind: 'replacePrefix', prefix: match.spec.path.value, value: modifier.value };
}
