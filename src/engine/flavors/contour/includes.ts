/**
 * The HTTPProxy include tree, walked as Contour walks it in
 * [CTR] internal/dag/httpproxy_processor.go (validHTTPProxies, computeHTTPProxy,
 * computeRoutes, expandPrefixMatches, orphan handling):
 *  - a root is an HTTPProxy with `virtualhost`; two roots with the same fqdn are both
 *    invalid ("DuplicateVhost") and serve nothing;
 *  - includes are walked depth first, before the proxy's own routes; the include's
 *    conditions are appended to the inherited ones and the child's route conditions
 *    after them (prefixes concatenate, see conditions.ts);
 *  - an include of a missing proxy or of a root is an error on the includer, and
 *    Contour answers 502 for that include's conditions;
 *  - an include cycle is an error on the proxy reached twice;
 *  - a route that Contour cannot build (bad conditions, a bad policy) drops every
 *    route of that proxy, including what it included ("return nil");
 *  - a non-root proxy that no valid root reaches is "orphaned".
 * The result keeps, for every route, the chain of proxies and includes that made it,
 * so that a trace can cite each YAML line that contributed a condition.
 */
import type {
  ContourInclude,
  ContourMatchCondition,
  ContourRoute,
  HTTPProxy,
} from '../../model/contour.js';
import { resourceKey } from '../../model/resources.js';
import type { SourceRef } from '../../model/source.js';
import {
  headerConditionsError,
  includeConditionsError,
  mergeHeaderConditions,
  mergePathConditions,
  mergeQueryConditions,
  pathConditionsError,
  queryConditionsError,
  type HeaderCondition,
  type PathCondition,
  type QueryCondition,
} from './conditions.js';

/** One error in a proxy's `Valid` condition, with Contour's type, reason and message. */
export interface ProxyError {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly source: SourceRef;
}

export interface ProxyStatus {
  readonly proxy: HTTPProxy;
  readonly errors: ProxyError[];
  /** Roots whose include tree reaches this proxy. */
  readonly reachedFrom: HTTPProxy[];
}

/** Contour's status.currentStatus: orphaned, invalid or valid. */
export function currentStatus(s: ProxyStatus): 'valid' | 'invalid' | 'orphaned' {
  if (s.errors.some((e) => e.reason === 'Orphaned')) return 'orphaned';
  return s.errors.length > 0 ? 'invalid' : 'valid';
}

/** A route of the merged tree, before Contour's precedence sort. */
export interface TreeRoute {
  readonly path: PathCondition;
  readonly headers: readonly HeaderCondition[];
  readonly query: readonly QueryCondition[];
  /** The proxy that wrote the routes[] entry (for a failed include: the includer). */
  readonly proxy: HTTPProxy;
  readonly route?: ContourRoute;
  /** An include Contour could not follow: it answers 502 for the include's conditions. */
  readonly failedInclude?: { readonly include: ContourInclude; readonly reason: string };
  /** Root first: the proxies and the include entries that led here. */
  readonly chain: readonly HTTPProxy[];
  readonly viaIncludes: readonly ContourInclude[];
  /** Every condition that went into the match, in merge order (for citing lines). */
  readonly conditions: readonly ContourMatchCondition[];
  /** The prefix Envoy writes instead of the matched prefix (pathRewritePolicy.replacePrefix). */
  readonly prefixRewrite?: string;
  /** Set on the copy expandPrefixMatches adds for "<prefix>/" (see expandPrefixMatches). */
  readonly expandedFrom?: string;
}

export interface RootTree {
  readonly root: HTTPProxy;
  /** Lower-cased fqdn. */
  readonly fqdn: string;
  readonly routes: readonly TreeRoute[];
}

export interface IncludeForest {
  readonly roots: readonly RootTree[];
  readonly statuses: ReadonlyMap<HTTPProxy, ProxyStatus>;
}

export interface ForestOptions {
  /**
   * Root checks that need the cluster (the TLS Secret). Called after Contour's own
   * virtual-host checks; returning false stops the root as Contour's `return` does.
   */
  readonly checkRoot?: (
    root: HTTPProxy,
    fail: (error: Omit<ProxyError, 'source'> & { source?: SourceRef }) => void,
  ) => boolean;
}

