/**
 * The checks a proxy runs on a matched request before it forwards it (body size,
 * redirects, CORS preflight, rate and connection limits, IP access, basic auth), in
 * the order the family compiled them.
 */
import type { WireRequest } from '../model/request.js';
import { header } from '../model/request.js';
import type { RouteCheck } from '../model/routeTable.js';
import { decodeBase64 } from '../util/base64.js';
import { cidrContains, parseCidr } from '../util/net.js';
import { formatBytes } from '../util/units.js';
import { hostWithoutPort } from '../util/hostnames.js';
import type { Ending } from './builder.js';
import { corsCheck } from './corsCheck.js';
import { regexRedirectCheck, requestRedirectCheck, schemeRedirectCheck } from './redirectChecks.js';

export interface CheckContext {
  readonly req: WireRequest;
  readonly uri: string;
  /** The scheme the proxy believes (X-Forwarded-Proto when trusted). */
  readonly effectiveScheme: string;
  /** The connection's own scheme (for absolute redirects). */
  readonly scheme: string;
  readonly clientAddress: string;
  /** The request URI as sent: path and query. */
  readonly requestUri: string;
}

export type CheckResult =
  | {
      readonly pass: true;
      readonly note?: string;
      /** Headers the proxy adds to the response the client gets (CORS on actual requests). */
      readonly responseHeaders?: Readonly<Record<string, string>>;
    }
  | { readonly pass: false; readonly ending: Ending };

function inAny(cidrs: readonly { text: string }[], ip: string): string | undefined {
  for (const c of cidrs) {
    const parsed = parseCidr(c.text);
    if (parsed && cidrContains(parsed, ip)) return c.text;
  }
  return undefined;
}

