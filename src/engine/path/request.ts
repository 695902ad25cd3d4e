/** Turning what the user typed (a URL as curl takes it, headers) into the request on the wire. */
import { DEFAULT_CLIENT_IP, header, type RequestSpec, type WireRequest } from '../model/request.js';
import { isIP } from '../manifest/kinds/common.js';

export type ParsedRequest =
  | { readonly ok: true; readonly request: WireRequest }
  | { readonly ok: false; readonly error: string };

export function parseRequest(spec: RequestSpec): ParsedRequest {
  let text = spec.url.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`; // curl's default scheme
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(text);
  if (!m) return { ok: false, error: `"${spec.url}" is not a URL` };
  const scheme = (m[1] ?? '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    return { ok: false, error: `scheme "${scheme}" is not http or https` };
  const authority = m[2] ?? '';
  const hostPort = authority.includes('@')
    ? authority.slice(authority.lastIndexOf('@') + 1)
    : authority;
  let urlHost: string;
  let portText: string | undefined;
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    urlHost = hostPort.slice(1, end);
    portText = hostPort.slice(end + 1).replace(/^:/, '') || undefined;
  } else {
    const colon = hostPort.lastIndexOf(':');
    urlHost = colon >= 0 ? hostPort.slice(0, colon) : hostPort;
    portText = colon >= 0 ? hostPort.slice(colon + 1) : undefined;
  }
  urlHost = urlHost.toLowerCase();
  if (!urlHost) return { ok: false, error: `"${spec.url}" has no host` };
  const port = portText ? Number(portText) : scheme === 'https' ? 443 : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { ok: false, error: `port "${portText ?? ''}" is not a port number` };
  const path = m[3] || '/';
  const query = m[4] ?? '';
  const headers = (spec.headers ?? []).map(([k, v]) => [k.trim(), v.trim()] as const);
  const defaultPort = scheme === 'https' ? 443 : 80;
  const hostHeader =
    header({ headers }, 'Host') ??
    (port === defaultPort ? hostPort.replace(/:\d+$/, '') : hostPort);
  const sni = scheme === 'https' && !isIP(urlHost) ? urlHost : undefined;
  const bodyBytes = spec.bodyBytes ?? 0;
  const withBodyHeader: (readonly [string, string])[] = [
    ...headers.filter(([k]) => k.toLowerCase() !== 'host'),
  ];
  if (bodyBytes > 0 && header({ headers }, 'Content-Length') === undefined)
    withBodyHeader.push(['Content-Length', String(bodyBytes)]);
  return {
    ok: true,
    request: {
      scheme,
      urlHost,
      port,
      method: (spec.method ?? (bodyBytes > 0 ? 'POST' : 'GET')).toUpperCase(),
      path,
      query,
      headers: withBodyHeader,
      hostHeader,
      ...(sni ? { sni } : {}),
      clientIp: spec.clientIp ?? DEFAULT_CLIENT_IP,
      bodyBytes,
      insecure: spec.insecure ?? false,
    },
  };
}

/**
 * nginx's URI normalization before location matching ([NGX] ngx_http_parse_complex_uri):
 * percent-decoding, merging `//` as it parses (merge_slashes on), resolving `/./` and
 * `/../`. Climbing above the root is a 400 Bad Request.
 */
export function normalizeUri(rawPath: string): { ok: true; uri: string } | { ok: false } {
  // Most paths need no work: no escapes, no empty or dot segments.
  if (!rawPath.includes('%') && !rawPath.includes('//') && !rawPath.includes('/.'))
    return { ok: true, uri: rawPath };
  let decoded: string;
  try {
    decoded = rawPath.replace(/(%[0-9a-fA-F]{2})+/g, (s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  } catch {
    decoded = rawPath;
  }
  const uri = removeDotSegments(decoded, { mergeSlashes: true, aboveRoot: 'error' });
  return uri === undefined ? { ok: false } : { ok: true, uri };
}

/**
 * RFC 3986 section 5.2.4 remove_dot_segments on an absolute path: a "." segment goes, a
 * ".." segment takes the one before it away, and a dot segment at the end leaves the
 * trailing slash ("/a/b/.." is "/a/"). The two families that normalize differ in two ways:
 *  - `mergeSlashes`: nginx merges `//` while it parses, before it sees "..", so empty
 *    segments never count ("/a//../b" is "/b"); Envoy resolves dot segments first
 *    (normalize_path) and merges slashes after (merge_slashes), so an empty segment is one
 *    that ".." can take away ("/a//../b" is "/a//b", then "/a/b");
 *  - `aboveRoot`: a ".." at the root is an error for nginx (ngx_http_parse_complex_uri
 *    answers 400); RFC 3986 and Envoy keep the root.
 * Returns undefined for the error.
 */
export function removeDotSegments(
  path: string,
  options: { readonly mergeSlashes: boolean; readonly aboveRoot: 'error' | 'root' },
): string | undefined {
  const out: string[] = [];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i] ?? '';
    const last = i === parts.length - 1;
    if (seg === '' && options.mergeSlashes && !last) continue;
    if (seg === '.' || seg === '..') {
      if (seg === '..') {
        if (out.length === 0 && options.aboveRoot === 'error') return undefined;
        out.pop();
      }
      if (last) out.push('');
      continue;
    }
    out.push(seg);
  }
  return `/${out.join('/')}`;
}
