/**
 * Does a request satisfy a route's match? One evaluator for every family that matches
 * on fields (Gateway API, Contour, Traefik): path, headers, query parameters, method,
 * and an optional boolean expression (Traefik rules). Regexes run on RE2 (linear
 * time), so no pattern can hang the engine; a pattern RE2 refuses never matches, and
 * the verdict says why.
 */
import type { MatchInput } from '../model/family.js';
import type {
  HeaderMatch,
  MatchExpression,
  PathMatch,
  QueryMatch,
  RouteMatch,
} from '../model/routeTable.js';
import { cidrContains, parseCidr } from '../util/net.js';
import { compileRegex } from '../util/regex.js';

export interface MatchVerdict {
  readonly matched: boolean;
  /** Why, in a few words: what matched, or the first condition that did not. */
  readonly reason: string;
  /** A regex that could not be compiled (it is treated as not matching). */
  readonly regexError?: string;
}

const YES = (reason: string): MatchVerdict => ({ matched: true, reason });
const NO = (reason: string, regexError?: string): MatchVerdict =>
  regexError ? { matched: false, reason, regexError } : { matched: false, reason };

export function evaluateMatch(match: RouteMatch, input: MatchInput): MatchVerdict {
  const path = pathVerdict(match.path, input.path);
  if (!path.matched) return path;
  const parts = [path.reason];
  if (match.method !== undefined) {
    if (input.method !== match.method) return NO(`method ${input.method} is not ${match.method}`);
    parts.push(`method ${match.method}`);
  }
  for (const h of match.headers) {
    const v = headerVerdict(h, input);
    if (!v.matched) return v;
    parts.push(v.reason);
  }
  for (const q of match.query) {
    const v = queryVerdict(q, input.query);
    if (!v.matched) return v;
    parts.push(v.reason);
  }
  if (match.expression) {
    const v = expressionVerdict(match.expression, input, 0);
    if (!v.matched) return v;
    parts.push(v.reason);
  }
  return YES(parts.join(', '));
}

export function pathVerdict(m: PathMatch, path: string): MatchVerdict {
  switch (m.kind) {
    case 'exact': {
      const same = m.caseInsensitive
        ? path.toLowerCase() === m.value.toLowerCase()
        : path === m.value;
      return same ? YES(`path is exactly ${m.value}`) : NO(`path is not exactly ${m.value}`);
    }
    case 'prefix': {
      if (m.semantics === 'string')
        return path.startsWith(m.value)
          ? YES(`path starts with ${m.value}`)
          : NO(`path does not start with ${m.value}`);
      // Element-wise: "/foo" and "/foo/" both cover /foo, /foo/ and /foo/bar, not /foobar.
      const base = m.value.length > 1 ? m.value.replace(/\/+$/, '') : m.value;
      const ok = base === '/' || path === base || path.startsWith(`${base}/`);
      return ok
        ? YES(`path is under prefix ${m.value}`)
        : NO(`path is not under prefix ${m.value} (prefixes match whole path segments)`);
    }
    case 'regex': {
      const re = compileRegex(m.pattern, { caseInsensitive: m.caseInsensitive });
      if (!re.ok) return NO(`regex ${m.pattern} is invalid: ${re.error}`, re.error);
      const ok = m.whole ? re.regex.matchesWhole(path) : re.regex.exec(path) !== null;
      return ok
        ? YES(`path matches regex ${m.pattern}`)
        : NO(
            `path does not match regex ${m.pattern}${m.whole ? ' (the whole path must match)' : ''}`,
          );
    }
  }
}

/** All values of a header, joined with "," as a proxy presents repeated headers. */
function headerValue(input: MatchInput, name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = input.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  if (lower === 'host' && values.length === 0) return input.host;
  return values.length > 0 ? values.join(',') : undefined;
}

function valueVerdict(
  what: string,
  m: { kind: string; value?: string; whole?: boolean },
  actual: string | undefined,
): MatchVerdict {
  switch (m.kind) {
    case 'present':
      return actual !== undefined ? YES(`${what} is present`) : NO(`${what} is missing`);
    case 'absent':
      return actual === undefined ? YES(`${what} is absent`) : NO(`${what} is present`);
    case 'exact':
      if (actual === undefined) return NO(`${what} is missing`);
      return actual === m.value
        ? YES(`${what} is "${m.value}"`)
        : NO(`${what} is "${actual}", not "${m.value ?? ''}"`);
    default: {
      if (actual === undefined) return NO(`${what} is missing`);
      const pattern = m.value ?? '';
      const re = compileRegex(pattern);
      if (!re.ok) return NO(`regex ${pattern} is invalid: ${re.error}`, re.error);
      const ok = m.whole ? re.regex.matchesWhole(actual) : re.regex.exec(actual) !== null;
      return ok
        ? YES(`${what} matches ${pattern}`)
        : NO(`${what} "${actual}" does not match ${pattern}`);
    }
  }
}