export function runCheck(check: RouteCheck, ctx: CheckContext): CheckResult {
  switch (check.kind) {
    case 'bodySize': {
      if (ctx.req.bodyBytes <= check.maxBytes) return { pass: true };
      const explanation = `The request declares a ${ctx.req.bodyBytes}-byte body (Content-Length), more than client_max_body_size ${formatBytes(check.maxBytes)} (proxy-body-size). nginx refuses it before reading it: 413 Request Entity Too Large. Raise proxy-body-size on this Ingress (or in the ConfigMap).`;
      return {
        pass: false,
        ending: {
          status: check.status,
          summary: `413: body ${ctx.req.bodyBytes} bytes > ${formatBytes(check.maxBytes)}`,
          explanation,
        },
      };
    }
    case 'cors':
      return corsCheck(check, ctx);
    case 'deny':
      return {
        pass: false,
        ending: {
          status: check.status,
          summary: `${check.status}: location denied`,
          explanation: `The location is denied because ${check.reason}; ingress-nginx renders it as "return ${check.status}".`,
        },
      };
    case 'redirect':
      return {
        pass: false,
        ending: {
          status: check.status,
          redirect: check.location,
          headers: { Location: check.location },
          summary: `${check.status} → ${check.location}`,
          explanation: `An annotation makes this location answer ${check.status} with Location ${check.location} (the URL exactly as given; the request path is not appended).`,
        },
      };
    case 'corsPreflight': {
      if (ctx.req.method !== 'OPTIONS')
        return {
          pass: true,
          note: `CORS is enabled: responses carry Access-Control-Allow-Origin: ${check.origin}`,
        };
      const headers = {
        'Access-Control-Allow-Origin': check.origin,
        'Access-Control-Allow-Methods': check.methods,
        'Content-Length': '0',
      };
      return {
        pass: false,
        ending: {
          status: 204,
          headers,
          summary: '204: CORS preflight answered by the controller',
          explanation:
            'enable-cors makes nginx answer OPTIONS itself with 204 and the Access-Control-* headers; the pod never sees the preflight.',
        },
      };
    }
    case 'appRoot': {
      if (ctx.uri !== '/') return { pass: true };
      const location = `${ctx.scheme}://${ctx.req.hostHeader}${check.target}`;
      return {
        pass: false,
        ending: {
          status: 302,
          redirect: location,
          headers: { Location: location },
          summary: `302 → ${location} (app-root)`,
          explanation: `app-root sends a request for "/" to ${check.target} with a 302.`,
        },
      };
    }
    case 'httpsRedirect': {
      if (ctx.effectiveScheme !== 'http') return { pass: true };
      const host = hostWithoutPort(ctx.req.hostHeader);
      let uri = ctx.requestUri;
      if (!check.preserveTrailingSlash && uri.endsWith('/')) uri = uri.slice(0, -1);
      const location = `https://${host}${uri}`;
      const why =
        check.when === 'always'
          ? 'force-ssl-redirect is on, so every plain-HTTP request is redirected'
          : `the host has a TLS certificate configured, and ssl-redirect is on by default`;
      const loop = check.trustForwardedProto
        ? ''
        : ' If TLS is already ended in front of the controller (a TLS-offloading load balancer), this redirect loops forever unless use-forwarded-headers lets nginx trust X-Forwarded-Proto.';
      return {
        pass: false,
        ending: {
          status: check.status,
          redirect: location,
          headers: { Location: location },
          summary: `${check.status} → ${location}`,
          explanation: `The request is plain HTTP and ${why}: ingress-nginx answers ${check.status} to ${location}${check.preserveTrailingSlash ? '' : ' (a trailing slash is dropped unless preserve-trailing-slash is set)'}.${loop}`,
        },
      };
    }
    case 'rateLimit': {
      const exempt = inAny(check.exempt, ctx.clientAddress);
      if (exempt)
        return {
          pass: true,
          note: `limit-${check.unit} does not apply: ${ctx.clientAddress} is in limit-allowlist (${exempt})`,
        };
      return {
        pass: true,
        note: `limit_req ${check.rate} r/${check.unit === 'rps' ? 's' : 'm'}, burst ${check.burst} nodelay, per client address (${ctx.clientAddress}) per controller replica: a single request is within the limit; over it, nginx answers ${check.status}. Run a simulation to see it.`,
      };
    }
    case 'connectionLimit':
      return {
        pass: true,
        note: check.origin
          ? `${check.origin} allows ${check.max} requests in flight ${groupText(check, ctx.clientAddress)}: a single request is within it (over it: ${check.status})`
          : `limit_conn ${check.max} ${groupText(check, ctx.clientAddress)}: a single connection is within it (over it: ${check.status})`,
      };
    case 'schemeRedirect':
      return schemeRedirectCheck(check, ctx);
    case 'regexRedirect':
      return regexRedirectCheck(check, ctx);
    case 'requestRedirect':
      return requestRedirectCheck(check, ctx);
    case 'sourceRange':
      return sourceRangeCheck(check, ctx);
    case 'tokenBucket':
      return {
        pass: true,
        note: `${check.origin} lets ${check.average} request${check.average === 1 ? '' : 's'} per ${check.periodMs / 1000}s through ${groupText(check, ctx.clientAddress)}, ${check.burst} at once, per controller replica: a single request is within it; beyond it the answer is ${check.status}. Run a simulation to see it`,
      };
    case 'ipAccess': {
      const ip = ctx.clientAddress;
      const denied = inAny(check.deny, ip);
      if (!denied && (check.allow.length === 0 || inAny(check.allow, ip)))
        return { pass: true, note: `${ip} passes the source-range check` };
      // Without an origin the lists are ingress-nginx's source-range annotations, named as such.
      const list = (annotation: string, text: string): string =>
        check.origin ? text : `${annotation} (${text})`;
      const why = denied
        ? `${ip} is in ${list('denylist-source-range', denied)}`
        : `${ip} is not in ${list('allowlist-source-range', check.allow.map((c) => c.text).join(', '))}`;
      return {
        pass: false,
        ending: {
          status: check.status,
          summary: `${check.status}: ${ip} not allowed`,
          explanation: check.origin
            ? `${check.origin}: ${why}, so the answer is ${check.status} Forbidden.`
            : `${why}, so nginx answers ${check.status} Forbidden. The address checked is the one nginx sees: with externalTrafficPolicy: Cluster that is a node, and with use-forwarded-headers it comes from X-Forwarded-For.`,
        },
      };
    }
    case 'basicAuth': {
      const auth = header(ctx.req, 'Authorization');
      const realm = check.realm;
      const challenge = { 'WWW-Authenticate': `Basic realm="${realm}"` };
      if (!auth || !/^basic\s+/i.test(auth))
        return {
          pass: false,
          ending: {
            status: 401,
            headers: challenge,
            summary: '401: credentials required',
            explanation: `${check.origin ?? 'The location uses basic auth (auth-type: basic)'} and the request has no Authorization header: 401 with WWW-Authenticate: Basic realm="${realm}".`,
          },
        };
      const decoded = decodeBase64(auth.replace(/^basic\s+/i, '')) ?? '';
      const user = decoded.split(':')[0] ?? '';
      if (!check.users.includes(user))
        return {
          pass: false,
          ending: {
            status: 401,
            headers: challenge,
            summary: `401: unknown user "${user}"`,
            explanation: `The auth Secret has no user "${user}" (it has ${check.users.join(', ') || 'none'}): 401.`,
          },
        };
      return {
        pass: true,
        note: `user "${user}" is in the auth Secret (routelab does not check the password hash)`,
      };
    }
  }
}

