/**
 * What ingress-nginx sends to the pod ([INX-TPL] the location's proxy_set_header lines;
 * lua_ingress.lua rewrite) and which client address it believes (realip module with
 * use-forwarded-headers: real_ip_header X-Forwarded-For, real_ip_recursive on,
 * set_real_ip_from proxy-real-ip-cidr, which trusts every address by default).
 */
import type { ForwardingContext, ForwardingResult } from '../../model/family.js';
import { header } from '../../model/request.js';
import { cidrContains, parseCidr } from '../../util/net.js';

export function nginxForward(ctx: ForwardingContext): ForwardingResult {
  const f = ctx.route.policy.forwarding;
  const notes: string[] = [];
  const incomingXff = header({ headers: ctx.requestHeaders }, f.forwardedForHeader);
  let remoteAddr = ctx.peerAddress;
  const trusted =
    f.trustForwardedHeaders && incomingXff
      ? f.realIpFrom.map((c) => parseCidr(c.text)).filter((c) => c !== undefined)
      : [];
  if (
    f.trustForwardedHeaders &&
    incomingXff &&
    trusted.some((c) => cidrContains(c, ctx.peerAddress))
  ) {
    // real_ip_recursive: walk right to left, skipping trusted addresses.
    const chain = incomingXff
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    let chosen = chain[0] ?? remoteAddr;
    for (let i = chain.length - 1; i >= 0; i--) {
      const ip = chain[i] ?? '';
      if (!trusted.some((c) => cidrContains(c, ip))) {
        chosen = ip;
        break;
      }
    }
    remoteAddr = chosen;
    notes.push(
      `use-forwarded-headers is on, so nginx takes the client address from ${f.forwardedForHeader}: ${remoteAddr}` +
        (f.realIpFrom.some((c) => c.text === '0.0.0.0/0')
          ? ' (proxy-real-ip-cidr trusts every address, so any client can claim any IP)'
          : ''),
    );
  }
  const hostNoPort = ctx.hostHeader;
  let bestHost = hostNoPort;
  let scheme: string = ctx.scheme;
  let port = String(ctx.serverPort);
  if (f.trustForwardedHeaders) {
    const proto = header({ headers: ctx.requestHeaders }, 'X-Forwarded-Proto');
    if (proto) {
      scheme = proto;
      if (proto !== ctx.scheme)
        notes.push(
          `X-Forwarded-Proto: ${proto} is trusted (use-forwarded-headers), so nginx treats the request as ${proto}`,
        );
    }
    const fport = header({ headers: ctx.requestHeaders }, 'X-Forwarded-Port');
    if (fport) port = fport;
    const fhost = header({ headers: ctx.requestHeaders }, 'X-Forwarded-Host');
    if (fhost) bestHost = fhost.split(',')[0]?.trim() ?? bestHost;
  }
  const xff =
    f.trustForwardedHeaders && f.computeFullForwardedFor && incomingXff
      ? `${incomingXff}, ${ctx.peerAddress}`
      : remoteAddr;
  const headers: Record<string, string> = {};
  for (const [k, v] of ctx.requestHeaders) {
    const lower = k.toLowerCase();
    if (lower === 'host' || lower === 'proxy' || lower === 'connection') continue;
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  const action = ctx.route.action;
  const set = (name: string, value: string): void => {
    for (const k of Object.keys(headers))
      if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
    headers[name] = value;
  };
  set('Host', action.kind === 'forward' && action.upstreamHost ? action.upstreamHost : bestHost);
  set('X-Request-ID', ctx.requestId);
  set('X-Real-IP', remoteAddr);
  set('X-Forwarded-For', xff);
  set('X-Forwarded-Host', bestHost);
  set('X-Forwarded-Port', port);
  set('X-Forwarded-Proto', scheme);
  set('X-Forwarded-Scheme', scheme);
  set('X-Scheme', scheme);
  set('X-Original-URI', ctx.requestUri);
  if (incomingXff) set('X-Original-Forwarded-For', incomingXff);
  if (f.xForwardedPrefix) set('X-Forwarded-Prefix', f.xForwardedPrefix);
  if (!f.trustForwardedHeaders && incomingXff)
    notes.push(
      `the client's own ${f.forwardedForHeader} (${incomingXff}) is replaced, not appended to: use-forwarded-headers is off`,
    );
  return { clientAddress: remoteAddr, effectiveScheme: scheme, headers, notes };
}
