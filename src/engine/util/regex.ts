/**
 * Regular expressions from user YAML run on RE2 (re2js): linear time, so no pattern a
 * user pastes can hang the engine. Envoy, Traefik and Go use RE2 themselves; nginx uses
 * PCRE, which is a superset: the few PCRE-only constructs (lookaround, backreferences)
 * are reported as unsupported rather than evaluated.
 */
import { RE2JS } from 're2js';

export interface CompiledRegex {
  readonly source: string;
  /** Finds the first match anywhere in `input`; returns the whole match and groups 1..n, or null. */
  exec(input: string): (string | null)[] | null;
  /** True when the whole input matches. */
  matchesWhole(input: string): boolean;
}

export type RegexResult =
  | { readonly ok: true; readonly regex: CompiledRegex }
  | { readonly ok: false; readonly error: string };

const cache = new Map<string, RegexResult>();
const CACHE_LIMIT = 5000;

/** PCRE spellings RE2 does not accept, with what to tell the user. */
const PCRE_ONLY: readonly [RegExp, string][] = [
  [/\(\?[=!]/, 'lookahead (?= or (?! is PCRE-only; RE2 has no lookaround'],
  [/\(\?<[=!]/, 'lookbehind (?<= or (?<! is PCRE-only; RE2 has no lookaround'],
  [/\\[1-9]/, 'backreferences such as \\1 are PCRE-only'],
  [/\(\?>/, 'atomic groups (?> are PCRE-only'],
  [/[*+?}][+]/, 'possessive quantifiers are PCRE-only'],
];

export function compileRegex(
  pattern: string,
  options: { caseInsensitive?: boolean } = {},
): RegexResult {
  const key = `${options.caseInsensitive ? 'i' : '-'}${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compile(pattern, options.caseInsensitive ?? false);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

function compile(pattern: string, caseInsensitive: boolean): RegexResult {
  for (const [re, why] of PCRE_ONLY) if (re.test(pattern)) return { ok: false, error: why };
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return {
    ok: true,
    regex: {
      source: pattern,
      exec(input) {
        const m = re.matcher(input);
        if (!m.find()) return null;
        const groups: (string | null)[] = [];
        for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i));
        return groups;
      },
      matchesWhole: (input) => re.matches(input),
    },
  };
}

/** nginx `rewrite` replacement: $1..$9 from the captures, `$0`… left as is. */
export function expandCaptures(replacement: string, groups: readonly (string | null)[]): string {
  return replacement.replace(/\$(\d)/g, (_, d: string) => groups[Number(d)] ?? '');
}