/** Builds every root's merged route list and every proxy's status. */
export function buildIncludeForest(
  proxies: readonly HTTPProxy[],
  options: ForestOptions = {},
): IncludeForest {
  const byKey = new Map(proxies.map((p) => [resourceKey(p), p]));
  const statuses = new Map<HTTPProxy, ProxyStatus>(
    proxies.map((p) => [p, { proxy: p, errors: [], reachedFrom: [] }]),
  );
  const addError = (p: HTTPProxy, e: ProxyError): void => {
    const s = statuses.get(p);
    if (s && !s.errors.some((x) => x.reason === e.reason && x.message === e.message))
      s.errors.push(e);
  };
  const roots: RootTree[] = [];
  for (const root of validRoots(proxies, addError)) {
    const fqdn = (root.virtualhost?.fqdn ?? '').toLowerCase();
    if (!rootChecks(root, addError)) continue;
    if (
      options.checkRoot &&
      !options.checkRoot(root, (e) => addError(root, { ...e, source: e.source ?? root.source }))
    )
      continue;
    const walk = new Walk(byKey, statuses, addError, root);
    const routes = walk.computeRoutes(root, [], [], []);
    roots.push({ root, fqdn, routes });
  }
  for (const p of proxies) {
    const s = statuses.get(p);
    if (!p.virtualhost && s && s.reachedFrom.length === 0)
      addError(p, {
        type: 'OrphanedError',
        reason: 'Orphaned',
        message: 'this HTTPProxy is not part of a delegation chain from a root HTTPProxy',
        source: p.source,
      });
  }
  return { roots, statuses };
}

/** validHTTPProxies: a given fqdn may be used by one root only. */
function validRoots(
  proxies: readonly HTTPProxy[],
  addError: (p: HTTPProxy, e: ProxyError) => void,
): HTTPProxy[] {
  const byFqdn = new Map<string, HTTPProxy[]>();
  for (const p of proxies) {
    if (!p.virtualhost) continue;
    const fqdn = p.virtualhost.fqdn.toLowerCase();
    byFqdn.set(fqdn, [...(byFqdn.get(fqdn) ?? []), p]);
  }
  const valid: HTTPProxy[] = [];
  for (const [fqdn, group] of byFqdn) {
    const [only] = group;
    if (group.length === 1 && only) {
      valid.push(only);
      continue;
    }
    const names = group.map((p) => resourceKey(p)).sort();
    for (const p of group)
      addError(p, {
        type: 'VirtualHostError',
        reason: 'DuplicateVhost',
        message: `fqdn "${fqdn}" is used in multiple HTTPProxies: ${names.join(', ')}`,
        source: p.virtualhost?.source ?? p.source,
      });
  }
  // Keep the input order so results are stable.
  return proxies.filter((p) => valid.includes(p));
}

/** computeHTTPProxy's checks before routes are computed (those that need no cluster). */
function rootChecks(root: HTTPProxy, addError: (p: HTTPProxy, e: ProxyError) => void): boolean {
  const vh = root.virtualhost;
  if (!vh) return false;
  if (vh.fqdn.trim() === '') {
    addError(root, {
      type: 'VirtualHostError',
      reason: 'FQDNNotSpecified',
      message: 'Spec.VirtualHost.Fqdn must be specified',
      source: vh.source,
    });
    return false;
  }
  if (root.routes.length === 0 && root.includes.length === 0 && !root.hasTcpProxy) {
    addError(root, {
      type: 'SpecError',
      reason: 'NothingDefined',
      message: 'HTTPProxy.Spec must have at least one Route, Include, or a TCPProxy',
      source: root.source,
    });
    return false;
  }
  if (vh.ipAllowPolicy.length > 0 && vh.ipDenyPolicy.length > 0) {
    addError(root, {
      type: 'IPFilterError',
      reason: 'IncompatibleIPAddressFilters',
      message:
        'Spec.VirtualHost.IPAllowFilterPolicy and Spec.VirtualHost.IPDepnyFilterPolicy cannot both be defined.',
      source: vh.source,
    });
    return false;
  }
  const tls = vh.tls;
  if (tls) {
    const hasSecret = (tls.secretName ?? '').trim() !== '';
    if (hasSecret && tls.passthrough) {
      addError(root, {
        type: 'TLSError',
        reason: 'TLSConfigNotValid',
        message: 'Spec.VirtualHost.TLS: both Passthrough and SecretName were specified',
        source: tls.source,
      });
      return false;
    }
    if (!hasSecret && !tls.passthrough) {
      addError(root, {
        type: 'TLSError',
        reason: 'TLSConfigNotValid',
        message: 'Spec.VirtualHost.TLS: neither Passthrough nor SecretName were specified',
        source: tls.source,
      });
      return false;
    }
  }
  if (vh.hasAuthorization && !tls) {
    addError(root, {
      type: 'AuthError',
      reason: 'AuthNotPermitted',
      message:
        'Spec.VirtualHost.Authorization.ExtensionServiceRef can only be defined for root HTTPProxies that terminate TLS',
      source: vh.source,
    });
    return false;
  }
  return true;
}