export function headerVerdict(h: HeaderMatch, input: MatchInput): MatchVerdict {
  return valueVerdict(`header ${h.name}`, h, headerValue(input, h.name));
}

/** Query parameters in order, percent-decoded ("+" is a space, as form encoding has it). */
export function parseQuery(query: string): [string, string][] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    return [decode(name), decode(value)];
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function queryVerdict(q: QueryMatch, query: string): MatchVerdict {
  // Names are case-sensitive ([GW] HTTPQueryParamMatch; Go url.Values).
  const values = parseQuery(query)
    .filter(([n]) => n === q.name)
    .map(([, v]) => v);
  const what = `query parameter ${q.name}`;
  if (q.values === 'any' && values.length > 1) {
    for (const v of values) {
      const verdict = valueVerdict(what, q, v);
      if (verdict.matched) return verdict;
    }
  }
  return valueVerdict(what, q, values[0]);
}

/** Deeper than this is refused (a hostile rule must not exhaust the stack). */
const MAX_DEPTH = 200;

function expressionVerdict(e: MatchExpression, input: MatchInput, depth: number): MatchVerdict {
  if (depth > MAX_DEPTH) return NO('the rule is nested too deeply to evaluate');
  switch (e.op) {
    case 'and': {
      const reasons: string[] = [];
      for (const a of e.args) {
        const v = expressionVerdict(a, input, depth + 1);
        if (!v.matched) return v;
        reasons.push(v.reason);
      }
      return YES(reasons.join(' and '));
    }
    case 'or': {
      const misses: string[] = [];
      for (const a of e.args) {
        const v = expressionVerdict(a, input, depth + 1);
        if (v.matched) return v;
        misses.push(v.reason);
      }
      return NO(misses.join(' and '));
    }
    case 'not': {
      const v = expressionVerdict(e.arg, input, depth + 1);
      return v.matched ? NO(`not (${v.reason})`) : YES(`not (${v.reason})`);
    }
    case 'host':
      return hostVerdict(e.kind, e.value, input.host);
    case 'path':
      return pathVerdict(e.match, input.path);
    case 'header':
      return headerVerdict(e.match, input);
    case 'query':
      return queryVerdict(e.match, input.query);
    case 'method':
      return e.methods.includes(input.method)
        ? YES(`method ${input.method}`)
        : NO(`method ${input.method} is not ${e.methods.join(' or ')}`);
    case 'clientIP': {
      const hit = e.cidrs.some((c) => {
        const parsed = parseCidr(c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`);
        return parsed !== undefined && cidrContains(parsed, input.peerAddress);
      });
      return hit
        ? YES(`client ${input.peerAddress} is in ${e.cidrs.join(', ')}`)
        : NO(`client ${input.peerAddress} is not in ${e.cidrs.join(', ')}`);
    }
  }
}

function hostVerdict(kind: 'exact' | 'regex', value: string, host: string): MatchVerdict {
  if (kind === 'regex') {
    const re = compileRegex(value, { caseInsensitive: true });
    if (!re.ok) return NO(`host regex ${value} is invalid: ${re.error}`, re.error);
    return re.regex.exec(host) !== null
      ? YES(`host matches ${value}`)
      : NO(`host ${host} does not match ${value}`);
  }
  if (value === '*') return YES('any host');
  if (value.startsWith('*.')) {
    // One label, as Traefik's Host(`*.example.com`) (v3.7) and Ingress wildcards.
    const suffix = value.slice(1);
    const label = host.slice(0, host.length - suffix.length);
    return host.endsWith(suffix) && label.length > 0 && !label.includes('.')
      ? YES(`host matches ${value}`)
      : NO(`host ${host} is not one label under ${value.slice(2)}`);
  }
  return host === value ? YES(`host is ${value}`) : NO(`host is ${host}, not ${value}`);
}
