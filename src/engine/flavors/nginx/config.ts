/**
 * The ingress-nginx ConfigMap: global defaults that annotations may override.
 * Defaults are `NewDefault()` in [INX] internal/ingress/controller/config/config.go
 * (controller v1.15.1); semantics.md B5.
 */
import type { Diagnostic } from '../../model/diagnostics.js';
import type { ConfigMap } from '../../model/resources.js';
import { parseCidrList } from '../../util/net.js';
import { parseNginxSize, parseNginxTimeMs } from '../../util/units.js';

export interface NginxConfig {
  readonly proxyConnectTimeoutMs: number;
  readonly proxyReadTimeoutMs: number;
  readonly proxySendTimeoutMs: number;
  readonly proxyBodySize: string;
  readonly proxyNextUpstream: readonly string[];
  readonly proxyNextUpstreamTries: number;
  readonly proxyNextUpstreamTimeoutMs: number;
  readonly retryNonIdempotent: boolean;
  readonly loadBalance: 'round_robin' | 'ewma';
  readonly upstreamHashBy?: string;
  readonly limitReqStatusCode: number;
  readonly limitConnStatusCode: number;
  readonly sslRedirect: boolean;
  readonly forceSslRedirect: boolean;
  readonly httpRedirectCode: number;
  readonly noTlsRedirectLocations: readonly string[];
  readonly useForwardedHeaders: boolean;
  readonly computeFullForwardedFor: boolean;
  readonly forwardedForHeader: string;
  readonly proxyRealIpCidr: string;
  readonly hsts: boolean;
  readonly hstsMaxAge: string;
  readonly hstsIncludeSubdomains: boolean;
  readonly upstreamKeepaliveConnections: number;
  readonly upstreamKeepaliveTimeoutMs: number;
  readonly keepAliveMs: number;
  readonly serviceUpstream: boolean;
  readonly allowSnippetAnnotations: boolean;
  readonly strictValidatePathType: boolean;
  readonly whitelistSourceRange: string;
  readonly denylistSourceRange: string;
  readonly customHttpErrors: readonly number[];
  readonly workerShutdownTimeoutMs: number;
}

export const NGINX_DEFAULTS: NginxConfig = {
  proxyConnectTimeoutMs: 5_000,
  proxyReadTimeoutMs: 60_000,
  proxySendTimeoutMs: 60_000,
  proxyBodySize: '1m',
  proxyNextUpstream: ['error', 'timeout'],
  proxyNextUpstreamTries: 3,
  proxyNextUpstreamTimeoutMs: 0,
  retryNonIdempotent: false,
  loadBalance: 'round_robin',
  limitReqStatusCode: 503,
  limitConnStatusCode: 503,
  sslRedirect: true,
  forceSslRedirect: false,
  // The configmap.md text for ssl-redirect still says 301; the code uses http-redirect-code = 308.
  httpRedirectCode: 308,
  noTlsRedirectLocations: ['/.well-known/acme-challenge'],
  useForwardedHeaders: false,
  computeFullForwardedFor: false,
  forwardedForHeader: 'X-Forwarded-For',
  proxyRealIpCidr: '0.0.0.0/0',
  hsts: true,
  hstsMaxAge: '31536000',
  hstsIncludeSubdomains: true,
  upstreamKeepaliveConnections: 320,
  upstreamKeepaliveTimeoutMs: 60_000,
  keepAliveMs: 75_000,
  serviceUpstream: false,
  allowSnippetAnnotations: false,
  strictValidatePathType: true,
  whitelistSourceRange: '',
  denylistSourceRange: '',
  customHttpErrors: [],
  workerShutdownTimeoutMs: 240_000,
};

const HTTP_REDIRECT_CODES = [301, 302, 307, 308];

const configCache = new WeakMap<ConfigMap, { config: NginxConfig; diagnostics: Diagnostic[] }>();

/** Reads the ConfigMap once per object: the result's identity lets later stages cache by it. */
export function readNginxConfig(cm: ConfigMap | undefined, diagnostics: Diagnostic[]): NginxConfig {
  if (!cm) return NGINX_DEFAULTS;
  const hit = configCache.get(cm);
  if (hit) {
    diagnostics.push(...hit.diagnostics);
    return hit.config;
  }
  const own: Diagnostic[] = [];
  const config = parseNginxConfig(cm, own);
  configCache.set(cm, { config, diagnostics: own });
  diagnostics.push(...own);
  return config;
}

