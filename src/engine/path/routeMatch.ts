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

/** Every value of a header, in order (Host falls back to the request's host). */
function headerValues(input: MatchInput, name: string): string[] {
  const lower = name.toLowerCase();
  const values = input.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  if (lower === 'host' && values.length === 0) return [input.host];
  return values;
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
      if (m.value === '')
        return actual === ''
          ? YES(`${what} has no value`)
          : NO(`${what} is "${actual}", not empty`);
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

/** Does any one of the values satisfy the match (Traefik's Header, Query and their regexes)? */
function anyValueVerdict(
  what: string,
  m: { kind: string; value?: string; whole?: boolean },
  values: readonly string[],
): MatchVerdict {
  if (values.length === 0 || m.kind === 'present' || m.kind === 'absent')
    return valueVerdict(what, m, values[0]);
  let miss: MatchVerdict | undefined;
  for (const v of values) {
    const verdict = valueVerdict(what, m, v);
    if (verdict.matched || verdict.regexError) return verdict;
    miss ??= verdict;
  }
  if (values.length === 1 && miss) return miss;
  const all = values.map((v) => `"${v}"`).join(', ');
  return m.kind === 'exact'
    ? NO(`${what} is ${all}, none of them "${m.value ?? ''}"`)
    : NO(`${what} ${all}: none matches ${m.value ?? ''}`);
}

/** A header's values joined with "," as a proxy presents repeated headers. */
export function headerVerdict(h: HeaderMatch, input: MatchInput): MatchVerdict {
  const values = headerValues(input, h.name);
  return valueVerdict(`header ${h.name}`, h, values.length > 0 ? values.join(',') : undefined);
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
  return q.values === 'any' ? anyValueVerdict(what, q, values) : valueVerdict(what, q, values[0]);
}

/** Deeper than this is refused (a hostile rule must not exhaust the stack). */
const MAX_DEPTH = 200;

/** Does a request satisfy a boolean rule on its own (Traefik's router list evaluates only that)? */
export function evaluateExpression(e: MatchExpression, input: MatchInput): MatchVerdict {
  return expressionVerdict(e, input, 0);
}

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
      // Traefik's Header and HeaderRegexp: any one value of a repeated header.
      return anyValueVerdict(`header ${e.match.name}`, e.match, headerValues(input, e.match.name));
    case 'query':
      return queryVerdict(e.match, input.query);
    case 'method':
      return e.methods.includes(input.method)
        ? YES(`method ${input.method}`)
        : NO(`method ${input.method} is not ${e.methods.join(' or ')}`);
    case 'clientIP': {
      // An address without a length is a single host (parseCidr reads it as /32 or /128).
      const hit = e.cidrs.some((c) => {
        const parsed = parseCidr(c);
        return parsed !== undefined && cidrContains(parsed, input.peerAddress);
      });
      return hit
        ? YES(`client ${input.peerAddress} is in ${e.cidrs.join(', ')}`)
        : NO(`client ${input.peerAddress} (the connection's peer) is not in ${e.cidrs.join(', ')}`);
    }
  }
}

/**
 * Host and HostRegexp as Traefik v3.7 matches them ([TRF] pkg/muxer/http/matcher.go,
 * pkg/muxer/domain.go): a name compares without case and without a trailing dot on
 * either side, `*.example.com` covers exactly one label; a regex runs on the host as it
 * is (Go regexp.MatchString: anywhere unless anchored). No host matches neither.
 */
function hostVerdict(kind: 'exact' | 'regex', value: string, host: string): MatchVerdict {
  if (kind === 'regex') {
    if (!host) return NO('host is missing');
    const re = compileRegex(value);
    if (!re.ok) return NO(`host regex ${value} is invalid: ${re.error}`, re.error);
    return re.regex.exec(host) !== null
      ? YES(`host "${host}" matches ${value}`)
      : NO(`host "${host}" does not match ${value}`);
  }
  if (hostMatches(host, value)) return YES(`host is ${host}`);
  return value.startsWith('*.')
    ? NO(`host ${host || '(none)'} is not one label under ${value.slice(2)}`)
    : NO(`host is ${host || '(none)'}, not ${value.toLowerCase()}`);
}

/**
 * `DomainMatchHostExpression` ([TRF] pkg/muxer/domain.go, v3.7): a leading `*` in the
 * expression replaces the host's first label before comparing, so `*` alone covers
 * one-label names only.
 */
export function hostMatches(host: string, expr: string): boolean {
  const h = host.toLowerCase();
  const e = expr.toLowerCase();
  const strip = (s: string): string => (s.endsWith('.') ? s.slice(0, -1) : s);
  const compare = (d: string, x: string): boolean => {
    if (x.startsWith('*')) {
      const labels = d.split('.');
      labels[0] = '*';
      return labels.join('.') === x;
    }
    return d === x;
  };
  if (h === '') return false;
  return compare(h, e) || compare(h, strip(e)) || compare(strip(h), e);
}
