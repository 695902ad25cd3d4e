/**
 * Envoy's path normalization before routing, as Gateway controllers configure the
 * connection manager: `normalize_path: true` (RFC 3986 section 5.2.4 remove_dot_segments)
 * and `merge_slashes: true` ([ENVOY] http_connection_manager.proto normalize_path,
 * merge_slashes). Unlike nginx, ".." above the root is not an error: RFC 3986 drops it.
 * Percent-encoded characters are left as they are.
 */
export function normalizeEnvoyPath(rawPath: string): string {
  if (!rawPath.includes('//') && !rawPath.includes('/.')) return rawPath;
  const out: string[] = [];
  const parts = rawPath.split('/');
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i] ?? '';
    const last = i === parts.length - 1;
    if (seg === '' && !last) continue; // merge_slashes
    if (seg === '.') {
      if (last) out.push('');
      continue;
    }
    if (seg === '..') {
      out.pop();
      if (last) out.push('');
      continue;
    }
    out.push(seg);
  }
  return `/${out.join('/')}`;
}