/**
 * Contour expands a proxy once per include that reaches it, so includes that fan out and
 * meet again (a diamond, repeated) multiply the routes. Contour would do the same work;
 * routelab stops a root's walk after this many proxy visits so that no input can hang it.
 */
export const MAX_INCLUDE_VISITS = 5_000;

class Walk {
  private visits = 0;
  private stopped = false;

  constructor(
    private readonly byKey: ReadonlyMap<string, HTTPProxy>,
    private readonly statuses: ReadonlyMap<HTTPProxy, ProxyStatus>,
    private readonly addError: (p: HTTPProxy, e: ProxyError) => void,
    private readonly root: HTTPProxy,
  ) {}

  /** computeRoutes for `proxy`, reached through `visited` with inherited `conditions`. */
  computeRoutes(
    proxy: HTTPProxy,
    conditions: readonly ContourMatchCondition[],
    visited: readonly HTTPProxy[],
    viaIncludes: readonly ContourInclude[],
  ): TreeRoute[] {
    if (visited.includes(proxy)) {
      const path = [...visited, proxy].map((p) => resourceKey(p)).join(' -> ');
      this.addError(proxy, {
        type: 'IncludeError',
        reason: 'IncludeCreatesCycle',
        message: `include creates an include cycle: ${path}`,
        source: viaIncludes[viaIncludes.length - 1]?.source ?? proxy.source,
      });
      return [];
    }
    if (++this.visits > MAX_INCLUDE_VISITS) {
      if (!this.stopped)
        this.addError(this.root, {
          type: 'IncludeError',
          reason: 'RoutelabLimit',
          message: `the include tree reaches more than ${MAX_INCLUDE_VISITS} HTTPProxies (counting each path to a proxy); routelab stopped expanding it there`,
          source: this.root.source,
        });
      this.stopped = true;
      return [];
    }
    const status = this.statuses.get(proxy);
    if (status && !status.reachedFrom.includes(this.root)) status.reachedFrom.push(this.root);
    const chain = [...visited, proxy];
    let routes: TreeRoute[] = [];
    const fail = (type: string, reason: string, message: string, source: SourceRef): void =>
      this.addError(proxy, { type, reason, message, source });

    const seenIncludeConditions: string[] = [];
    for (const include of proxy.includes) {
      const ns = include.namespace ?? proxy.meta.namespace;
      const pathErr =
        includeConditionsError(include.conditions) ?? pathConditionsError(include.conditions);
      if (pathErr) {
        fail('IncludeError', 'PathMatchConditionsNotValid', `include: ${pathErr}`, include.source);
        continue;
      }
      const headerErr = headerConditionsError(include.conditions);
      if (headerErr) {
        fail('RouteError', 'HeaderMatchConditionsNotValid', headerErr, include.source);
        continue;
      }
      const queryErr = queryConditionsError(include.conditions);
      if (queryErr) {
        fail('RouteError', 'QueryParameterMatchConditionsNotValid', queryErr, include.source);
        continue;
      }
      if (duplicateIncludeConditions(include.conditions, seenIncludeConditions)) {
        fail(
          'IncludeError',
          'DuplicateMatchConditions',
          'duplicate conditions defined on an include',
          include.source,
        );
        continue;
      }
      const child = this.byKey.get(`${ns}/${include.name}`);
      if (!child || child.virtualhost) {
        const reason = child ? 'RootIncludesRoot' : 'IncludeNotFound';
        const message = child
          ? `root httpproxy cannot include another root httpproxy (${ns}/${include.name})`
          : `include ${ns}/${include.name} not found`;
        fail('IncludeError', reason, message, include.source);
        // "Set 502 response when include was not found but include condition was valid."
        if (include.conditions.length > 0)
          routes.push({
            path: mergePathConditions(include.conditions),
            headers: mergeHeaderConditions(include.conditions),
            query: mergeQueryConditions(include.conditions),
            proxy,
            failedInclude: { include, reason: message },
            chain,
            viaIncludes: [...viaIncludes, include],
            conditions: include.conditions,
          });
        continue;
      }
      routes.push(
        ...this.computeRoutes(child, [...conditions, ...include.conditions], chain, [
          ...viaIncludes,
          include,
        ]),
      );
    }

    for (const route of proxy.routes) {
      const built = this.buildRoute(proxy, route, conditions, chain, viaIncludes);
      // Any route Contour cannot build drops all of this proxy's routes.
      if (!built) return [];
      routes.push(built);
    }
    routes = expandPrefixMatches(routes);
    return routes;
  }

