/**
 * CORS as Envoy's CORS filter applies it (source/extensions/filters/http/cors/cors_filter.cc
 * decodeHeaders / encodeHeaders), configured the way Envoy Gateway configures it from a
 * Gateway API HTTPCORSFilter (internal/xds/translator buildCORS: lists joined with ",",
 * ForwardNotMatchingPreflights false):
 *  - a request without an Origin header is not a CORS request and passes untouched;
 *  - a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by
 *    the proxy with 200 and never reaches the pod, whether or not the origin is allowed
 *    (preflights from other origins are not forwarded). Access-Control-Allow-Origin (the
 *    request's origin) is set only for an allowed origin; -Allow-Credentials, -Allow-Methods,
 *    -Allow-Headers and -Max-Age come from the policy, a `*` in methods or headers being
 *    answered with what the preflight asked for. -Expose-Headers is sent as well, as the
 *    Gateway API CORS conformance test requires of the preflight answer;
 *  - any other request from an allowed origin goes on to the pod, and its response gains
 *    Access-Control-Allow-Origin, -Allow-Credentials and -Expose-Headers.
 * In an allowed origin, `*` alone allows everything and otherwise stands for any run of
 * characters (dots included) ([GW] HTTPCORSFilter.AllowOrigins).
 */
import type { RouteCheck } from '../model/routeTable.js';
import { header } from '../model/request.js';
import { compileRegex } from '../util/regex.js';
import type { CheckContext, CheckResult } from './checks.js';

type CorsCheck = Extract<RouteCheck, { kind: 'cors' }>;

/** `https://a.example:443` and `https://a.example` are the same origin ([GW] "port 443 is assumed"). */
function withoutDefaultPort(origin: string): string {
  return origin.replace(/^(https:\/\/[^/]*?):443$/i, '$1').replace(/^(http:\/\/[^/]*?):80$/i, '$1');
}

export function originAllowed(patterns: readonly string[], origin: string): boolean {
  const o = withoutDefaultPort(origin.toLowerCase());
  return patterns.some((p) => {
    if (p === '*') return true;
    const pat = withoutDefaultPort(p.toLowerCase());
    if (!pat.includes('*')) return pat === o;
    const re = compileRegex(
      pat
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    );
    return re.ok && re.regex.matchesWhole(o);
  });
}

function join(values: readonly string[]): string {
  return values.join(',');
}

export function corsCheck(check: CorsCheck, ctx: CheckContext): CheckResult {
  const origin = header(ctx.req, 'Origin');
  if (origin === undefined) return { pass: true };
  const allowed = originAllowed(check.allowOrigins, origin);
  const requestedMethod = header(ctx.req, 'Access-Control-Request-Method');
  const preflight = ctx.req.method === 'OPTIONS' && requestedMethod !== undefined;
  if (preflight) {
    const headers: Record<string, string> = {};
    if (allowed) headers['access-control-allow-origin'] = origin;
    if (check.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    const methods = check.allowMethods.includes('*') ? [requestedMethod] : check.allowMethods;
    if (methods.length > 0) headers['access-control-allow-methods'] = join(methods);
    const requestedHeaders = header(ctx.req, 'Access-Control-Request-Headers');
    const allowHeaders = check.allowHeaders.includes('*')
      ? requestedHeaders !== undefined
        ? [requestedHeaders]
        : []
      : check.allowHeaders;
    if (allowHeaders.length > 0) headers['access-control-allow-headers'] = join(allowHeaders);
    if (check.exposeHeaders.length > 0)
      headers['access-control-expose-headers'] = join(check.exposeHeaders);
    if (check.maxAgeSeconds !== undefined)
      headers['access-control-max-age'] = String(check.maxAgeSeconds);
    return {
      pass: false,
      ending: {
        status: 200,
        headers,
        summary: `200: CORS preflight answered by the proxy${allowed ? '' : ' (origin not allowed)'}`,
        explanation: allowed
          ? `An OPTIONS request with Origin ${origin} and Access-Control-Request-Method ${requestedMethod} is a CORS preflight: ${check.origin} answers it itself with the Access-Control-* headers; the pod never sees it.`
          : `An OPTIONS request with Origin ${origin} is a CORS preflight, and ${origin} is not among the allowed origins (${check.allowOrigins.join(', ')}): ${check.origin} answers it itself without Access-Control-* headers, so the browser refuses the real request.`,
      },
    };
  }
  if (!allowed)
    return {
      pass: true,
      note: `Origin ${origin} is not an allowed CORS origin (${check.allowOrigins.join(', ')}), so the response gets no Access-Control-Allow-Origin`,
    };
  const responseHeaders: Record<string, string> = { 'access-control-allow-origin': origin };
  if (check.allowCredentials) responseHeaders['access-control-allow-credentials'] = 'true';
  if (check.exposeHeaders.length > 0)
    responseHeaders['access-control-expose-headers'] = join(check.exposeHeaders);
  return {
    pass: true,
    note: `Origin ${origin} is an allowed CORS origin, so ${check.origin} adds Access-Control-Allow-Origin: ${origin} to the response`,
    responseHeaders,
  };
}
