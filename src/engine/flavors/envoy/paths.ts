/**
 * Envoy's path normalization before routing, as Gateway controllers configure the
 * connection manager: `normalize_path: true`, then `merge_slashes: true` ([ENVOY]
 * http_connection_manager.proto normalize_path, merge_slashes;
 * ConnectionManagerUtility::maybeNormalizePath runs them in that order).
 *
 * normalize_path is Chromium's URL path canonicalizer ([ENVOY]
 * source/common/chromium_url/url_canon_path.cc): it decodes percent-encoded unreserved
 * characters (letters, digits, "-", ".", "_", "~": kPathCharLookup UNESCAPE), so "%2e" is a
 * dot (IsDot), and removes dot segments as RFC 3986 section 5.2.4 does (path/request.ts
 * removeDotSegments): ".." above the root stays at the root, unlike nginx's 400. Other
 * escapes, "%2F" among them, are left as they are.
 */
import { removeDotSegments } from '../../path/request.js';

/** %XX of an RFC 3986 unreserved character: ALPHA, DIGIT, "-", ".", "_", "~". */
const ESCAPED_UNRESERVED = /%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])/g;

export function normalizeEnvoyPath(rawPath: string): string {
  if (!rawPath.includes('//') && !rawPath.includes('/.') && !rawPath.includes('%')) return rawPath;
  const unescaped = rawPath.includes('%')
    ? rawPath.replace(ESCAPED_UNRESERVED, (e) => String.fromCharCode(parseInt(e.slice(1), 16)))
    : rawPath;
  const canonical = removeDotSegments(unescaped, { mergeSlashes: false, aboveRoot: 'root' }) ?? '/';
  return canonical.replace(/\/{2,}/g, '/');
}