  /** One routes[] entry; undefined when Contour marks the proxy invalid for it. */
  private buildRoute(
    proxy: HTTPProxy,
    route: ContourRoute,
    inherited: readonly ContourMatchCondition[],
    chain: readonly HTTPProxy[],
    viaIncludes: readonly ContourInclude[],
  ): TreeRoute | undefined {
    const fail = (type: string, reason: string, message: string, source: SourceRef): undefined => {
      this.addError(proxy, { type, reason, message, source });
      return undefined;
    };
    const actions =
      (route.services.length > 0 ? 1 : 0) +
      (route.requestRedirectPolicy ? 1 : 0) +
      (route.directResponsePolicy ? 1 : 0);
    if (actions !== 1)
      return fail(
        'RouteError',
        'RouteActionCountNotValid',
        'must set exactly one of route.services or route.requestRedirectPolicy or route.directResponsePolicy',
        route.source,
      );
    const pathErr = pathConditionsError(route.conditions);
    if (pathErr)
      return fail('RouteError', 'PathMatchConditionsNotValid', `route: ${pathErr}`, route.source);
    const all = [...inherited, ...route.conditions];
    const headerErr = headerConditionsError(all);
    if (headerErr)
      return fail('RouteError', 'HeaderMatchConditionsNotValid', headerErr, route.source);
    const queryErr = queryConditionsError(all);
    if (queryErr)
      return fail('RouteError', 'QueryParameterMatchConditionsNotValid', queryErr, route.source);
    const headersErr =
      headersPolicyError(route.requestHeadersPolicy, true, 'request') ??
      headersPolicyError(route.responseHeadersPolicy, false, 'response');
    if (headersErr) return fail('RouteError', headersErr.reason, headersErr.message, route.source);
    const tp = route.timeoutPolicy;
    if (tp) {
      for (const [field, d] of [
        ['response', tp.response],
        ['idle', tp.idle],
        ['idle connection', tp.idleConnection],
      ] as const)
        if (d.kind === 'invalid')
          return fail(
            'RouteError',
            'TimeoutPolicyNotValid',
            `route.timeoutPolicy failed to parse: error parsing ${field} timeout: ${d.reason}`,
            tp.source,
          );
    }
    const redirect = route.requestRedirectPolicy;
    if (redirect?.path !== undefined && redirect.prefix !== undefined)
      return fail(
        'RouteError',
        'RequestRedirectPolicy',
        'route.requestRedirectPolicy is invalid: cannot specify both redirect path and redirect prefix',
        redirect.source,
      );
    const path = mergePathConditions(all);
    let prefixRewrite: string | undefined;
    const replacements = route.pathRewritePolicy?.replacePrefix ?? [];
    if (replacements.length > 0) {
      const src = route.pathRewritePolicy?.source ?? route.source;
      if (path.kind !== 'prefix')
        return fail(
          'PrefixReplaceError',
          'MustHavePrefix',
          'cannot specify prefix replacements without a prefix condition',
          src,
        );
      const invalid = prefixReplacementsError(replacements);
      if (invalid) return fail('PrefixReplaceError', invalid.reason, invalid.message, src);
      // An exact match of the routing prefix first, then the default (no prefix).
      prefixRewrite =
        replacements.find((r) => r.prefix !== undefined && r.prefix === path.value)?.replacement ??
        replacements.find((r) => r.prefix === undefined)?.replacement;
    }
    const mirrors = route.services.filter((s) => s.mirror);
    if (mirrors.length > 1)
      return fail(
        'ServiceError',
        'OnlyOneMirror',
        'only one service per route may be nominated as mirror',
        mirrors[1]?.source ?? route.source,
      );
    if (route.ipAllowPolicy.length > 0 && route.ipDenyPolicy.length > 0)
      return fail(
        'IPFilterError',
        'IncompatibleIPAddressFilters',
        'cannot specify both `ipAllowPolicy` and `ipDenyPolicy`',
        route.source,
      );
    return {
      path,
      headers: mergeHeaderConditions(all),
      query: mergeQueryConditions(all),
      proxy,
      route,
      chain,
      viaIncludes,
      conditions: all,
      ...(prefixRewrite !== undefined ? { prefixRewrite } : {}),
    };
  }
}