function parseNginxConfig(cm: ConfigMap, diagnostics: Diagnostic[]): NginxConfig {
  const data = cm.data;
  const bad = (key: string, why: string): void => {
    diagnostics.push({
      code: 'RL502',
      severity: 'warning',
      message: `ConfigMap key ${key}: ${why}; ingress-nginx keeps its default.`,
      source: cm.locate(['data', key]),
    });
  };
  const seconds = (key: string, fallback: number): number => {
    const v = data[key];
    if (v === undefined) return fallback;
    const ms = parseNginxTimeMs(v);
    if (ms === undefined) {
      bad(key, `"${v}" is not a time (seconds, or nginx units like 30s or 5m)`);
      return fallback;
    }
    return ms;
  };
  const int = (key: string, fallback: number, allowed?: readonly number[]): number => {
    const v = data[key];
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v.trim())) {
      bad(key, `"${v}" is not a whole number`);
      return fallback;
    }
    const n = Number(v);
    if (allowed && !allowed.includes(n)) {
      bad(key, `${n} is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = data[key];
    if (v === undefined) return fallback;
    // Go's strconv.ParseBool, which ReadConfig uses through mapstructure's weak decoding.
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
    bad(key, `"${v}" is not true or false`);
    return fallback;
  };
  const str = (key: string, fallback: string): string => data[key] ?? fallback;
  const bodySize = str('proxy-body-size', NGINX_DEFAULTS.proxyBodySize);
  if (parseNginxSize(bodySize) === undefined)
    bad('proxy-body-size', `"${bodySize}" is not an nginx size such as 8m`);
  const lb = str('load-balance', 'round_robin');
  if (lb !== 'round_robin' && lb !== 'ewma')
    bad('load-balance', `"${lb}" is not round_robin or ewma`);
  for (const key of ['proxy-real-ip-cidr', 'whitelist-source-range', 'denylist-source-range']) {
    const v = data[key];
    if (v !== undefined) {
      const { invalid } = parseCidrList(v);
      if (invalid.length > 0) bad(key, `not a CIDR: ${invalid.join(', ')}`);
    }
  }
  const hashBy = data['upstream-hash-by'];
  return {
    proxyConnectTimeoutMs: seconds('proxy-connect-timeout', NGINX_DEFAULTS.proxyConnectTimeoutMs),
    proxyReadTimeoutMs: seconds('proxy-read-timeout', NGINX_DEFAULTS.proxyReadTimeoutMs),
    proxySendTimeoutMs: seconds('proxy-send-timeout', NGINX_DEFAULTS.proxySendTimeoutMs),
    proxyBodySize: parseNginxSize(bodySize) === undefined ? NGINX_DEFAULTS.proxyBodySize : bodySize,
    proxyNextUpstream: (data['proxy-next-upstream'] ?? 'error timeout')
      .split(/\s+/)
      .filter(Boolean),
    proxyNextUpstreamTries: int('proxy-next-upstream-tries', NGINX_DEFAULTS.proxyNextUpstreamTries),
    proxyNextUpstreamTimeoutMs: seconds('proxy-next-upstream-timeout', 0),
    retryNonIdempotent: bool('retry-non-idempotent', false),
    loadBalance: lb === 'ewma' ? 'ewma' : 'round_robin',
    ...(hashBy ? { upstreamHashBy: hashBy } : {}),
    limitReqStatusCode: int('limit-req-status-code', 503),
    limitConnStatusCode: int('limit-conn-status-code', 503),
    sslRedirect: bool('ssl-redirect', true),
    forceSslRedirect: bool('force-ssl-redirect', false),
    httpRedirectCode: int('http-redirect-code', 308, HTTP_REDIRECT_CODES),
    noTlsRedirectLocations: str('no-tls-redirect-locations', '/.well-known/acme-challenge')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    useForwardedHeaders: bool('use-forwarded-headers', false),
    computeFullForwardedFor: bool('compute-full-forwarded-for', false),
    forwardedForHeader: str('forwarded-for-header', 'X-Forwarded-For'),
    proxyRealIpCidr: str('proxy-real-ip-cidr', '0.0.0.0/0'),
    hsts: bool('hsts', true),
    hstsMaxAge: str('hsts-max-age', '31536000'),
    hstsIncludeSubdomains: bool('hsts-include-subdomains', true),
    upstreamKeepaliveConnections: int('upstream-keepalive-connections', 320),
    upstreamKeepaliveTimeoutMs: seconds('upstream-keepalive-timeout', 60_000),
    keepAliveMs: seconds('keep-alive', 75_000),
    serviceUpstream: bool('service-upstream', false),
    allowSnippetAnnotations: bool('allow-snippet-annotations', false),
    strictValidatePathType: bool('strict-validate-path-type', true),
    whitelistSourceRange: str('whitelist-source-range', ''),
    denylistSourceRange: str('denylist-source-range', ''),
    customHttpErrors: (data['custom-http-errors'] ?? '')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0),
    workerShutdownTimeoutMs: seconds('worker-shutdown-timeout', 240_000),
  };
}
