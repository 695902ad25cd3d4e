/**
 * Redirects computed from the request URL, as Traefik's RedirectScheme and
 * RedirectRegex compute them ([TRF] pkg/middlewares/redirect/redirect.go,
 * redirect_scheme.go): the URL is rebuilt from the scheme the proxy believes, the Host
 * header (with its port) and the request URI; the rewritten URL is a redirect only when
 * it differs. The status: permanent → 301 for GET, 308 otherwise; else 302 / 307.
 */
import type { RouteCheck } from '../model/routeTable.js';
import type { CheckContext, CheckResult } from './checks.js';
import { goReplace } from './pathSteps.js';

export function redirectStatus(permanent: boolean, method: string): number {
  if (permanent) return method === 'GET' ? 301 : 308;
  return method === 'GET' ? 302 : 307;
}

function splitHost(hostHeader: string): { host: string; port: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d*)?$/.exec(hostHeader);
  return { host: m?.[1] ?? hostHeader, port: m?.[2] ?? '' };
}

function isDefaultPort(scheme: string, port: string): boolean {
  return (scheme === 'http' && port === ':80') || (scheme === 'https' && port === ':443');
}

/** The URL as RedirectScheme's clientRequestURL builds it. */
function requestUrl(ctx: CheckContext): { url: string; host: string } {
  const scheme = ctx.effectiveScheme === 'https' ? 'https' : 'http';
  const { host, port } = splitHost(ctx.req.hostHeader);
  const p = isDefaultPort(scheme, port) ? '' : port;
  return { url: `${scheme}://${host}${p}${ctx.requestUri}`, host };
}

function redirect(status: number, location: string, origin: string, why: string): CheckResult {
  return {
    pass: false,
    ending: {
      status,
      redirect: location,
      headers: { Location: location },
      summary: `${status} → ${location}`,
      explanation: `${origin} ${why}: it answers ${status} with Location ${location}.`,
    },
  };
}

export function schemeRedirectCheck(
  check: Extract<RouteCheck, { kind: 'schemeRedirect' }>,
  ctx: CheckContext,
): CheckResult {
  const old = requestUrl(ctx);
  const port = check.port && !isDefaultPort(check.scheme, `:${check.port}`) ? `:${check.port}` : '';
  const target = `${check.scheme}://${old.host}${port}${ctx.requestUri}`;
  if (target === old.url)
    return {
      pass: true,
      note: `${check.origin} leaves the request alone: it is already ${check.scheme}${port ? ` on port ${check.port}` : ''}`,
    };
  const status = redirectStatus(check.permanent, ctx.req.method);
  return redirect(
    status,
    target,
    check.origin,
    `sends ${old.url} to ${check.scheme}${check.permanent ? ' permanently' : ''} (${check.permanent ? '301 for GET, 308 for other methods' : '302 for GET, 307 for other methods'})`,
  );
}

export function regexRedirectCheck(
  check: Extract<RouteCheck, { kind: 'regexRedirect' }>,
  ctx: CheckContext,
): CheckResult {
  const old = requestUrl(ctx);
  const r = goReplace(check.regex, check.replacement, old.url);
  if (!r.matched)
    return { pass: true, note: `${check.origin}: ${check.regex} does not match ${old.url}` };
  if (r.result === old.url)
    return { pass: true, note: `${check.origin} rewrites ${old.url} to itself: no redirect` };
  const status = redirectStatus(check.permanent, ctx.req.method);
  return redirect(status, r.result, check.origin, `rewrites ${old.url} with ${check.regex}`);
}

/**
 * Envoy's RedirectAction ([ENVOY] route_components.proto RedirectAction): scheme, host,
 * port and path are swapped where the route gives them; the query string is kept. A
 * port that is the default for the new scheme is left out, and the request's own port
 * survives only when neither the scheme nor the host changes.
 */
export function requestRedirectCheck(
  check: Extract<RouteCheck, { kind: 'requestRedirect' }>,
  ctx: CheckContext,
): CheckResult {
  const oldScheme = ctx.effectiveScheme === 'https' ? 'https' : 'http';
  const scheme = check.scheme ?? oldScheme;
  const { host: oldHost, port: oldPort } = splitHost(ctx.req.hostHeader);
  const host = check.hostname ?? oldHost;
  let port = '';
  if (check.port !== undefined) port = `:${check.port}`;
  else if (check.hostname === undefined && scheme === oldScheme) port = oldPort;
  if (isDefaultPort(scheme, port)) port = '';
  const q = ctx.requestUri.indexOf('?');
  const query = q >= 0 ? ctx.requestUri.slice(q) : '';
  let path = q >= 0 ? ctx.requestUri.slice(0, q) : ctx.requestUri;
  if (check.path?.kind === 'full') path = check.path.value;
  else if (check.path?.kind === 'prefix' && path.startsWith(check.path.matched))
    path = check.path.value + path.slice(check.path.matched.length) || '/';
  const location = `${scheme}://${host}${port}${path}${query}`;
  return redirect(
    check.status,
    location,
    check.origin,
    'redirects the request (an Envoy redirect route)',
  );
}