/**
 * includeMatchConditionsIdentical: two includes of one proxy with the same merged
 * prefix, headers and query conditions. An include on "/" with nothing else is exempt
 * ("a stop-gap", as the source says).
 */
function duplicateIncludeConditions(
  conds: readonly ContourMatchCondition[],
  seen: string[],
): boolean {
  const path = mergePathConditions(conds);
  const headers = mergeHeaderConditions(conds)
    .map((h) =>
      JSON.stringify([h.matchType, h.ignoreCase, h.invert, h.treatMissingAsEmpty, h.name, h.value]),
    )
    .sort();
  const query = mergeQueryConditions(conds)
    .map((q) => JSON.stringify([q.matchType, q.ignoreCase, q.name, q.value]))
    .sort();
  if (path.value === '/' && headers.length === 0 && query.length === 0) return false;
  const key = JSON.stringify([path.value, headers, query]);
  if (seen.includes(key)) return true;
  seen.push(key);
  return false;
}

/** headersPolicyRoute's checks ([CTR] internal/dag/policy.go). */
function headersPolicyError(
  policy: ContourRoute['requestHeadersPolicy'],
  allowHost: boolean,
  which: 'request' | 'response',
): { reason: string; message: string } | undefined {
  if (!policy) return undefined;
  const reason =
    which === 'request' ? 'RequestHeadersPolicyInvalid' : 'ResponseHeaderPolicyInvalid';
  const set = new Set<string>();
  for (const { name } of policy.set) {
    const key = canonicalHeader(name);
    if (set.has(key))
      return { reason, message: `duplicate header addition: "${key}" on ${which} headers` };
    set.add(key);
    if (key === 'Host' && !allowHost)
      return { reason, message: `rewriting "Host" header is not supported on ${which} headers` };
  }
  const removed = new Set<string>();
  for (const name of policy.remove) {
    const key = canonicalHeader(name);
    if (removed.has(key))
      return { reason, message: `duplicate header removal: "${key}" on ${which} headers` };
    removed.add(key);
  }
  return undefined;
}

/** Go's http.CanonicalHeaderKey: "x-forwarded-for" → "X-Forwarded-For". */
export function canonicalHeader(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  return name
    .split('-')
    .map((part) => (part ? part[0]?.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('-');
}

/** prefixReplacementsAreValid. */
function prefixReplacementsError(
  replacements: readonly { prefix?: string; replacement: string }[],
): { reason: string; message: string } | undefined {
  const seen = new Set<string>();
  for (const r of replacements) {
    const p = r.prefix ?? '';
    if (seen.has(p))
      return p
        ? { reason: 'DuplicateReplacement', message: `duplicate replacement prefix '${p}'` }
        : { reason: 'AmbiguousReplacement', message: 'ambiguous prefix replacement' };
    seen.add(p);
  }
  return undefined;
}

/**
 * expandPrefixMatches: a prefix rewrite on "/foo" alone would turn "/foo/v1" into
 * "//v1" (with replacement "/") or "/foosball" into "/bar/sball". Contour therefore
 * splits a rewritten prefix route into "/foo" (replacement without its trailing "/")
 * and "/foo/" (replacement with one), unless both forms already exist.
 */
export function expandPrefixMatches(routes: readonly TreeRoute[]): TreeRoute[] {
  const groups = new Map<string, TreeRoute[]>();
  for (const r of routes) {
    if (r.path.kind !== 'prefix') continue;
    const key = r.path.value === '/' ? '/' : r.path.value.replace(/\/+$/, '');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: TreeRoute[] = [];
  for (const r of routes) {
    if (r.path.kind !== 'prefix') {
      out.push(r);
      continue;
    }
    const key = r.path.value === '/' ? '/' : r.path.value.replace(/\/+$/, '');
    const group = groups.get(key) ?? [];
    if (group.length !== 1 || r.prefixRewrite === undefined || r.path.value === '/') {
      out.push(r);
      continue;
    }
    const trimmed = r.prefixRewrite.replace(/\/+$/, '');
    out.push({ ...r, path: { kind: 'prefix', value: key }, prefixRewrite: trimmed || '/' });
    out.push({
      ...r,
      path: { kind: 'prefix', value: `${key}/` },
      prefixRewrite: `${trimmed}/`,
      expandedFrom: r.path.value,
    });
  }
  return out;
}
