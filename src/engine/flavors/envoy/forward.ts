/**
 * What Envoy sends upstream and which client address it believes, with the settings
 * Gateway controllers use: `use_remote_address: true` and `xff_num_trusted_hops: 0`
 * ([ENVOY] config/http/http_conn_man/headers "x-forwarded-for": with use_remote_address
 * Envoy appends the downstream address to X-Forwarded-For and treats it as the client;
 * x-forwarded-proto is set to the downstream scheme; x-request-id is generated when
 * absent; x-envoy-external-address carries the trusted client address). The Host header
 * is passed unchanged unless the route rewrites it.
 */
import type { ForwardingContext, ForwardingResult } from '../../model/family.js';
import { header } from '../../model/request.js';
import type { ForwardingPolicy } from '../../model/routeTable.js';

/** The forwarding settings above, as every Envoy route's policy carries them. */
export const ENVOY_FORWARDING: ForwardingPolicy = {
  trustForwardedHeaders: false,
  computeFullForwardedFor: true,
  forwardedForHeader: 'X-Forwarded-For',
  realIpFrom: [],
  backendProtocol: 'HTTP',
};

export function envoyForward(ctx: ForwardingContext): ForwardingResult {
  const headers: Record<string, string> = {};
  for (const [k, v] of ctx.requestHeaders) {
    const lower = k.toLowerCase();
    if (lower === 'host' || lower === 'connection' || lower === 'keep-alive') continue;
    headers[k] = headers[k] === undefined ? v : `${headers[k]},${v}`;
  }
  const set = (name: string, value: string): void => {
    for (const k of Object.keys(headers))
      if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
    headers[name] = value;
  };
  const notes: string[] = [];
  const incomingXff = header({ headers: ctx.requestHeaders }, 'X-Forwarded-For');
  const action = ctx.route.action;
  const upstreamHost = action.kind === 'forward' ? action.upstreamHost : undefined;
  set('Host', upstreamHost ?? ctx.hostHeader);
  if (upstreamHost && upstreamHost !== ctx.hostHeader)
    // Envoy Gateway sets append_x_forwarded_host when it rewrites the host
    // (internal/xds/translator/route.go buildXdsURLRewriteAction: AppendXForwardedHost = true).
    set('X-Forwarded-Host', ctx.hostHeader);
  set('X-Forwarded-For', incomingXff ? `${incomingXff},${ctx.peerAddress}` : ctx.peerAddress);
  set('X-Forwarded-Proto', ctx.scheme);
  set('X-Envoy-External-Address', ctx.peerAddress);
  if (header({ headers: ctx.requestHeaders }, 'X-Request-Id') === undefined)
    set('X-Request-Id', ctx.requestId);
  if (incomingXff)
    notes.push(
      `Envoy keeps the client's X-Forwarded-For (${incomingXff}) and appends ${ctx.peerAddress}; with xff_num_trusted_hops 0 it trusts only the address it sees`,
    );
  return { clientAddress: ctx.peerAddress, effectiveScheme: ctx.scheme, headers, notes };
}