/**
 * The client address as Traefik's ip strategies pick it ([TRF] pkg/ip/strategy.go):
 * the connection's peer, or with `depth` the entry that far from the right of
 * X-Forwarded-For (none when the header is shorter), or the rightmost entry not in
 * `excluded`.
 */
function sourceRangeCheck(
  check: Extract<RouteCheck, { kind: 'sourceRange' }>,
  ctx: CheckContext,
): CheckResult {
  const xff = (check.trustForwardedFor ? (header(ctx.req, 'X-Forwarded-For') ?? '') : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let address = ctx.clientAddress;
  let how = "the connection's peer address";
  if (check.depth !== undefined && check.depth > 0) {
    address = xff.length >= check.depth ? (xff[xff.length - check.depth] ?? '') : '';
    how = `X-Forwarded-For at depth ${check.depth}${check.trustForwardedFor ? '' : " (empty: the entry point does not trust the client's X-Forwarded-For, so Traefik dropped it)"}`;
  } else if (check.excluded.length > 0) {
    address = [...xff].reverse().find((ip) => !inAny(check.excluded, ip)) ?? '';
    how = 'the rightmost X-Forwarded-For address not excluded';
  }
  const allowed = address ? inAny(check.allow, address) : undefined;
  if (allowed) return { pass: true, note: `${check.origin}: ${address} (${how}) is in ${allowed}` };
  return {
    pass: false,
    ending: {
      status: check.status,
      summary: `${check.status}: ${address || 'no address'} not allowed`,
      explanation: `${check.origin} checks ${how}${address ? `, ${address},` : ', which the request does not have,'} against ${check.allow.map((c) => c.text).join(', ')}: it is not in the list, so the answer is ${check.status}${check.status === 403 ? ' Forbidden' : ''}.`,
    },
  };
}

/** Whose requests count together against a limit, for the trace's note. */
function groupText(
  check: Extract<RouteCheck, { kind: 'tokenBucket' | 'connectionLimit' }>,
  client: string,
): string {
  switch (check.by) {
    case 'ip':
      return `per client address (${client})`;
    case 'host':
      return 'per Host header value';
    case 'header':
      return `per ${check.header ?? ''} header value`;
    case 'all':
      return 'for all requests together';
  }
}
