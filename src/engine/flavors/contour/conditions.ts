/**
 * HTTPProxy match conditions as Contour merges and validates them, after
 * [CTR] internal/dag/conditions.go (mergePathMatchConditions, pathMatchConditionsValid,
 * includeMatchConditionsValid, headerMatchConditions, headerMatchConditionsValid,
 * queryParameterMatchConditions, queryParameterMatchConditionsValid). The error texts
 * are Contour's own, because they are what `kubectl describe httpproxy` shows.
 */
import type { ContourMatchCondition } from '../../model/contour.js';
import { compileRegex } from '../../util/regex.js';

/** dag.PrefixMatchCondition / ExactMatchCondition / RegexMatchCondition. */
export type PathCondition =
  /** `segment`: an Ingress Prefix path (PrefixMatchSegment); HTTPProxy prefixes are strings. */
  | { readonly kind: 'prefix'; readonly value: string; readonly segment?: true }
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'regex'; readonly value: string };

/** dag.HeaderMatchCondition: negative conditions are the positive type with `invert`. */
export interface HeaderCondition {
  readonly name: string;
  readonly matchType: 'exact' | 'regex' | 'contains' | 'present';
  readonly value: string;
  readonly invert: boolean;
  readonly ignoreCase: boolean;
  readonly treatMissingAsEmpty: boolean;
}

/** dag.QueryParamMatchCondition. */
export interface QueryCondition {
  readonly name: string;
  readonly matchType: 'exact' | 'regex' | 'prefix' | 'suffix' | 'contains' | 'present';
  readonly value: string;
  readonly ignoreCase: boolean;
}

/**
 * Concatenates the path conditions of an include chain into one. The last condition
 * of the chain decides its kind, unless a regex appears anywhere (then all of it is a
 * regex); runs of "/" collapse to one; no path condition at all is prefix "/".
 */
export function mergePathConditions(conds: readonly ContourMatchCondition[]): PathCondition {
  let merged = '';
  let isRegex = false;
  for (const c of conds) {
    // One field per condition, in this order of preference (a Go switch).
    if (c.prefix) merged += c.prefix;
    else if (c.exact) merged += c.exact;
    else if (c.regex) {
      merged += c.regex;
      isRegex = true;
    }
  }
  merged = merged.replace(/\/\/+/g, '/');
  if (merged === '' || conds.length === 0) return { kind: 'prefix', value: '/' };
  const last = conds[conds.length - 1];
  if (isRegex) return { kind: 'regex', value: merged };
  if (last?.prefix) return { kind: 'prefix', value: merged };
  if (last?.exact) return { kind: 'exact', value: merged };
  return { kind: 'prefix', value: merged };
}

/** pathMatchConditionsValid: one condition block (a route's or an include's own). */
export function pathConditionsError(conds: readonly ContourMatchCondition[]): string | undefined {
  let count = 0;
  for (const c of conds) {
    if (c.prefix) {
      count++;
      if (!c.prefix.startsWith('/'))
        return `prefix conditions must start with /, ${c.prefix} was supplied`;
    }
    if (c.exact) {
      count++;
      if (!c.exact.startsWith('/'))
        return `exact conditions must start with /, ${c.exact} was supplied`;
    }
    if (c.regex) {
      count++;
      if (!c.regex.startsWith('/'))
        return `regex conditions must start with /, ${c.regex} was supplied`;
      const re = compileRegex(c.regex);
      if (!re.ok) return `supplied regex: ${c.regex} invalid. error: ${re.error}`;
    }
  }
  if (count > 1) return 'more than one prefix, exact or regex is not allowed in a condition block';
  return undefined;
}

/** includeMatchConditionsValid. */
export function includeConditionsError(
  conds: readonly ContourMatchCondition[],
): string | undefined {
  for (const c of conds) {
    if (c.exact) return 'exact conditions are not allowed in includes block';
    if (c.regex) return 'regex conditions are not allowed in includes block';
  }
  return undefined;
}

/** headerMatchConditions: the first operator set wins; a header with none set adds nothing. */
export function mergeHeaderConditions(conds: readonly ContourMatchCondition[]): HeaderCondition[] {
  const out: HeaderCondition[] = [];
  for (const { header: h } of conds) {
    if (!h) continue;
    const base = { name: h.name, invert: false, ignoreCase: false, treatMissingAsEmpty: false };
    if (h.present) out.push({ ...base, matchType: 'present', value: '' });
    else if (h.notpresent) out.push({ ...base, matchType: 'present', value: '', invert: true });
    else if (h.contains !== undefined)
      out.push({ ...base, matchType: 'contains', value: h.contains, ignoreCase: h.ignoreCase });
    else if (h.notcontains !== undefined)
      out.push({
        ...base,
        matchType: 'contains',
        value: h.notcontains,
        invert: true,
        ignoreCase: h.ignoreCase,
        treatMissingAsEmpty: h.treatMissingAsEmpty,
      });
    else if (h.exact !== undefined)
      out.push({ ...base, matchType: 'exact', value: h.exact, ignoreCase: h.ignoreCase });
    else if (h.notexact !== undefined)
      out.push({
        ...base,
        matchType: 'exact',
        value: h.notexact,
        invert: true,
        ignoreCase: h.ignoreCase,
        treatMissingAsEmpty: h.treatMissingAsEmpty,
      });
    else if (h.regex !== undefined) out.push({ ...base, matchType: 'regex', value: h.regex });
  }
  return out;
}

