/**
 * Path rewrites made of steps (Traefik's path middlewares) and Go's regexp replacement
 * syntax, which those steps and Traefik's RedirectRegex use.
 */
import type { PathStep } from '../model/routeTable.js';
import { compileRegex } from '../util/regex.js';

/**
 * Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}`, `$$`. A `$name` takes
 * the longest run of letters, digits and `_`, so `$1x` is the (missing) group "1x" and
 * expands to nothing, as in Go.
 */
export function goExpand(template: string, groups: readonly (string | null)[]): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (all, _m, braced, bare) => {
      if (all === '$$') return '$';
      const name = (braced ?? bare) as string;
      return /^\d+$/.test(name) ? (groups[Number(name)] ?? '') : '';
    },
  );
}

/** Replaces the first match of `pattern` in `text` (the patterns Traefik users write are anchored). */
export function goReplace(
  pattern: string,
  replacement: string,
  text: string,
): { matched: boolean; result: string } {
  const re = compileRegex(pattern);
  const m = re.ok ? re.regex.exec(text) : null;
  if (!m) return { matched: false, result: text };
  const whole = m[0] ?? '';
  const at = text.indexOf(whole);
  const replaced = goExpand(replacement, m);
  return {
    matched: true,
    result: at >= 0 ? text.slice(0, at) + replaced + text.slice(at + whole.length) : replaced,
  };
}

function ensureLeadingSlash(p: string): string {
  return p === '' || p.startsWith('/') ? p : `/${p}`;
}

export interface StepsResult {
  readonly path: string;
  /** Prefixes stripped, in order (each becomes an X-Forwarded-Prefix value). */
  readonly strippedPrefixes: readonly string[];
  /** The path before a ReplacePath/ReplacePathRegex (X-Replaced-Path). */
  readonly replacedPath?: string;
  readonly notes: readonly string[];
}

/** Applies Traefik's path middlewares in order to the path (without the query). */
export function applyPathSteps(steps: readonly PathStep[], path: string): StepsResult {
  let p = path;
  const stripped: string[] = [];
  const notes: string[] = [];
  let replacedPath: string | undefined;
  for (const step of steps) {
    switch (step.kind) {
      case 'stripPrefix': {
        // [TRF] stripprefix.go: the first prefix the path starts with, then a leading "/".
        const prefix = step.prefixes.find((x) => p.startsWith(x));
        if (prefix === undefined) {
          notes.push(`StripPrefix ${step.prefixes.join(', ')}: "${p}" starts with none of them`);
          break;
        }
        const next = ensureLeadingSlash(p.slice(prefix.length));
        notes.push(`StripPrefix removes "${prefix}": "${p}" → "${next || '/'}"`);
        stripped.push(prefix.trim());
        p = next;
        break;
      }
      case 'stripPrefixRegex': {
        // [TRF] stripprefixregex.go: the first regex whose match starts the path.
        let done = false;
        for (const pattern of step.patterns) {
          const re = compileRegex(pattern);
          const m = re.ok ? re.regex.exec(p) : null;
          const prefix = m?.[0] ?? '';
          if (!prefix || !p.startsWith(prefix)) continue;
          const next = ensureLeadingSlash(p.slice(prefix.length));
          notes.push(`StripPrefixRegex ${pattern} removes "${prefix}": "${p}" → "${next || '/'}"`);
          stripped.push(prefix);
          p = next;
          done = true;
          break;
        }
        if (!done) notes.push(`StripPrefixRegex: no regex matches the start of "${p}"`);
        break;
      }
      case 'addPrefix': {
        const next = ensureLeadingSlash(step.prefix + p);
        notes.push(`AddPrefix "${step.prefix}": "${p}" → "${next}"`);
        p = next;
        break;
      }
      case 'replacePath':
        notes.push(`ReplacePath: "${p}" → "${step.path}"`);
        replacedPath ??= p;
        p = step.path;
        break;
      case 'replacePathRegex': {
        const r = goReplace(step.pattern, step.replacement, p);
        if (!r.matched) {
          notes.push(`ReplacePathRegex ${step.pattern} does not match "${p}"`);
          break;
        }
        notes.push(`ReplacePathRegex: "${p}" → "${r.result}"`);
        replacedPath ??= p;
        p = r.result;
        break;
      }
    }
  }
  return {
    path: p === '' ? '/' : p,
    strippedPrefixes: stripped,
    ...(replacedPath !== undefined ? { replacedPath } : {}),
    notes,
  };
}
