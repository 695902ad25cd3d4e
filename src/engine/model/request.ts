/** The request a user sends, as curl would send it. */

export interface ResolveOverride {
  /** curl --resolve HOST:PORT:ADDRESS */
  readonly host: string;
  readonly port: number;
  readonly address: string;
}

export interface RequestSpec {
  /** As curl takes it: https://shop.example.com/api?x=1, or http://203.0.113.10/ with a Host header. */
  readonly url: string;
  readonly method?: string;
  /** In order; names as given. A `Host` header overrides the URL's host for routing, not for SNI. */
  readonly headers?: readonly (readonly [string, string])[];
  /** The client's own address, as the cloud load balancer sees it. Default 198.51.100.23. */
  readonly clientIp?: string;
  /** Request body size in bytes (sent as Content-Length). */
  readonly bodyBytes?: number;
  readonly resolve?: readonly ResolveOverride[];
  /** curl -k: continue when the server certificate does not verify. */
  readonly insecure?: boolean;
}

export const DEFAULT_CLIENT_IP = '198.51.100.23';

/** A request after parsing: what goes on the wire. */
export interface WireRequest {
  readonly scheme: 'http' | 'https';
  /** Host as written in the URL (a name or an address). */
  readonly urlHost: string;
  readonly port: number;
  readonly method: string;
  /** Path as sent, percent-encoding untouched. */
  readonly path: string;
  /** Query string without `?`; '' when none. */
  readonly query: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The Host header value (from -H Host or the URL). */
  readonly hostHeader: string;
  /** TLS SNI: the URL's host name (or the --resolve name); absent for an address. */
  readonly sni?: string;
  readonly clientIp: string;
  readonly bodyBytes: number;
  readonly insecure: boolean;
}

export function header(
  req: { headers: readonly (readonly [string, string])[] },
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of req.headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}