/** queryParameterMatchConditions. */
export function mergeQueryConditions(conds: readonly ContourMatchCondition[]): QueryCondition[] {
  const out: QueryCondition[] = [];
  for (const { queryParameter: q } of conds) {
    if (!q) continue;
    const base = { name: q.name, ignoreCase: q.ignoreCase };
    if (q.exact !== undefined) out.push({ ...base, matchType: 'exact', value: q.exact });
    else if (q.prefix !== undefined) out.push({ ...base, matchType: 'prefix', value: q.prefix });
    else if (q.suffix !== undefined) out.push({ ...base, matchType: 'suffix', value: q.suffix });
    else if (q.regex !== undefined)
      out.push({ ...base, matchType: 'regex', value: q.regex, ignoreCase: false });
    else if (q.contains !== undefined)
      out.push({ ...base, matchType: 'contains', value: q.contains });
    else if (q.present) out.push({ ...base, matchType: 'present', value: '', ignoreCase: false });
  }
  return out;
}

/**
 * headerMatchConditionsValid over the merged conditions of a route (its include chain's
 * and its own): duplicate `exact` on one header, contradictory present/notpresent,
 * exact/notexact or contains/notcontains with the same value, an invalid regex.
 */
export function headerConditionsError(conds: readonly ContourMatchCondition[]): string | undefined {
  const seen = new Set<string>();
  const exactOn = new Set<string>();
  const key = (name: string, op: string, value = '') => `${name}\u0000${op}\u0000${value}`;
  for (const { header: h } of conds) {
    if (!h) continue;
    const name = h.name.toLowerCase();
    if (h.present) {
      if (seen.has(key(name, 'notpresent')))
        return "cannot specify contradictory 'present' and 'notpresent' conditions for the same route and header";
    } else if (h.notpresent) {
      if (seen.has(key(name, 'present')))
        return "cannot specify contradictory 'present' and 'notpresent' conditions for the same route and header";
    } else if (h.exact !== undefined) {
      if (exactOn.has(name))
        return "cannot specify duplicate header 'exact match' conditions in the same route";
      exactOn.add(name);
      if (seen.has(key(name, 'notexact', h.exact)))
        return "cannot specify contradictory 'exact' and 'notexact' conditions for the same route and header";
    } else if (h.notexact !== undefined) {
      if (seen.has(key(name, 'exact', h.notexact)))
        return "cannot specify contradictory 'exact' and 'notexact' conditions for the same route and header";
    } else if (h.contains !== undefined) {
      if (seen.has(key(name, 'notcontains', h.contains)))
        return "cannot specify contradictory 'contains' and 'notcontains' conditions for the same route and header";
    } else if (h.notcontains !== undefined) {
      if (seen.has(key(name, 'contains', h.notcontains)))
        return "cannot specify contradictory 'contains' and 'notcontains' conditions for the same route and header";
    } else if (h.regex !== undefined) {
      if (!compileRegex(h.regex).ok)
        return "invalid regular expression specified for 'regex' condition";
    }
    // Contour keys the whole condition struct; the operator fields identify it here.
    if (h.present) seen.add(key(name, 'present'));
    if (h.notpresent) seen.add(key(name, 'notpresent'));
    for (const op of ['exact', 'notexact', 'contains', 'notcontains'] as const) {
      const v = h[op];
      if (v !== undefined) seen.add(key(name, op, v));
    }
  }
  return undefined;
}

/** queryParameterMatchConditionsValid. */
export function queryConditionsError(conds: readonly ContourMatchCondition[]): string | undefined {
  const exactOn = new Set<string>();
  for (const { queryParameter: q } of conds) {
    if (!q) continue;
    const set = [q.exact, q.prefix, q.suffix, q.regex, q.contains].filter(
      (v) => v !== undefined && v !== '',
    ).length;
    const total = set + (q.present ? 1 : 0);
    if (total === 0) return 'must specify at least one query parameter condition';
    if (total > 1)
      return 'cannot specify more than one condition in the same match condition branch';
    const name = q.name.toLowerCase();
    if (q.exact !== undefined) {
      if (exactOn.has(name))
        return "cannot specify duplicate query parameter 'exact match' conditions in the same route";
      exactOn.add(name);
    }
    if (q.regex !== undefined && !compileRegex(q.regex).ok)
      return "invalid regular expression specified for 'regex' condition";
  }
  return undefined;
}

/** How Contour writes a path condition in messages (dag's String()). */
export function describePath(p: PathCondition): string {
  return `${p.kind}: ${p.value}`;
}

export function describeHeader(h: HeaderCondition): string {
  const op =
    h.matchType === 'present'
      ? h.invert
        ? 'notpresent'
        : 'present'
      : `${h.invert ? 'not' : ''}${h.matchType} "${h.value}"`;
  return `header ${h.name} ${op}${h.ignoreCase ? ' (ignoreCase)' : ''}`;
}

export function describeQuery(q: QueryCondition): string {
  const op = q.matchType === 'present' ? 'present' : `${q.matchType} "${q.value}"`;
  return `query ${q.name} ${op}${q.ignoreCase ? ' (ignoreCase)' : ''}`;
}
